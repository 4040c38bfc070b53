// zen: Zen-NAS's score as NAS-Bench-Suite-Zero computes it. Weights redrawn N(0, 1) (biases 0,
// BatchNorm weight 1 and bias 0, running statistics reset), x and e Gaussian of the batch's
// shape; f = the last 4-D activation output (the feature map before global pooling in the
// cell spaces); score = log mean_n ||f(x) - f(x + 0.01 e)||_1 + sum over BatchNorm layers of
// log sqrt(mean running_var) after the two training-mode forwards. Data-free. The scored
// network's weights are restored afterwards.

#include <torch/torch.h>

#include <cmath>
#include <vector>

#include <zcnas/net/modules.hpp>
#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/weight_snapshot.hpp>

namespace {

class ZenProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "zen";
    m.version = "1.0.0";
    m.description = "log E||f(x) - f(x + 0.01e)||_1 + sum log sqrt(mean BN running var), Gaussian weights and input";
    m.params = {{"mixup_gamma", zcnas::ParamType::real, 0.01, "the size of the input perturbation"},
                {"repeat", zcnas::ParamType::integer, std::int64_t{1}, "draws averaged"}};
    return m;
  }
  explicit ZenProxy(const zcnas::ParamSet& p) : gamma_(p.real("mixup_gamma")), repeat_(p.integer("repeat")) {
    if (repeat_ < 1) throw std::invalid_argument("repeat must be >= 1");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    zcnas::Network& net = ctx.network();
    // Weights and buffers are restored on return, so other proxies' cached passes stay valid.
    zcnas::WeightSnapshot snapshot(net.module());
    double total = 0;
    for (std::int64_t r = 0; r < repeat_; ++r) {
      auto one = draw(ctx, net);
      if (!one) return one;
      total += *one;
    }
    return total / static_cast<double>(repeat_);
  }

 private:
  zcnas::Expected<double> draw(zcnas::ProbeContext& ctx, zcnas::Network& net) {
    torch::NoGradGuard no_grad;
    for (const auto& layer : net.layers()) {
      layer.weight.copy_(at::normal(0.0, 1.0, layer.weight.sizes(), ctx.generator(), at::TensorOptions().dtype(at::kDouble))
                             .to(layer.weight.options()));
      if (layer.bias.defined()) layer.bias.zero_();
    }
    zcnas::reset_batchnorm(net);
    std::vector<zcnas::nn::BatchNorm2dImpl*> bns;
    for (const auto& op : net.counted_ops())
      if (auto* bn = dynamic_cast<zcnas::nn::BatchNorm2dImpl*>(op.module)) bns.push_back(bn);
    std::vector<std::int64_t> shape{ctx.batch(0).inputs.size(0)};
    shape.insert(shape.end(), ctx.input_shape().begin(), ctx.input_shape().end());
    const at::Tensor x = ctx.randn(shape);
    const at::Tensor mixed = x + gamma_ * ctx.randn(shape);
    net.train(true);
    zcnas::TapRequest taps;
    taps.activations.outputs = true;
    net.set_taps(taps);
    auto features = [&](const at::Tensor& in) -> at::Tensor {
      net.forward(in);
      for (std::size_t i = net.activations().size(); i-- > 0;) {
        const at::Tensor& out = net.activation_tap(i).output;
        if (out.defined() && out.dim() == 4) return out.clone();
      }
      return {};
    };
    const at::Tensor a = features(x), b = features(mixed);
    net.set_taps({});
    if (!a.defined()) return zcnas::Error(zcnas::ErrorKind::proxy, "the network has no 4-D activation site");
    // The difference and every BN's mean running variance cross to the host in one transfer.
    std::vector<at::Tensor> on_device{(a - b).abs().flatten(1).sum(1).mean().to(at::kDouble)};
    for (auto* bn : bns) on_device.push_back(bn->running_var.mean().to(at::kDouble));
    const at::Tensor host = at::stack(on_device).to(at::kCPU);
    const auto values = host.accessor<double, 1>();
    double log_bn = 0;
    for (std::int64_t i = 1; i < values.size(0); ++i) log_bn += std::log(std::sqrt(values[i]));
    return std::log(values[0]) + log_bn;
  }

  double gamma_;
  std::int64_t repeat_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(ZenProxy)
