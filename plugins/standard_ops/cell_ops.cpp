// The ops of cell edges: NAS-Bench-201's (xautodl's OPS: none, skip_connect, nor_conv_1x1,
// nor_conv_3x3, avg_pool_3x3) and DARTS' (sep_conv, dil_conv, max_pool_3x3), each keeping the
// shape of its input, so that any of them may stand on any edge of any dag cell. The module
// names inside them (act, conv, bn) are those of zcnas's NAS-Bench-201 family.

#include <torch/torch.h>
#include <zcnas/net/chain.hpp>
#include <zcnas/net/modules.hpp>

#include "op_support.hpp"

namespace zcnas::standard_ops {

namespace {

using torch::nn::Conv2dOptions;

using nn::Chain;

OpSignature cell_signature(const std::string& name, const std::string& what, bool has_affine) {
  OpSignature s = signature(name, what + " (cell edge op: keeps the shape)");
  if (has_affine) s.params = {bool_param("affine", true, "BatchNorm with scale and shift")};
  s.cell_op = true;
  s.infer = [](const OpCall& c) -> Expected<Shape> {
    if (auto ok = want_image(c.input); !ok) return ok.error();
    return c.input;
  };
  return s;
}

Chain relu_conv_bn(std::int64_t channels, std::int64_t k, bool affine) {
  Chain c;
  c->add("act", nn::Activation(nn::ActivationKind::relu));
  c->add("conv", nn::Conv2d(Conv2dOptions(channels, channels, k).padding(k / 2).bias(false)));
  c->add("bn", nn::BatchNorm2d(channels, affine));
  return c;
}

Chain dil_conv(std::int64_t channels, std::int64_t k, bool affine) {
  Chain c;
  c->add("act", nn::Activation(nn::ActivationKind::relu));
  c->add("depthwise", nn::Conv2d(Conv2dOptions(channels, channels, k).padding(k - 1).dilation(2).groups(channels).bias(false)));
  c->add("pointwise", nn::Conv2d(Conv2dOptions(channels, channels, 1).bias(false)));
  c->add("bn", nn::BatchNorm2d(channels, affine));
  return c;
}

Chain sep_conv(std::int64_t channels, std::int64_t k, bool affine) {
  Chain c;
  for (int i = 1; i <= 2; ++i) {
    const std::string n = std::to_string(i);
    c->add("act" + n, nn::Activation(nn::ActivationKind::relu));
    c->add("depthwise" + n, nn::Conv2d(Conv2dOptions(channels, channels, k).padding(k / 2).groups(channels).bias(false)));
    c->add("pointwise" + n, nn::Conv2d(Conv2dOptions(channels, channels, 1).bias(false)));
    c->add("bn" + n, nn::BatchNorm2d(channels, affine));
  }
  return c;
}

}  // namespace

void register_cell_ops(PluginRegistrar& r) {
  using Fn = std::function<at::Tensor(const at::Tensor&)>;
  // xautodl's Zero: keeps the graph (and the gradient path) and contributes nothing.
  r.add_op(cell_signature("none", "zero", false), [](const OpCall&) { return make_op(Fn([](const at::Tensor& x) { return x.mul(0.0); })); });
  r.add_op(cell_signature("skip_connect", "identity", false), [](const OpCall&) { return make_op(Fn([](const at::Tensor& x) { return x; })); });
  for (int k : {1, 3}) {
    const std::string name = "nor_conv_" + std::to_string(k) + "x" + std::to_string(k);
    r.add_op(cell_signature(name, "ReLU, conv " + std::to_string(k) + "x" + std::to_string(k) + ", BN", true),
             [k](const OpCall& c) { return make_op(relu_conv_bn(c.input[0], k, c.args.boolean("affine"))); });
  }
  r.add_op(cell_signature("avg_pool_3x3", "average pool 3x3, stride 1, padding 1, padding not counted", false), [](const OpCall&) {
    return make_op(nn::AvgPool2d(torch::nn::AvgPool2dOptions(3).stride(1).padding(1).count_include_pad(false)));
  });
  r.add_op(cell_signature("max_pool_3x3", "max pool 3x3, stride 1, padding 1", false), [](const OpCall&) {
    return make_op(nn::MaxPool2d(torch::nn::MaxPool2dOptions(3).stride(1).padding(1)));
  });
  for (int k : {3, 5}) {
    const std::string kk = std::to_string(k) + "x" + std::to_string(k);
    r.add_op(cell_signature("sep_conv_" + kk, "DARTS separable conv " + kk + " (twice ReLU, depthwise, pointwise, BN)", true),
             [k](const OpCall& c) { return make_op(sep_conv(c.input[0], k, c.args.boolean("affine"))); });
    r.add_op(cell_signature("dil_conv_" + kk, "DARTS dilated conv " + kk + " (ReLU, depthwise dilation 2, pointwise, BN)", true),
             [k](const OpCall& c) { return make_op(dil_conv(c.input[0], k, c.args.boolean("affine"))); });
  }
}

}  // namespace zcnas::standard_ops
