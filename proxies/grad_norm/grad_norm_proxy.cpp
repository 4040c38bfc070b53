// grad_norm: sum over Conv2d/Linear layers of ||dL/dW||_2, L the cross-entropy of one batch
// (NAS-Bench-Suite-Zero's grad_norm). Reads the shared cross-entropy pass.

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>

namespace {

zcnas::PassRequest request() {
  zcnas::PassRequest r;
  r.objective = zcnas::PassObjective::cross_entropy;
  r.weight_grads = true;
  return r;
}

class GradNormProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "grad_norm";
    m.version = "1.0.0";
    m.description = "Sum over Conv2d/Linear layers of ||dL/dW||_2, cross-entropy on one batch";
    m.needs.labels = true;
    m.needs.gradients = true;
    m.pass = request();
    return m;
  }
  explicit GradNormProxy(const zcnas::ParamSet&) {}

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    auto pass = ctx.pass(0, request());
    if (!pass) return std::move(pass).error();
    double sum = 0;
    for (const auto& g : (*pass)->weight_grads)
      if (g.defined()) sum += g.to(at::kDouble).norm().item<double>();  // an unused layer has no gradient: 0
    return sum;
  }
};

}  // namespace

ZCNAS_EXPORT_PROXY(GradNormProxy)
