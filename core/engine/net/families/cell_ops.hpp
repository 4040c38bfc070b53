#pragma once
// The operations of NAS-Bench-201-style cells, as xautodl defines them. Shared by the
// NAS-Bench-201 and TransNAS-Bench-101 micro families.

#include <torch/nn/module.h>

#include <string>
#include <vector>

#include "zcnas/net/modules.hpp"

namespace zcnas::net {

// ReLU -> Conv (no bias) -> BN: "nor_conv" in NAS-Bench-201.
class ReLUConvBNImpl : public torch::nn::Module {
 public:
  ReLUConvBNImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride, std::int64_t padding);
  at::Tensor forward(const at::Tensor& x);

 private:
  nn::Activation act_{nullptr};
  nn::Conv2d conv_{nullptr};
  nn::BatchNorm2d bn_{nullptr};
};
TORCH_MODULE(ReLUConvBN);

// One edge of a cell: none (zeros), skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3.
class CellEdgeImpl : public torch::nn::Module {
 public:
  enum class Op { none, skip, conv1x1, conv3x3, avg_pool };
  CellEdgeImpl(Op op, std::int64_t channels);
  at::Tensor forward(const at::Tensor& x);

 private:
  Op op_;
  ReLUConvBN conv_{nullptr};
  nn::AvgPool2d pool_{nullptr};
};
TORCH_MODULE(CellEdge);

// Evaluates a DAG cell: node 0 is `x`, node j the sum of its incoming edges (given in
// evaluation order, each with `from`, `to` and a `module` holder), the last node the output.
template <class Link>
at::Tensor evaluate_dag(int nodes, std::vector<Link>& edges, const at::Tensor& x) {
  std::vector<at::Tensor> node(nodes);
  node[0] = x;
  for (auto& e : edges) {
    at::Tensor y = e.module->forward(node[e.from]);
    node[e.to] = node[e.to].defined() ? node[e.to] + y : y;
  }
  return node[nodes - 1];
}

// Maps a DSL op name to an edge op; false if unknown.
bool parse_cell_op(const std::string& name, CellEdgeImpl::Op& op);

// NAS-Bench-201's ResNet basic block between stages: ReLUConvBN(3x3, stride 2) ->
// ReLUConvBN(3x3) plus AvgPool(2) -> Conv 1x1 on the shortcut.
class ResNetBasicBlockImpl : public torch::nn::Module {
 public:
  ResNetBasicBlockImpl(std::int64_t in, std::int64_t out, std::int64_t stride);
  at::Tensor forward(const at::Tensor& x);

 private:
  ReLUConvBN conv_a_{nullptr}, conv_b_{nullptr};
  nn::AvgPool2d shortcut_pool_{nullptr};
  nn::Conv2d shortcut_{nullptr};
};
TORCH_MODULE(ResNetBasicBlock);

}  // namespace zcnas::net
