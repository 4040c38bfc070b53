// lswag: L-SWAG (Casarin et al., CVPR 2025) = Lambda x Psi.
//   Lambda = sum over layers l in the window of log( sum over weights w of 1 / sigma_w ),
//            sigma_w the standard deviation over B >= 2 batches of |dL/dw| (or of dL/dw);
//            entries with sigma_w = 0 are dropped (no such entry in the window: Lambda = 0).
//   Psi    = distinct sample-wise activation patterns (64-bit words up to 64 samples) over
//            every activation unit of layers up to the window's top, on batch 0.
// variance_over = "samples" takes sigma_w over the per-sample gradients of batch 0 instead (the
// setting of the paper's Theorem 1): one backward per sample through the batch's graph, so
// batch-norm in training mode couples the samples as it does in the batch's own gradient.
// The window is in depth-percentile bins: layer l of D (0-based, Conv2d/Linear in forward
// order) sits in bin floor(l * B / D); an activation site sits in the bin of the weighted
// layer before it. `zcnas lswag-window` proposes a window per benchmark.
// Each of the three changes over ZiCo has a switch (drop_mean, use_window, use_psi), so the
// paper's ablation is a parameter change: with drop_mean = false, use_window = false,
// use_psi = false and grad_abs = false the score is ZiCo's, to the last bit.

#include <cmath>
#include <string>
#include <vector>

#include <zcnas/plugin.hpp>
#include <zcnas/probe/activation_patterns.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/layer_gradients.hpp>

#include <torch/torch.h>

namespace {

// Weight gradients (Lambda) and activation outputs (Psi) from one shared pass.
zcnas::PassRequest request() {
  zcnas::PassRequest r = zcnas::gradients::weight_gradient_request();
  r.taps = zcnas::patterns::activation_request().taps;
  return r;
}

// sigma_w over the per-sample gradients dL_i/dw of the first `samples` samples of batch 0
// (population standard deviation, of |g| when `of_magnitude`), in LayerGradientStats' form.
zcnas::Expected<std::vector<zcnas::gradients::LayerGradientStats>> per_sample_stats(zcnas::ProbeContext& ctx,
                                                                                    std::int64_t samples,
                                                                                    bool of_magnitude) {
  const std::string key = "lswag/per_sample/" + std::to_string(samples) + (of_magnitude ? "/abs" : "/signed");
  constexpr std::size_t kFields = 4;
  zcnas::Network& net = ctx.network();
  const auto& layers = net.layers();
  std::vector<zcnas::gradients::LayerGradientStats> out(layers.size());
  if (const std::vector<double>* shared = ctx.shared_values(key)) {
    for (std::size_t i = 0; i < out.size(); ++i) {
      const double* v = shared->data() + i * kFields;
      out[i].depth = static_cast<int>(i);
      out[i].weights = layers[i].weight.numel();
      out[i].on_path = v[0] != 0;
      out[i].kept = static_cast<std::int64_t>(v[1]);
      out[i].sum_inverse_sigma = v[2];
      out[i].sum_mean_over_sigma = v[3];
    }
    return out;
  }
  const zcnas::Batch& b = ctx.batch(0);
  if (!b.labels.defined()) return zcnas::Error(zcnas::ErrorKind::proxy, "per-sample gradients need labelled batches");
  const std::int64_t n = samples > 0 ? std::min(samples, b.inputs.size(0)) : b.inputs.size(0);
  if (n < 2) return zcnas::Error(zcnas::ErrorKind::proxy, "a variance over samples needs >= 2 samples");
  net.set_taps({});
  net.train(ctx.options().batchnorm_train_mode);
  torch::AutoGradMode grad_mode(true);
  std::vector<at::Tensor> weights;
  for (const auto& layer : layers) weights.push_back(layer.weight);
  const at::Tensor logits = net.forward(b.inputs);
  std::vector<at::Tensor> sum(layers.size()), sum_abs(layers.size()), sum_sq(layers.size());
  for (std::int64_t i = 0; i < n; ++i) {
    const at::Tensor loss = ctx.loss(logits.narrow(0, i, 1), b.labels.narrow(0, i, 1));
    const auto grads = torch::autograd::grad({loss}, weights, {}, /*retain_graph=*/i + 1 < n, /*create_graph=*/false,
                                             /*allow_unused=*/true);
    for (std::size_t l = 0; l < layers.size(); ++l) {
      if (!grads[l].defined()) continue;
      const at::Tensor g = grads[l].detach().to(at::kDouble);
      if (!sum[l].defined()) {
        sum[l] = g.clone();
        sum_abs[l] = g.abs();
        sum_sq[l] = g * g;
      } else {
        sum[l].add_(g);
        sum_abs[l].add_(g.abs());
        sum_sq[l].addcmul_(g, g);
      }
    }
  }
  std::vector<double> flat;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    auto& s = out[l];
    s.depth = static_cast<int>(l);
    s.weights = layers[l].weight.numel();
    if (sum[l].defined()) {
      s.on_path = true;
      const double inv = 1.0 / static_cast<double>(n);
      const at::Tensor mean_abs = sum_abs[l] * inv;
      const at::Tensor centre = of_magnitude ? mean_abs : sum[l] * inv;
      const at::Tensor sd = (sum_sq[l] * inv - centre * centre).clamp_min_(0).sqrt_();
      const at::Tensor keep = sd > 0;
      const at::Tensor zero = at::zeros({}, sd.options());
      s.kept = keep.sum().item<std::int64_t>();
      s.sum_inverse_sigma = at::where(keep, sd.reciprocal(), zero).sum().item<double>();
      s.sum_mean_over_sigma = at::where(keep, mean_abs / sd, zero).sum().item<double>();
    }
    flat.insert(flat.end(), {s.on_path ? 1.0 : 0.0, static_cast<double>(s.kept), s.sum_inverse_sigma, s.sum_mean_over_sigma});
  }
  ctx.share_values(key, std::move(flat));
  return out;
}

class LswagProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "lswag";
    m.version = "1.1.0";  // 1.1: variance_over, samples
    m.description = "L-SWAG: windowed layer-wise gradient trainability (Lambda) x sample-wise activation patterns (Psi)";
    m.needs.min_batches = 2;
    m.pass = request();
    m.params = {
        {"window", zcnas::ParamType::real_list, std::vector<double>{0, 9},
         "[l_lo, l_hi]: the depth-percentile bins (inclusive) whose layers Lambda sums and up to which Psi pools"},
        {"bins", zcnas::ParamType::integer, std::int64_t{10}, "number of depth-percentile bins"},
        {"batches", zcnas::ParamType::integer, std::int64_t{2}, "batches the gradient variance runs over (>= 2)"},
        {"grad_abs", zcnas::ParamType::boolean, true,
         "true: variance of |dL/dw| (the paper's formula); false: of dL/dw (ZiCo's code)"},
        {"drop_mean", zcnas::ParamType::boolean, true,
         "true: 1 / sigma per weight; false: ZiCo's mean|g| / sigma (ablation)"},
        {"use_window", zcnas::ParamType::boolean, true, "false: every layer, whatever the window (ablation)"},
        {"use_psi", zcnas::ParamType::boolean, true, "false: Lambda alone (ablation)"},
        {"use_lambda", zcnas::ParamType::boolean, true, "false: Psi alone (ablation)"},
        {"variance_over", zcnas::ParamType::string, std::string("batches"),
         "batches: sigma over the batches' gradients (ZiCo's setting); samples: over the per-sample gradients of "
         "batch 0 (the paper's Theorem 1; one backward per sample)"},
        {"samples", zcnas::ParamType::integer, std::int64_t{0},
         "variance_over = samples: how many samples of batch 0 (0: all)"}};
    return m;
  }

  explicit LswagProxy(const zcnas::ParamSet& p)
      : bins_(p.integer("bins")),
        batches_(p.integer("batches")),
        grad_abs_(p.boolean("grad_abs")),
        drop_mean_(p.boolean("drop_mean")),
        use_window_(p.boolean("use_window")),
        use_psi_(p.boolean("use_psi")),
        use_lambda_(p.boolean("use_lambda")),
        over_samples_(p.string("variance_over") == "samples"),
        samples_(p.integer("samples")) {
    if (p.string("variance_over") != "batches" && p.string("variance_over") != "samples")
      throw std::invalid_argument("variance_over must be batches or samples, got '" + p.string("variance_over") + "'");
    if (samples_ < 0 || samples_ == 1) throw std::invalid_argument("samples must be 0 (all) or >= 2");
    if (bins_ < 1) throw std::invalid_argument("bins must be >= 1");
    if (batches_ < 2) throw std::invalid_argument("batches must be >= 2 (a variance needs two gradients)");
    const auto& w = p.real_list("window");
    if (w.size() != 2) throw std::invalid_argument("window must be [l_lo, l_hi], two bins");
    for (double v : w)
      if (v != std::floor(v) || v < 0 || v >= static_cast<double>(bins_))
        throw std::invalid_argument("window bins must be whole numbers in 0.." + std::to_string(bins_ - 1));
    lo_ = static_cast<int>(w[0]);
    hi_ = static_cast<int>(w[1]);
    if (lo_ > hi_) throw std::invalid_argument("window must have l_lo <= l_hi");
    if (!use_psi_ && !use_lambda_) throw std::invalid_argument("use_psi and use_lambda cannot both be false");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    const int layer_count = static_cast<int>(ctx.network().layers().size());
    auto in_window = [&](int depth, bool from_bottom) {
      if (!use_window_) return true;
      const int bin = zcnas::gradients::percentile_bin(depth < 0 ? 0 : depth, layer_count, static_cast<int>(bins_));
      return (from_bottom || bin >= lo_) && bin <= hi_;
    };
    double lambda = 1;
    if (use_lambda_) {
      auto stats = over_samples_ ? per_sample_stats(ctx, samples_, grad_abs_)
                                 : zcnas::gradients::layer_gradient_stats(ctx, batches_, grad_abs_);
      if (!stats) return std::move(stats).error();
      // A network whose loss reaches no layer of the window (a cell cut off from its
      // input) gets Lambda = 0, as ZiCo's code scores such a network: the lowest there is.
      lambda = 0;
      for (const auto& layer : *stats) {
        if (!in_window(layer.depth, false)) continue;
        const double sum = drop_mean_ ? layer.sum_inverse_sigma : layer.sum_mean_over_sigma;
        if (sum > 0) lambda += std::log(sum);
      }
    }
    double psi = 1;
    if (use_psi_) {
      auto pass = ctx.pass(0, request());
      if (!pass) return std::move(pass).error();
      const auto& sites = ctx.network().activations();
      std::vector<at::Tensor> codes;
      for (const auto& site : sites)
        if (in_window(site.depth, true)) codes.push_back(zcnas::patterns::firing_codes((*pass)->activations[site.index].output_sign));
      if (codes.empty())
        return zcnas::Error(zcnas::ErrorKind::proxy, "no activation site up to bin " + std::to_string(hi_));
      psi = static_cast<double>(zcnas::patterns::distinct_patterns(codes));
    }
    return lambda * psi;
  }

 private:
  std::int64_t bins_, batches_;
  bool grad_abs_, drop_mean_, use_window_, use_psi_, use_lambda_, over_samples_;
  std::int64_t samples_;
  int lo_ = 0, hi_ = 9;
};

}  // namespace

ZCNAS_EXPORT_PROXY(LswagProxy)
