// plain: sum of dL/dW * W over every Conv2d/Linear weight (NAS-Bench-Suite-Zero's plain; its
// Spearman with NB201 accuracy is negative, -.367).
// Reads the shared cross-entropy pass.

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>

namespace {

zcnas::PassRequest request() {
  zcnas::PassRequest r;
  r.objective = zcnas::PassObjective::cross_entropy;
  r.weight_grads = true;
  return r;
}

class PlainProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "plain";
    m.version = "1.0.0";
    m.description = "Sum over Conv2d/Linear weights of dL/dW * W, cross-entropy on one batch";
    m.needs.labels = true;
    m.needs.gradients = true;
    m.pass = request();
    return m;
  }
  explicit PlainProxy(const zcnas::ParamSet&) {}

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    auto pass = ctx.pass(0, request());
    if (!pass) return std::move(pass).error();
    double sum = 0;
    for (const auto& layer : ctx.network().layers()) {
      const at::Tensor& g = (*pass)->weight_grads[layer.depth];
      if (!g.defined()) continue;
      const at::Tensor w = layer.weight.detach().to(at::kDouble);
      sum += (g.to(at::kDouble) * w).sum().item<double>();
    }
    return sum;
  }
};

}  // namespace

ZCNAS_EXPORT_PROXY(PlainProxy)
