// snip: SNIP's connection sensitivity |dL/dW * W|, summed over every Conv2d/Linear weight. The
// weight-mask derivative SNIP uses equals dL/dW * W, so no mask is needed.
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

class SnipProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "snip";
    m.version = "1.0.0";
    m.description = "Sum over Conv2d/Linear weights of |dL/dW * W| (SNIP connection sensitivity)";
    m.needs.labels = true;
    m.needs.gradients = true;
    m.pass = request();
    return m;
  }
  explicit SnipProxy(const zcnas::ParamSet&) {}

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    auto pass = ctx.pass(0, request());
    if (!pass) return std::move(pass).error();
    double sum = 0;
    for (const auto& layer : ctx.network().layers()) {
      const at::Tensor& g = (*pass)->weight_grads[layer.depth];
      if (!g.defined()) continue;
      const at::Tensor w = layer.weight.detach().to(at::kDouble);
      sum += (g.to(at::kDouble) * w).abs().sum().item<double>();
    }
    return sum;
  }
};

}  // namespace

ZCNAS_EXPORT_PROXY(SnipProxy)
