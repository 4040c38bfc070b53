#pragma once
// What a proxy needs from the shared forward/backward pass. Declared in a proxy's
// metadata so the runner can plan one pass per batch that serves every proxy; also
// passed to ProbeContext::pass() by the proxy itself. Torch-free on purpose: metadata
// includes it.

#include <cstdint>

#include "zcnas/net/tap_request.hpp"

namespace zcnas {

// What the backward pass differentiates.
enum class PassObjective : std::uint8_t {
  cross_entropy,  // loss(logits, labels): grad_norm, snip, fisher, zico, ...
  output_sum,     // sum of the logits: input Jacobians (jacov, epe_nas)
};

struct PassRequest {
  PassObjective objective = PassObjective::cross_entropy;
  bool backward = false;      // run backward at all
  bool weight_grads = false;  // keep dL/dW of every weighted layer
  bool input_grad = false;    // keep d(objective)/d(input) (the per-sample Jacobian of output_sum)
  TapRequest taps;            // activation and layer taps to keep
  // Keep the forward graph and the objective attached to it after the backward, for one later
  // differentiable backward over the same forward (GraSP's Hessian-gradient product saves its
  // own forward that way): ProbeContext::take_graph hands it over and forgets it. Planned, it
  // applies to the pass on batch 0 only (the batch such proxies use), so a proxy's later
  // batches (ZiCo's) do not hold graphs nobody takes.
  bool keep_graph = false;

  bool needs_backward() const noexcept {
    return backward || weight_grads || input_grad || taps.activations.any_grad() || taps.layers.any_grad();
  }
  // True when a pass computed for *this also serves `other`.
  bool covers(const PassRequest& other) const noexcept {
    return objective == other.objective && (needs_backward() || !other.needs_backward()) &&
           (weight_grads || !other.weight_grads) && (input_grad || !other.input_grad) &&
           (keep_graph || !other.keep_graph) && taps.covers(other.taps);
  }
  // The union of two requests with the same objective.
  PassRequest merged(const PassRequest& o) const noexcept {
    PassRequest r = *this;
    r.backward = backward || o.backward;
    r.weight_grads = weight_grads || o.weight_grads;
    r.input_grad = input_grad || o.input_grad;
    r.keep_graph = keep_graph || o.keep_graph;
    r.taps = taps.merged(o.taps);
    return r;
  }
};

}  // namespace zcnas
