// snip: SNIP's connection sensitivity |dL/dW * W|, summed over every Conv2d/Linear weight. The
// weight-mask derivative SNIP uses equals dL/dW * W, so no mask is needed.
// Reads the shared cross-entropy pass.

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/layer_gradients.hpp>

namespace {

class SnipProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "snip";
    m.version = "1.0.0";
    m.description = "Sum over Conv2d/Linear weights of |dL/dW * W| (SNIP connection sensitivity)";
    m.pass = zcnas::gradients::weight_gradient_request();
    return m;
  }
  explicit SnipProxy(const zcnas::ParamSet&) {}

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    return zcnas::gradients::sum_over_layers(
        ctx, [](const at::Tensor& g, const at::Tensor& w) { return (g * w).abs().sum(); });
  }
};

}  // namespace

ZCNAS_EXPORT_PROXY(SnipProxy)
