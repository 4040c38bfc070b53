// fisher: the Fisher information of each Conv2d/Linear output channel (Theis et al.): per
// channel 0.5 * mean over samples of (sum over positions of a * dL/da)^2, a the layer's
// output. Reads the layer taps of the shared cross-entropy pass.
//
// How channels add up is where implementations part. zero-cost-nas and NAS-Bench-Suite-Zero
// (NASLib naslib/predictors/utils/pruners/measures/fisher.py and p_utils.py:reshape_elements,
// automl/NASLib@888dbdb) broadcast each channel's value to every weight of that channel and
// sum the weights, so a channel counts fan_in = weight.numel() / out_channels times: a 3x3
// conv's channel 9 times a 1x1's. That is the default (`weighting = "fan_in"`), the number
// every published fisher correlation was computed with; `weighting = "channel"` sums the
// channels once each, as the formula reads. The references also skip
// transposed convolutions (an nn.ConvTranspose2d is not an nn.Conv2d); `--proxy-layers
// conv-linear` leaves them out as they do.

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>

#include <stdexcept>

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
    m.version = "2.0.0";  // 2: channels weighted by fan-in by default, as the references
    m.description =
        "Sum over Conv2d/Linear output channels of 0.5 * mean_n (sum_positions a * dL/da)^2, each channel counted "
        "fan_in times (zero-cost-nas, Suite-Zero) or once";
    m.pass = request();
    m.params = {{"weighting", zcnas::ParamType::string, std::string("fan_in"),
                 "fan_in: each channel counted once per weight it owns (zero-cost-nas, NAS-Bench-Suite-Zero); "
                 "channel: each channel once"}};
    return m;
  }
  explicit FisherProxy(const zcnas::ParamSet& p) : by_fan_in_(p.string("weighting") == "fan_in") {
    if (!by_fan_in_ && p.string("weighting") != "channel")
      throw std::invalid_argument("weighting must be fan_in or channel, got '" + p.string("weighting") + "'");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    auto pass = ctx.pass(0, request());
    if (!pass) return std::move(pass).error();
    at::Tensor sum;  // on the device, one transfer
    for (const auto& layer : ctx.network().layers()) {
      const zcnas::TapSlot& slot = (*pass)->layers[layer.depth];
      if (!slot.output.defined() || !slot.output_grad.defined()) continue;  // a layer off the loss's path
      at::Tensor g = slot.output.to(at::kDouble) * slot.output_grad.to(at::kDouble);
      if (g.dim() > 2) g = g.flatten(2).sum(2);  // N x C: sum over positions
      at::Tensor term = g.pow(2).mean(0).mul(0.5).sum();
      if (by_fan_in_) {
        // Weights per output channel; a transposed conv's weight is [in, out / groups, k, k].
        const std::int64_t outs = layer.kind == zcnas::LayerKind::linear ? layer.weight.size(0) : slot.output.size(1);
        term = term * static_cast<double>(layer.weight.numel() / outs);
      }
      sum = sum.defined() ? sum + term : term;
    }
    return sum.defined() ? sum.item<double>() : 0.0;
  }

 private:
  bool by_fan_in_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(FisherProxy)
