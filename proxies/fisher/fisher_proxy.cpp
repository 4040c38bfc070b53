// fisher: the Fisher information of each Conv2d/Linear output channel, as in Theis et al.
// and NAS-Bench-Suite-Zero: per channel 0.5 * mean over samples of (sum over positions of
// a * dL/da)^2, a the layer's output; summed over channels and layers. Reads the layer taps
// of the shared cross-entropy pass.

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>

namespace {

zcnas::PassRequest request() {
  zcnas::PassRequest r;
  r.objective = zcnas::PassObjective::cross_entropy;
  r.taps.layers.outputs = true;
  r.taps.layers.output_grads = true;
  return r;
}

class FisherProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "fisher";
    m.version = "1.0.0";
    m.description = "Sum over Conv2d/Linear output channels of 0.5 * mean_n (sum_positions a * dL/da)^2";
    m.pass = request();
    return m;
  }
  explicit FisherProxy(const zcnas::ParamSet&) {}

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    auto pass = ctx.pass(0, request());
    if (!pass) return std::move(pass).error();
    at::Tensor sum;  // on the device, one transfer
    for (const auto& slot : (*pass)->layers) {
      if (!slot.output.defined() || !slot.output_grad.defined()) continue;  // a layer off the loss's path
      at::Tensor g = slot.output.to(at::kDouble) * slot.output_grad.to(at::kDouble);
      if (g.dim() > 2) g = g.flatten(2).sum(2);  // N x C: sum over positions
      const at::Tensor term = g.pow(2).mean(0).mul(0.5).sum();
      sum = sum.defined() ? sum + term : term;
    }
    return sum.defined() ? sum.item<double>() : 0.0;
  }
};

}  // namespace

ZCNAS_EXPORT_PROXY(FisherProxy)
