#pragma once
// Activation taps. LibTorch has no forward hooks, so the tappable modules in
// zcnas/net/modules.hpp record into a TapSlot owned by the Network; a proxy asks for the
// tensors it needs with a TapRequest (usually through ProbeContext::pass).

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace zcnas {

// Which tensors a site keeps during forward (and backward, for the gradients).
struct TapConfig {
  bool inputs = false;        // the tensor entering the site (pre-activation for ReLU/GELU)
  bool outputs = false;       // the tensor leaving it (post-activation)
  bool input_grads = false;   // dLoss/d(input), captured during backward
  bool output_grads = false;  // dLoss/d(output), captured during backward

  bool any() const noexcept { return inputs || outputs || input_grads || output_grads; }
  bool any_grad() const noexcept { return input_grads || output_grads; }
  bool covers(const TapConfig& other) const noexcept {
    return (inputs || !other.inputs) && (outputs || !other.outputs) &&
           (input_grads || !other.input_grads) && (output_grads || !other.output_grads);
  }
  TapConfig merged(const TapConfig& other) const noexcept {
    return {inputs || other.inputs, outputs || other.outputs, input_grads || other.input_grads,
            output_grads || other.output_grads};
  }
};

// Taps are set separately for activation sites (ReLU, GELU) and weighted layers (Conv2d, Linear).
struct TapRequest {
  TapConfig activations;
  TapConfig layers;
  bool covers(const TapRequest& o) const noexcept {
    return activations.covers(o.activations) && layers.covers(o.layers);
  }
  TapRequest merged(const TapRequest& o) const noexcept {
    return {activations.merged(o.activations), layers.merged(o.layers)};
  }
};

// What one site recorded in the last forward/backward. Tensors are detached; a tensor
// that was not requested is undefined. Shapes are always recorded (they cost nothing and
// FLOP counting needs them).
struct TapSlot {
  at::Tensor input;
  at::Tensor output;
  at::Tensor input_grad;
  at::Tensor output_grad;
  std::vector<std::int64_t> input_shape;
  std::vector<std::int64_t> output_shape;

  void clear_tensors() {
    input = at::Tensor();
    output = at::Tensor();
    input_grad = at::Tensor();
    output_grad = at::Tensor();
  }
  void clear() {
    clear_tensors();
    input_shape.clear();
    output_shape.clear();
  }
};

}  // namespace zcnas
