// tenas_ntk: TE-NAS's NTK condition number (Chen et al., ICLR 2021), as AZ-NAS's NB201 port runs
// it (cvlab-yonsei/AZ-NAS NB201/ZeroShotProxy/compute_te_nas_score.py @ 5e6683a, get_ntk_n with
// train_mode = True, one batch of real images): for each sample n, g_n = d(sum of its logits)/dW
// over every parameter whose name ends in "weight" (BatchNorm's included, biases not); K = G G^T
// (N x N); score = -lambda_max(K) / lambda_min(K), a NaN ratio scored as -100000 (their
// nan_to_num(nan = 1e5) before the sign); a zero lambda_min gives -inf, the worst, a score. K's
// eigenvalues in float64 (theirs in float32). The network as built, BatchNorm as the context
// says. One backward per sample over one forward, so it costs about N backward passes.

#include <torch/autograd.h>

#include <cmath>

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>

namespace {

class TenasNtkProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "tenas_ntk";
    m.version = "1.0.0";
    m.description = "TE-NAS NTK: minus the condition number of the per-sample weight-gradient Gram matrix";
    m.needs.gradients = true;
    m.needs.data_batch = true;
    m.minus_infinity_is_a_score = true;
    return m;
  }
  explicit TenasNtkProxy(const zcnas::ParamSet&) {}

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    if (ctx.batch_count() == 0 || !ctx.batch(0).inputs.defined())
      return zcnas::Error(zcnas::ErrorKind::proxy, "the context has no batch");
    zcnas::Network& net = ctx.network();
    std::vector<at::Tensor> weights;
    for (const auto& item : net.module().named_parameters()) {
      const std::string& name = item.key();
      if (name.size() >= 6 && name.compare(name.size() - 6, 6, "weight") == 0 && item.value().requires_grad())
        weights.push_back(item.value());
    }
    if (weights.empty()) return zcnas::Error(zcnas::ErrorKind::proxy, "the network has no weights");
    net.set_taps({});
    torch::AutoGradMode grad_on(true);
    const at::Tensor logits = net.forward(ctx.batch(0).inputs);
    const std::int64_t n = logits.size(0);
    std::vector<at::Tensor> rows;
    rows.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
      auto grads = torch::autograd::grad({logits[i].sum()}, weights, {}, /*retain_graph=*/true,
                                         /*create_graph=*/false, /*allow_unused=*/true);
      std::vector<at::Tensor> flat;
      for (std::size_t w = 0; w < weights.size(); ++w)
        flat.push_back(grads[w].defined() ? grads[w].reshape(-1) : at::zeros({weights[w].numel()}, weights[w].options()));
      rows.push_back(at::cat(flat));
    }
    const at::Tensor g = at::stack(rows).to(at::kDouble);
    const at::Tensor eig = at::linalg_eigvalsh(at::matmul(g, g.t())).to(at::kCPU);  // ascending
    const double cond = eig[n - 1].item<double>() / eig[0].item<double>();
    return std::isnan(cond) ? -100000.0 : -cond;
  }
};

}  // namespace

ZCNAS_EXPORT_PROXY(TenasNtkProxy)
