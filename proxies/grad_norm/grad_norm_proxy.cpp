// grad_norm: sum over Conv2d/Linear layers of ||dL/dW||_2, L the cross-entropy of one batch
// (NAS-Bench-Suite-Zero's grad_norm). Reads the shared cross-entropy pass.

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/layer_gradients.hpp>

namespace {

class GradNormProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "grad_norm";
    m.version = "1.0.0";
    m.description = "Sum over Conv2d/Linear layers of ||dL/dW||_2, cross-entropy on one batch";
    m.pass = zcnas::gradients::weight_gradient_request();
    return m;
  }
  explicit GradNormProxy(const zcnas::ParamSet&) {}

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    return zcnas::gradients::sum_over_layers(ctx, [](const at::Tensor& g, const at::Tensor&) { return g.norm(); });
  }
};

}  // namespace

ZCNAS_EXPORT_PROXY(GradNormProxy)
