#pragma once
// AZ-NAS (Lee & Ham, CVPR 2024): expressivity, progressivity and trainability, the three
// scores it reads from the feature maps at the network's block boundaries, computed together
// from one forward as its code does (cvlab-yonsei/AZ-NAS, NB201/ZeroShotProxy/
// compute_az_nas_score.py, commit 5e6683a2cfa5c6d0dc34a1317a842497ba7eae47). Shared by the
// az_expressivity, az_progressivity and az_trainability plugins: whichever runs first computes
// all three and leaves them in the context for the others. Internal to proxies/.
//
// The protocol, as that file and NB201/tss_general.ipynb run it: weights redrawn Kaiming normal
// (fan-in, ReLU gain; biases 0; BatchNorm weight 1, bias 0), BatchNorm in training mode, one
// batch of N(0, 1) inputs of the scored batch's shape (AZ-NAS draws Gaussian inputs for its own
// proxy, real images only for the others). The features f_0..f_L are what the network's
// forward_blocks() hands out: on NAS-Bench-201 the stem's output and the 17 cell and reduction
// block outputs, as TinyNetwork.extract_cell_features.
//   expressivity  = sum_l H(f_l), H the entropy of the normalised eigenvalues of the covariance
//                   of f_l's channels over batch and positions (+1e-8 inside the log, as theirs)
//   progressivity = min_l H(f_l) - H(f_{l-1})
//   trainability  = mean over blocks l of 2 - s - 1/(s + 1e-6), s the largest singular value of
//                   E[g_in g_out^T] with g_out Rademacher noise at f_l and g_in = its
//                   vector-Jacobian product at f_{l-1} (pixel-unshuffled to f_l's positions
//                   across a stride); a block whose g_in equals g_out (the identity) scores -inf
// A NaN in any of them becomes -inf, as AZ-NAS turns it. The covariance, its eigenvalues and the
// singular values are taken in the network's dtype, float32 by default, as theirs: there a
// rank-deficient map (a cell of pooling and skips only) can come out with an eigenvalue below
// -1e-8 of the trace, its entropy NaN and the network -inf, an accident of precision that ranks
// such cells last (on the first 100 cells of bench/lswag/nb201_sample_1000.txt AZ-NAS's own code
// does so for 11 cells, float64 for 5: the dead ones). `float64 = true` takes them in float64.
// Token maps (B x N x E, the ViT spaces) are read with the tokens as positions.

#include <ATen/ATen.h>
#include <torch/autograd.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <zcnas/net/modules.hpp>
#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/weight_snapshot.hpp>

namespace zcnas::az_nas {

struct Scores {
  double expressivity = 0, progressivity = 0, trainability = 0;
};

namespace detail {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

inline double or_minus_infinity(double v) { return std::isnan(v) ? kMinusInfinity : v; }

// Rows are positions (batch x spatial, or batch x tokens), columns channels.
inline Expected<at::Tensor> positions_by_channels(const at::Tensor& f) {
  if (f.dim() == 4) return f.permute({0, 2, 3, 1}).reshape({-1, f.size(1)});
  if (f.dim() == 3) return f.reshape({-1, f.size(2)});
  return Error(ErrorKind::proxy, "a block boundary's feature map has " + std::to_string(f.dim()) +
                                     " dimensions; AZ-NAS reads 4-D maps (N x C x H x W) or 3-D tokens (N x T x E)");
}

// H of the normalised eigenvalues of the channel covariance, a 0-d tensor of `dtype`.
inline Expected<at::Tensor> spectral_entropy(const at::Tensor& feature, at::ScalarType dtype) {
  auto rows = positions_by_channels(feature.detach());
  if (!rows) return rows;
  at::Tensor x = rows->to(dtype);
  x = x - x.mean(0, /*keepdim=*/true);
  const at::Tensor sigma = at::matmul(x.t(), x) / static_cast<double>(x.size(0));
  const at::Tensor s = at::linalg_eigvalsh(sigma);
  const at::Tensor p = s / s.sum();
  return (-p * at::log(p + 1e-8)).sum();
}

// 2 - s - 1/(s + 1e-6) of the block between f_in and f_out, as a 0-d tensor of `dtype`; -inf
// when the block passes the noise through unchanged.
inline Expected<at::Tensor> block_trainability(const at::Tensor& f_in, const at::Tensor& f_out, at::Generator& gen,
                                               at::ScalarType dtype) {
  const at::Tensor half = at::full(f_out.sizes(), 0.5, at::TensorOptions().dtype(at::kFloat));
  const at::Tensor g_out = ((at::bernoulli(half, gen) - 0.5) * 2).to(f_out.options());
  auto grads = torch::autograd::grad({f_out}, {f_in}, {g_out}, /*retain_graph=*/true, /*create_graph=*/false,
                                     /*allow_unused=*/true);
  at::Tensor g_in = grads[0].defined() ? grads[0] : at::zeros_like(f_in);
  if (g_in.sizes() == g_out.sizes() && at::equal(g_in, g_out))
    return at::full({}, kMinusInfinity, at::TensorOptions().dtype(dtype).device(f_out.device()));
  if (f_in.dim() != f_out.dim())
    return Error(ErrorKind::proxy, "two block boundaries differ in rank (" + std::to_string(f_in.dim()) + "-D, " +
                                       std::to_string(f_out.dim()) + "-D)");
  if (g_in.dim() == 4 && (g_in.size(2) != g_out.size(2) || g_in.size(3) != g_out.size(3))) {
    const std::int64_t stride = g_in.size(2) / g_out.size(2);
    if (stride < 1 || g_in.size(2) != stride * g_out.size(2) || g_in.size(3) != stride * g_out.size(3))
      return Error(ErrorKind::proxy, "a block maps " + std::to_string(g_in.size(2)) + "x" + std::to_string(g_in.size(3)) +
                                         " positions to " + std::to_string(g_out.size(2)) + "x" +
                                         std::to_string(g_out.size(3)) + ", not by a whole stride");
    g_in = at::pixel_unshuffle(g_in, stride);
  }
  auto in_rows = positions_by_channels(g_in);
  if (!in_rows) return in_rows;
  auto out_rows = positions_by_channels(g_out);
  if (!out_rows) return out_rows;
  if (in_rows->size(0) != out_rows->size(0))
    return Error(ErrorKind::proxy, "a block changes the number of positions or tokens (" +
                                       std::to_string(in_rows->size(0)) + " to " + std::to_string(out_rows->size(0)) + ")");
  const at::Tensor mat = at::matmul(in_rows->to(dtype).t(), out_rows->to(dtype)) /
                         static_cast<double>(out_rows->size(0));
  const at::Tensor s = at::linalg_svdvals(mat).max();
  return 2.0 - s - 1.0 / (s + 1e-6);
}

inline Expected<Scores> compute(ProbeContext& ctx, bool float64) {
  Network& net = ctx.network();
  if (ctx.batch_count() == 0 || !ctx.batch(0).inputs.defined())
    return Error(ErrorKind::proxy, "AZ-NAS draws inputs of the scored batch's shape; the context has no batch");
  // Weights and buffers are restored on return, so other proxies' cached passes stay valid.
  WeightSnapshot snapshot(net.module());
  at::Generator gen = ctx.stream("az_nas");
  redraw_weights(net, InitScheme::kaiming_normal, gen);
  reset_batchnorm(net);  // training-mode BN below: the running statistics do not enter
  const at::Tensor x = ctx.randn(ctx.batch(0).inputs.sizes().vec(), gen).requires_grad_(true);
  net.train(true);
  net.set_taps({});
  torch::AutoGradMode grad_on(true);
  std::vector<at::Tensor> features;
  net.forward_blocks(x, features);
  if (features.size() < 2)
    return Error(ErrorKind::proxy, "the network declares " + std::to_string(features.size()) +
                                       " block boundaries; AZ-NAS needs 2 or more (a family that has blocks "
                                       "hands them out from NetModule::forward_blocks)");

  const at::ScalarType dtype = float64 ? at::kDouble : features.front().scalar_type();
  std::vector<at::Tensor> entropy;  // per boundary, on the device; one transfer at the end
  for (const auto& f : features) {
    auto h = spectral_entropy(f, dtype);
    if (!h) return std::move(h).error();
    entropy.push_back(*h);
  }
  std::vector<at::Tensor> blocks;  // last block first, as their loop runs (the noise draws follow it)
  for (std::size_t l = features.size() - 1; l >= 1; --l) {
    auto t = block_trainability(features[l - 1], features[l], gen, dtype);
    if (!t) return std::move(t).error();
    blocks.push_back(*t);
  }
  const at::Tensor host = at::cat({at::stack(entropy), at::stack(blocks)}).to(at::kCPU, at::kDouble);
  const auto v = host.accessor<double, 1>();
  const std::size_t n = features.size();
  Scores out;
  double progressivity = std::numeric_limits<double>::infinity(), trainability = 0;
  for (std::size_t l = 0; l < n; ++l) out.expressivity += v[static_cast<std::int64_t>(l)];
  for (std::size_t l = 1; l < n; ++l) {
    // A NaN difference stays (np.min keeps it, and AZ-NAS then scores -inf).
    const double d = v[static_cast<std::int64_t>(l)] - v[static_cast<std::int64_t>(l - 1)];
    if (std::isnan(d) || d < progressivity) progressivity = d;
  }
  for (std::size_t b = 0; b + 1 < n; ++b) trainability += v[static_cast<std::int64_t>(n + b)];
  out.expressivity = or_minus_infinity(out.expressivity);
  out.progressivity = or_minus_infinity(progressivity);
  out.trainability = or_minus_infinity(trainability / static_cast<double>(n - 1));
  return out;
}

}  // namespace detail

// The three scores of ctx.network(), computed once per context (and precision).
inline Expected<Scores> scores(ProbeContext& ctx, bool float64) {
  const std::string key = float64 ? "az_nas/float64" : "az_nas";
  if (const auto* v = ctx.shared_values(key)) return Scores{(*v)[0], (*v)[1], (*v)[2]};
  auto s = detail::compute(ctx, float64);
  if (!s) return s;
  ctx.share_values(key, {s->expressivity, s->progressivity, s->trainability});
  return s;
}

// The plugin of one of the three scores. `Score` names it and picks it: static members
// `name`, `description` and `double pick(const Scores&)`.
template <class Score>
class ScoreProxy final : public Proxy {
 public:
  static PluginMetadata metadata() {
    PluginMetadata m;
    m.name = Score::name;
    m.version = "1.0.0";
    m.description = Score::description;
    m.minus_infinity_is_a_score = true;  // AZ-NAS's score of a dead or identity block
    m.needs.gradients = true;
    m.params = {{"float64", ParamType::boolean, false,
                 "spectra and singular values in float64 (default: the network's dtype, as AZ-NAS)"}};
    return m;
  }
  explicit ScoreProxy(const ParamSet& p) : float64_(p.boolean("float64")) {}

  Expected<double> score(ProbeContext& ctx) override {
    auto s = scores(ctx, float64_);
    if (!s) return std::move(s).error();
    return Score::pick(*s);
  }

 private:
  bool float64_;
};

}  // namespace zcnas::az_nas
