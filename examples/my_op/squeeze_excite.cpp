// An op plugin: squeeze-and-excitation (Hu et al., CVPR 2018), the channel attention that
// MobileNetV3 and EfficientNet put in their blocks. Once built, any .zc file can write
// `squeeze_excite(reduction = 4)` after a conv; `zcnas check` verifies its shapes.

#include <torch/torch.h>
#include <zcnas/net/modules.hpp>
#include <zcnas/plugin.hpp>

#include <algorithm>

namespace {

// x * sigmoid(W2 relu(W1 pool(x))), the two 1x1 convs tapped like any zcnas layer.
class SqueezeExciteImpl : public torch::nn::Module {
 public:
  SqueezeExciteImpl(std::int64_t channels, std::int64_t hidden) {
    reduce_ = register_module("reduce", zcnas::nn::Conv2d(torch::nn::Conv2dOptions(channels, hidden, 1)));
    act_ = register_module("act", zcnas::nn::Activation(zcnas::nn::ActivationKind::relu));
    expand_ = register_module("expand", zcnas::nn::Conv2d(torch::nn::Conv2dOptions(hidden, channels, 1)));
  }
  at::Tensor forward(const at::Tensor& x) {
    at::Tensor w = x.mean({2, 3}, /*keepdim=*/true);
    return x * torch::sigmoid(expand_->forward(act_->forward(reduce_->forward(w))));
  }

 private:
  zcnas::nn::Conv2d reduce_{nullptr}, expand_{nullptr};
  zcnas::nn::Activation act_{nullptr};
};
TORCH_MODULE(SqueezeExcite);

std::int64_t hidden_of(const zcnas::OpCall& call) {
  return std::max<std::int64_t>(1, call.input[0] / call.args.integer("reduction"));
}

void register_ops(zcnas::PluginRegistrar& registrar) {
  zcnas::OpSignature s;
  s.name = "squeeze_excite";
  s.version = "0.1.0";
  s.description = "squeeze-and-excitation: channels rescaled by a gate from their global means";
  s.params = {{"reduction", zcnas::ParamType::integer, std::int64_t{4}, "hidden width = channels / reduction"}};
  s.infer = [](const zcnas::OpCall& c) -> zcnas::Expected<zcnas::Shape> {
    if (c.input.size() != 3)
      return zcnas::Error(zcnas::ErrorKind::invalid_argument, "expects an image [C, H, W], gets " + zcnas::to_string(c.input));
    if (c.args.integer("reduction") <= 0)
      return zcnas::Error(zcnas::ErrorKind::invalid_argument, "reduction must be positive");
    return c.input;  // a gate: the shape is kept
  };
  registrar.add_op(s, [](const zcnas::OpCall& c) { return zcnas::make_op(SqueezeExcite(c.input[0], hidden_of(c))); });
}

}  // namespace

ZCNAS_EXPORT_PLUGIN(register_ops)
