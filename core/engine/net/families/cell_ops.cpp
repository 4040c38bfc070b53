#include "net/families/cell_ops.hpp"

#include <torch/torch.h>

namespace zcnas::net {

ReLUConvBNImpl::ReLUConvBNImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride,
                               std::int64_t padding) {
  act_ = register_module("act", nn::Activation(nn::ActivationKind::relu));
  conv_ = register_module("conv", nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(false)));
  bn_ = register_module("bn", nn::BatchNorm2d(out));
}

at::Tensor ReLUConvBNImpl::forward(const at::Tensor& x) { return bn_->forward(conv_->forward(act_->forward(x))); }

bool parse_cell_op(const std::string& name, CellEdgeImpl::Op& op) {
  using Op = CellEdgeImpl::Op;
  if (name == "none") op = Op::none;
  else if (name == "skip_connect") op = Op::skip;
  else if (name == "nor_conv_1x1") op = Op::conv1x1;
  else if (name == "nor_conv_3x3") op = Op::conv3x3;
  else if (name == "avg_pool_3x3") op = Op::avg_pool;
  else return false;
  return true;
}

CellEdgeImpl::CellEdgeImpl(Op op, std::int64_t channels) : op_(op) {
  if (op == Op::conv1x1) conv_ = register_module("op", ReLUConvBN(channels, channels, 1, 1, 0));
  if (op == Op::conv3x3) conv_ = register_module("op", ReLUConvBN(channels, channels, 3, 1, 1));
  if (op == Op::avg_pool)
    pool_ = register_module("op", nn::AvgPool2d(torch::nn::AvgPool2dOptions(3).stride(1).padding(1).count_include_pad(false)));
}

at::Tensor CellEdgeImpl::forward(const at::Tensor& x) {
  switch (op_) {
    case Op::none: return x.mul(0.0);  // as xautodl's Zero: keeps the graph, contributes nothing
    case Op::skip: return x;
    case Op::avg_pool: return pool_->forward(x);
    case Op::conv1x1:
    case Op::conv3x3: return conv_->forward(x);
  }
  return x;
}

ResNetBasicBlockImpl::ResNetBasicBlockImpl(std::int64_t in, std::int64_t out, std::int64_t stride) {
  conv_a_ = register_module("conv_a", ReLUConvBN(in, out, 3, stride, 1));
  conv_b_ = register_module("conv_b", ReLUConvBN(out, out, 3, 1, 1));
  // Registered in forward order: conv_a and conv_b run before the shortcut.
  shortcut_pool_ = register_module("shortcut_pool", nn::AvgPool2d(torch::nn::AvgPool2dOptions(2).stride(2)));
  shortcut_ = register_module("shortcut", nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1).bias(false)));
}

at::Tensor ResNetBasicBlockImpl::forward(const at::Tensor& x) {
  at::Tensor main = conv_b_->forward(conv_a_->forward(x));
  return main + shortcut_->forward(shortcut_pool_->forward(x));
}

}  // namespace zcnas::net
