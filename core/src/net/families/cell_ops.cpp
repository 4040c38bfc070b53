#include "net/families/cell_ops.hpp"

#include <torch/torch.h>

namespace zcnas::net {

ReLUConvBNImpl::ReLUConvBNImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride,
                               std::int64_t padding) {
  act_ = register_module("act", nn::Activation(nn::ActivationKind::relu));
  conv_ = register_module("conv", nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(false)));
  bn_ = register_module("bn", torch::nn::BatchNorm2d(out));
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
}

at::Tensor CellEdgeImpl::forward(const at::Tensor& x) {
  switch (op_) {
    case Op::none: return x.mul(0.0);  // as xautodl's Zero: keeps the graph, contributes nothing
    case Op::skip: return x;
    case Op::avg_pool:
      return torch::avg_pool2d(x, {3, 3}, {1, 1}, {1, 1}, /*ceil_mode=*/false, /*count_include_pad=*/false);
    case Op::conv1x1:
    case Op::conv3x3: return conv_->forward(x);
  }
  return x;
}

ResNetBasicBlockImpl::ResNetBasicBlockImpl(std::int64_t in, std::int64_t out, std::int64_t stride) {
  conv_a_ = register_module("conv_a", ReLUConvBN(in, out, 3, stride, 1));
  conv_b_ = register_module("conv_b", ReLUConvBN(out, out, 3, 1, 1));
  shortcut_ = register_module("shortcut", nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1).bias(false)));
}

at::Tensor ResNetBasicBlockImpl::forward(const at::Tensor& x) {
  at::Tensor residual = shortcut_->forward(torch::avg_pool2d(x, {2, 2}, {2, 2}));
  return conv_b_->forward(conv_a_->forward(x)) + residual;
}

}  // namespace zcnas::net
