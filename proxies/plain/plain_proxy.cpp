// plain: sum of dL/dW * W over every Conv2d/Linear weight (NAS-Bench-Suite-Zero's plain; its
// Spearman with NB201 accuracy is negative, -.367).
// Reads the shared cross-entropy pass.

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/layer_gradients.hpp>

namespace {

class PlainProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "plain";
    m.version = "1.0.0";
    m.description = "Sum over Conv2d/Linear weights of dL/dW * W, cross-entropy on one batch";
    m.pass = zcnas::gradients::weight_gradient_request();
    return m;
  }
  explicit PlainProxy(const zcnas::ParamSet&) {}

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    return zcnas::gradients::sum_over_layers(
        ctx, [](const at::Tensor& g, const at::Tensor& w) { return (g * w).sum(); });
  }
};

}  // namespace

ZCNAS_EXPORT_PROXY(PlainProxy)
