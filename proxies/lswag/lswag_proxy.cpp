// lswag: L-SWAG (Casarin et al., CVPR 2025) = Lambda x Psi.
//   Lambda = sum over layers l in the window of log( sum over weights w of 1 / sigma_w ),
//            sigma_w the standard deviation over B >= 2 batches of |dL/dw| (or of dL/dw);
//            entries with sigma_w = 0 are dropped (no such entry in the window: Lambda = 0).
//   Psi    = distinct sample-wise activation patterns (64-bit words up to 64 samples) over
//            every activation unit of layers up to the window's top, on batch 0.
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

namespace {

// Weight gradients (Lambda) and activation outputs (Psi) from one shared pass.
zcnas::PassRequest request() {
  zcnas::PassRequest r = zcnas::gradients::weight_gradient_request();
  r.taps = zcnas::patterns::activation_request().taps;
  return r;
}

class LswagProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "lswag";
    m.version = "1.0.0";
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
        {"use_lambda", zcnas::ParamType::boolean, true, "false: Psi alone (ablation)"}};
    return m;
  }

  explicit LswagProxy(const zcnas::ParamSet& p)
      : bins_(p.integer("bins")),
        batches_(p.integer("batches")),
        grad_abs_(p.boolean("grad_abs")),
        drop_mean_(p.boolean("drop_mean")),
        use_window_(p.boolean("use_window")),
        use_psi_(p.boolean("use_psi")),
        use_lambda_(p.boolean("use_lambda")) {
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
      auto stats = zcnas::gradients::layer_gradient_stats(ctx, batches_, grad_abs_);
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
        if (in_window(site.depth, true)) codes.push_back(zcnas::patterns::firing_codes((*pass)->activations[site.index].output));
      if (codes.empty())
        return zcnas::Error(zcnas::ErrorKind::proxy, "no activation site up to bin " + std::to_string(hi_));
      psi = static_cast<double>(zcnas::patterns::distinct_patterns(codes));
    }
    return lambda * psi;
  }

 private:
  std::int64_t bins_, batches_;
  bool grad_abs_, drop_mean_, use_window_, use_psi_, use_lambda_;
  int lo_ = 0, hi_ = 9;
};

}  // namespace

ZCNAS_EXPORT_PROXY(LswagProxy)
