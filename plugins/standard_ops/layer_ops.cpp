// Layers of convolutional networks: conv, deconv, bn, activations, pools, global_pool,
// flatten, linear. Each is the zcnas::nn module of the same job, so it is tapped and FLOP-counted.

#include <torch/torch.h>
#include <zcnas/net/modules.hpp>

#include "op_support.hpp"

namespace zcnas::standard_ops {

namespace {

// "same" padding for odd kernels: dilation * (k - 1) / 2.
std::int64_t conv_padding(const ParamSet& a) {
  const std::int64_t p = a.integer("padding");
  return p >= 0 ? p : a.integer("dilation") * (a.integer("k") - 1) / 2;
}

OpSignature conv_signature() {
  OpSignature s = signature("conv", "2-D convolution (no bias unless bias = true); padding -1 keeps the size at stride 1");
  s.params = {int_param("out", 0, "output channels"),
              int_param("k", 3, "kernel size"),
              int_param("stride", 1, "stride"),
              int_param("padding", -1, "zero padding; -1: dilation * (k - 1) / 2"),
              int_param("dilation", 1, "dilation"),
              int_param("groups", 1, "groups (= channels: depthwise)"),
              bool_param("bias", false, "add a bias")};
  s.required = 1;
  s.infer = [](const OpCall& c) -> Expected<Shape> {
    if (auto ok = want_image(c.input); !ok) return ok.error();
    const auto& a = c.args;
    const std::int64_t out = a.integer("out"), groups = a.integer("groups");
    if (out <= 0) return misfit("needs out > 0 channels, got " + std::to_string(out));
    if (groups <= 0 || c.input[0] % groups != 0 || out % groups != 0)
      return misfit("groups = " + std::to_string(groups) + " must divide both its " + std::to_string(c.input[0]) +
                    " input channels and its " + std::to_string(out) + " output channels");
    auto h = window_out(c.input[1], a.integer("k"), a.integer("stride"), conv_padding(a), a.integer("dilation"));
    if (!h) return h.error();
    auto w = window_out(c.input[2], a.integer("k"), a.integer("stride"), conv_padding(a), a.integer("dilation"));
    if (!w) return w.error();
    return Shape{out, *h, *w};
  };
  return s;
}

OpInstance conv_factory(const OpCall& c) {
  const auto& a = c.args;
  return make_op(nn::Conv2d(torch::nn::Conv2dOptions(c.input[0], a.integer("out"), a.integer("k"))
                                .stride(a.integer("stride"))
                                .padding(conv_padding(a))
                                .dilation(a.integer("dilation"))
                                .groups(a.integer("groups"))
                                .bias(a.boolean("bias"))));
}

// PyTorch's ConvTranspose2d: out = (in - 1) * stride - 2 * padding + k + output_padding.
OpSignature deconv_signature() {
  OpSignature s = signature("deconv", "2-D transposed convolution (an upsampling decoder layer; bias unless bias = false)");
  s.params = {int_param("out", 0, "output channels"),
              int_param("k", 3, "kernel size"),
              int_param("stride", 2, "stride (the upsampling factor)"),
              int_param("padding", 1, "padding taken off the output"),
              int_param("output_padding", 1, "extra rows and columns on one side of the output"),
              bool_param("bias", true, "add a bias (PyTorch's default)")};
  s.required = 1;
  s.infer = [](const OpCall& c) -> Expected<Shape> {
    if (auto ok = want_image(c.input); !ok) return ok.error();
    const auto& a = c.args;
    const std::int64_t k = a.integer("k"), stride = a.integer("stride"), padding = a.integer("padding"),
                       extra = a.integer("output_padding");
    if (a.integer("out") <= 0) return misfit("needs out > 0 channels, got " + std::to_string(a.integer("out")));
    if (k <= 0 || stride <= 0 || padding < 0 || extra < 0) return misfit("kernel and stride must be positive, paddings not negative");
    if (extra >= stride) return misfit("output_padding must be smaller than the stride");
    auto out = [&](std::int64_t in) { return (in - 1) * stride - 2 * padding + k + extra; };
    if (out(c.input[1]) <= 0 || out(c.input[2]) <= 0) return misfit("the padding leaves no output");
    return Shape{a.integer("out"), out(c.input[1]), out(c.input[2])};
  };
  return s;
}

OpInstance deconv_factory(const OpCall& c) {
  const auto& a = c.args;
  return make_op(nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(c.input[0], a.integer("out"), a.integer("k"))
                                         .stride(a.integer("stride"))
                                         .padding(a.integer("padding"))
                                         .output_padding(a.integer("output_padding"))
                                         .bias(a.boolean("bias"))));
}

OpSignature bn_signature() {
  OpSignature s = signature("bn", "BatchNorm over channels (affine, eps 1e-5, momentum 0.1 unless told)");
  // eps and momentum let a declaration say what a reference network does: TransNAS-Bench-101's
  // ResNet shortcut, nn.BatchNorm2d(planes, affine, track_running_stats), has eps = momentum = 1.
  s.params = {bool_param("affine", true, "learn a scale and shift"),
              real_param("eps", 1e-5, "added to the variance before the square root"),
              real_param("momentum", 0.1, "running statistics' update rate")};
  s.infer = [](const OpCall& c) -> Expected<Shape> {
    if (auto ok = want_image(c.input); !ok) return ok.error();
    if (!(c.args.real("eps") > 0)) return misfit("needs eps > 0, got " + std::to_string(c.args.real("eps")));
    const double momentum = c.args.real("momentum");
    if (!(momentum >= 0 && momentum <= 1)) return misfit("needs momentum in [0, 1], got " + std::to_string(momentum));
    return c.input;
  };
  return s;
}

OpSignature activation_signature(const std::string& name, const std::string& what) {
  OpSignature s = signature(name, what + ", an activation site (taps, firing patterns)");
  s.infer = [](const OpCall& c) -> Expected<Shape> { return c.input; };
  return s;
}

OpSignature pool_signature(const std::string& name, const std::string& what) {
  OpSignature s = signature(name, what);
  s.params = {int_param("k", 2, "window size"), int_param("stride", -1, "stride; -1: the window size"),
              int_param("padding", 0, "zero padding")};
  if (name == "avg_pool")
    s.params.push_back(bool_param("count_include_pad", true, "average over padded positions too"));
  s.infer = [](const OpCall& c) -> Expected<Shape> {
    if (auto ok = want_image(c.input); !ok) return ok.error();
    const auto& a = c.args;
    const std::int64_t k = a.integer("k"), stride = a.integer("stride") > 0 ? a.integer("stride") : k;
    if (a.integer("padding") * 2 > k) return misfit("padding may be at most half the window");
    auto h = window_out(c.input[1], k, stride, a.integer("padding"));
    if (!h) return h.error();
    auto w = window_out(c.input[2], k, stride, a.integer("padding"));
    if (!w) return w.error();
    return Shape{c.input[0], *h, *w};
  };
  return s;
}

std::int64_t pool_stride(const ParamSet& a) { return a.integer("stride") > 0 ? a.integer("stride") : a.integer("k"); }

OpSignature global_pool_signature() {
  OpSignature s = signature("global_pool", "global average pooling: [C, H, W] -> [C]");
  s.infer = [](const OpCall& c) -> Expected<Shape> {
    if (auto ok = want_image(c.input); !ok) return ok.error();
    return Shape{c.input[0]};
  };
  return s;
}

OpSignature flatten_signature() {
  OpSignature s = signature("flatten", "all dimensions but the batch as one: [C, H, W] -> [C * H * W]");
  s.infer = [](const OpCall& c) -> Expected<Shape> {
    std::int64_t n = 1;
    for (auto d : c.input) n *= d;
    return Shape{n};
  };
  return s;
}

OpSignature linear_signature() {
  OpSignature s = signature("linear", "fully connected over the last dimension (per token on sequences)");
  s.params = {int_param("out", 0, "output features"), bool_param("bias", true, "add a bias")};
  s.required = 1;
  s.infer = [](const OpCall& c) -> Expected<Shape> {
    if (c.input.size() != 1 && c.input.size() != 2)
      return misfit("expects features [F] or tokens [T, D], gets " + to_string(c.input) +
                    " (pool or flatten an image first)");
    if (c.args.integer("out") <= 0) return misfit("needs out > 0, got " + std::to_string(c.args.integer("out")));
    Shape out = c.input;
    out.back() = c.args.integer("out");
    return out;
  };
  return s;
}

void add_activation(PluginRegistrar& r, const std::string& name, const std::string& what, nn::ActivationKind kind) {
  r.add_op(activation_signature(name, what), [kind](const OpCall&) { return make_op(nn::Activation(kind)); });
}

}  // namespace

void register_layer_ops(PluginRegistrar& r) {
  r.add_op(conv_signature(), conv_factory);
  r.add_op(deconv_signature(), deconv_factory);
  r.add_op(bn_signature(), [](const OpCall& c) {
    return make_op(nn::BatchNorm2d(c.input[0], c.args.boolean("affine"), c.args.real("eps"), c.args.real("momentum")));
  });
  add_activation(r, "relu", "ReLU", nn::ActivationKind::relu);
  add_activation(r, "relu6", "ReLU6 (MobileNet)", nn::ActivationKind::relu6);
  add_activation(r, "gelu", "GELU (exact, erf)", nn::ActivationKind::gelu);
  add_activation(r, "silu", "SiLU / swish", nn::ActivationKind::silu);
  add_activation(r, "tanh", "tanh", nn::ActivationKind::tanh);
  {
    OpSignature leaky = activation_signature("leaky_relu", "LeakyReLU");
    leaky.params = {real_param("slope", 0.01, "the slope below zero")};
    r.add_op(leaky, [](const OpCall& c) {
      return make_op(nn::Activation(nn::ActivationKind::leaky_relu, c.args.real("slope")));
    });
  }
  r.add_op(pool_signature("max_pool", "max pooling"), [](const OpCall& c) {
    const auto& a = c.args;
    return make_op(nn::MaxPool2d(torch::nn::MaxPool2dOptions(a.integer("k")).stride(pool_stride(a)).padding(a.integer("padding"))));
  });
  r.add_op(pool_signature("avg_pool", "average pooling"), [](const OpCall& c) {
    const auto& a = c.args;
    return make_op(nn::AvgPool2d(torch::nn::AvgPool2dOptions(a.integer("k"))
                                     .stride(pool_stride(a))
                                     .padding(a.integer("padding"))
                                     .count_include_pad(a.boolean("count_include_pad"))));
  });
  r.add_op(global_pool_signature(), [](const OpCall&) { return make_op(nn::GlobalAvgPool()); });
  r.add_op(flatten_signature(), [](const OpCall&) {
    return make_op(std::function<at::Tensor(const at::Tensor&)>([](const at::Tensor& x) { return x.flatten(1); }));
  });
  r.add_op(linear_signature(), [](const OpCall& c) {
    return make_op(nn::Linear(torch::nn::LinearOptions(c.input.back(), c.args.integer("out")).bias(c.args.boolean("bias"))));
  });
}

}  // namespace zcnas::standard_ops
