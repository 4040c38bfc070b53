#pragma once
// Per-layer statistics of weight gradients across mini-batches (ZiCo, L-SWAG's Lambda and
// its layer-window analysis), header-only so plugins and the zcnas tools share one
// definition. Each batch's gradient is its own (from the shared cross-entropy pass of
// batches 0..B-1); statistics are population moments over the B gradients, in float64.

#include <ATen/ATen.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "zcnas/error.hpp"
#include "zcnas/probe/context.hpp"

namespace zcnas::gradients {

struct LayerGradientStats {
  int depth = 0;                 // the layer's WeightedLayer::depth
  bool on_path = false;          // false: the loss does not reach the layer (no gradient)
  std::int64_t weights = 0;      // entries of the weight
  std::int64_t kept = 0;         // entries with a non-zero spread (the others are dropped)
  double sum_inverse_sigma = 0;  // sum over kept w of 1 / sigma_w
  double sum_mean_over_sigma = 0;  // sum over kept w of mean_b |g_w| / sigma_w (ZiCo's term)
  double mean_sigma = 0;         // mean over kept w of sigma_w
};

// The request every user of these statistics shares, so one pass per batch serves them all.
inline PassRequest weight_gradient_request() {
  PassRequest r;
  r.objective = PassObjective::cross_entropy;
  r.weight_grads = true;
  return r;
}

// Sum over the layers the loss reaches of f(dL/dW, W), both float64, from the shared
// cross-entropy pass on batch 0 (plain, snip and the like differ only in f). An f that
// returns a (0-d) tensor keeps the sum on the device, with one transfer at the end; an f
// that returns a double is summed on the host (a device sync per layer).
template <typename PerLayer>
Expected<double> sum_over_layers(ProbeContext& ctx, PerLayer f) {
  auto pass = ctx.pass(0, weight_gradient_request());
  if (!pass) return std::move(pass).error();
  using Term = std::decay_t<decltype(f(std::declval<const at::Tensor&>(), std::declval<const at::Tensor&>()))>;
  at::Tensor device_sum;
  double host_sum = 0;
  for (const auto& layer : ctx.network().layers()) {
    const at::Tensor& g = (*pass)->weight_grads[layer.depth];
    if (!g.defined()) continue;  // a layer off the loss's path contributes nothing
    const Term term = f(g.to(at::kDouble), layer.weight.detach().to(at::kDouble));
    if constexpr (std::is_same_v<Term, at::Tensor>)
      device_sum = device_sum.defined() ? device_sum + term : term;
    else
      host_sum += static_cast<double>(term);
  }
  if constexpr (std::is_same_v<Term, at::Tensor>) return device_sum.defined() ? device_sum.item<double>() : 0.0;
  return host_sum;
}

// sigma_w is the standard deviation over batches of |g_w| when `of_magnitude` (L-SWAG's
// formula), else of g_w (ZiCo's code).
inline Expected<std::vector<LayerGradientStats>> layer_gradient_stats(ProbeContext& ctx, std::int64_t batches,
                                                                     bool of_magnitude) {
  if (batches < 2) return Error(ErrorKind::proxy, "gradient statistics need >= 2 batches");
  if (static_cast<std::int64_t>(ctx.batch_count()) < batches)
    return Error(ErrorKind::proxy, "needs " + std::to_string(batches) + " batches for its gradient statistics, the run has " +
                                       std::to_string(ctx.batch_count()));
  // ZiCo, L-SWAG and each of L-SWAG's variants read the same statistics: computed once per
  // network, shared through the context (7 numbers per layer).
  const std::string key = "layer_gradient_stats/" + std::to_string(batches) + (of_magnitude ? "/abs" : "/signed");
  constexpr std::size_t kFields = 7;
  if (const std::vector<double>* shared = ctx.shared_values(key)) {
    std::vector<LayerGradientStats> out(shared->size() / kFields);
    for (std::size_t i = 0; i < out.size(); ++i) {
      const double* v = shared->data() + i * kFields;
      out[i] = {static_cast<int>(v[0]), v[1] != 0, static_cast<std::int64_t>(v[2]), static_cast<std::int64_t>(v[3]),
                v[4], v[5], v[6]};
    }
    return out;
  }
  const auto& layers = ctx.network().layers();
  std::vector<std::vector<at::Tensor>> grads(layers.size());
  for (std::int64_t b = 0; b < batches; ++b) {
    auto pass = ctx.pass(static_cast<std::size_t>(b), weight_gradient_request());
    if (!pass) return std::move(pass).error();
    for (const auto& layer : layers) grads[layer.depth].push_back((*pass)->weight_grads[layer.depth]);
  }
  // Each layer's four sums stay on the device; one transfer brings them all back.
  std::vector<LayerGradientStats> out(layers.size());
  std::vector<std::size_t> on_path;
  std::vector<at::Tensor> sums;
  for (const auto& layer : layers) {
    LayerGradientStats& s = out[layer.depth];
    s.depth = layer.depth;
    s.weights = layer.weight.numel();
    const auto& per_batch = grads[layer.depth];
    if (!per_batch.front().defined()) continue;
    s.on_path = true;
    at::Tensor sd, mean_abs;
    if (per_batch.size() == 2) {
      // Two batches (the default): the spread of two values is half their distance, and
      // elementwise arithmetic avoids stacking and reducing over a dimension of 2, which on a
      // 50M-weight decoder took 8 s of the statistics' 9.
      const at::Tensor a = per_batch[0].reshape(-1).to(at::kDouble), b = per_batch[1].reshape(-1).to(at::kDouble);
      const at::Tensor abs_a = a.abs(), abs_b = b.abs();
      sd = (of_magnitude ? abs_a - abs_b : a - b).abs_().mul_(0.5);
      mean_abs = (abs_a + abs_b).mul_(0.5);
    } else {
      std::vector<at::Tensor> flat;
      for (const auto& g : per_batch) flat.push_back(g.reshape(-1).to(at::kDouble));
      const at::Tensor g = at::stack(flat);
      sd = (of_magnitude ? g.abs() : g).std(0, /*unbiased=*/false);
      mean_abs = g.abs().mean(0);
    }
    const at::Tensor keep = sd > 0;
    // Dropped entries count as 0 (where() never reads the inf or NaN of their quotients).
    const at::Tensor zero = at::zeros({}, sd.options());
    sums.push_back(at::stack({keep.sum().to(at::kDouble), at::where(keep, sd.reciprocal(), zero).sum(),
                              at::where(keep, mean_abs / sd, zero).sum(), at::where(keep, sd, zero).sum()}));
    on_path.push_back(static_cast<std::size_t>(layer.depth));
  }
  if (!sums.empty()) {
    const at::Tensor host = at::stack(sums).to(at::kCPU);
    const auto rows = host.accessor<double, 2>();
    for (std::size_t i = 0; i < on_path.size(); ++i) {
      LayerGradientStats& s = out[on_path[i]];
      s.kept = static_cast<std::int64_t>(rows[static_cast<std::int64_t>(i)][0]);
      if (s.kept == 0) continue;
      s.sum_inverse_sigma = rows[static_cast<std::int64_t>(i)][1];
      s.sum_mean_over_sigma = rows[static_cast<std::int64_t>(i)][2];
      s.mean_sigma = rows[static_cast<std::int64_t>(i)][3] / static_cast<double>(s.kept);
    }
  }
  std::vector<double> flat;
  flat.reserve(out.size() * kFields);
  for (const auto& s : out)
    flat.insert(flat.end(), {static_cast<double>(s.depth), s.on_path ? 1.0 : 0.0, static_cast<double>(s.weights),
                             static_cast<double>(s.kept), s.sum_inverse_sigma, s.sum_mean_over_sigma, s.mean_sigma});
  ctx.share_values(key, std::move(flat));
  return out;
}

// L-SWAG's depth-percentile bin of layer `depth` (0-based) of `layer_count`:
// floor((l / D) * 100 / (100 / B)) = floor(l * B / D), in 0..B-1.
inline int percentile_bin(int depth, int layer_count, int bins) {
  if (layer_count <= 0 || bins <= 0) return 0;
  return static_cast<int>((static_cast<std::int64_t>(depth) * bins) / layer_count);
}

}  // namespace zcnas::gradients
