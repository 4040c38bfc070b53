#include "net/families/cell_network.hpp"

#include <torch/torch.h>

#include "net/families/cell_ops.hpp"

namespace zcnas::net {

namespace {

struct EdgeSpec {
  int from, to;
  CellEdgeImpl::Op op;
};

// A DAG cell: node 0 is the input, node j the sum of its incoming edges, the last node the output.
class DagCellImpl : public torch::nn::Module {
 public:
  DagCellImpl(int nodes, const std::vector<EdgeSpec>& edges, std::int64_t channels) : nodes_(nodes) {
    // Registered in evaluation order (by target node, then source).
    for (const auto& e : edges) {
      edges_.push_back({e.from, e.to, register_module("edge_" + std::to_string(e.from) + "_" + std::to_string(e.to),
                                                        CellEdge(e.op, channels))});
    }
  }
  at::Tensor forward(const at::Tensor& x) { return evaluate_dag(nodes_, edges_, x); }

 private:
  struct Edge {
    int from, to;
    CellEdge module;
  };
  int nodes_;
  std::vector<Edge> edges_;
};
TORCH_MODULE(DagCell);

class CellNetwork : public NetModule {
 public:
  CellNetwork(std::int64_t in_channels, std::int64_t stem, const std::vector<std::int64_t>& stages,
              std::int64_t cells_per_stage, std::int64_t classes, int nodes, const std::vector<EdgeSpec>& edges) {
    stem_conv_ = register_module("stem_conv", nn::Conv2d(torch::nn::Conv2dOptions(in_channels, stem, 3).padding(1).bias(false)));
    stem_bn_ = register_module("stem_bn", nn::BatchNorm2d(stem));
    std::int64_t channels = stem;
    for (std::size_t s = 0; s < stages.size(); ++s) {
      if (s > 0 || stages[s] != channels) {
        // The first stage starts at the stem's width; later ones down-sample and widen.
        const std::int64_t stride = s > 0 ? 2 : 1;
        blocks_.push_back(register_module("stage" + std::to_string(s) + "_reduction",
                                          ResNetBasicBlock(channels, stages[s], stride)));
        order_.push_back({true, blocks_.size() - 1});
        channels = stages[s];
      }
      for (std::int64_t c = 0; c < cells_per_stage; ++c) {
        cells_.push_back(register_module("stage" + std::to_string(s) + "_cell" + std::to_string(c),
                                         DagCell(nodes, edges, channels)));
        order_.push_back({false, cells_.size() - 1});
      }
    }
    last_bn_ = register_module("last_bn", nn::BatchNorm2d(channels));
    last_act_ = register_module("last_act", nn::Activation(nn::ActivationKind::relu));
    pool_ = register_module("global_pool", nn::GlobalAvgPool());
    classifier_ = register_module("classifier", nn::Linear(channels, classes));
  }

  at::Tensor forward(const at::Tensor& x) override { return forward_blocks(x, nullptr); }
  at::Tensor forward_blocks(const at::Tensor& x, std::vector<at::Tensor>* features) override {
    at::Tensor h = stem_bn_->forward(stem_conv_->forward(x));
    if (features) features->push_back(h);
    for (const auto& [is_block, index] : order_) {
      h = is_block ? blocks_[index]->forward(h) : cells_[index]->forward(h);
      if (features) features->push_back(h);
    }
    h = last_act_->forward(last_bn_->forward(h));
    return classifier_->forward(pool_->forward(h));
  }

 private:
  nn::Conv2d stem_conv_{nullptr};
  nn::BatchNorm2d stem_bn_{nullptr}, last_bn_{nullptr};
  nn::GlobalAvgPool pool_{nullptr};
  std::vector<ResNetBasicBlock> blocks_;
  std::vector<DagCell> cells_;
  std::vector<std::pair<bool, std::size_t>> order_;
  nn::Activation last_act_{nullptr};
  nn::Linear classifier_{nullptr};
};

std::vector<std::int64_t> ints(const spec::Value& v) {
  std::vector<std::int64_t> out;
  for (const auto& x : v.as_list()) out.push_back(x.as_integer());
  return out;
}

}  // namespace

Expected<Network> build_cell_network(const spec::SearchSpace& space, const spec::Architecture& arch) {
  if (space.cells.size() != 1 || space.cells[0].kind != spec::CellKind::dag)
    return Error(ErrorKind::network, "a cell_network space has exactly one dag cell");
  const spec::Cell& cell = space.cells[0];
  std::vector<EdgeSpec> edges;
  int d = cell.first_decision;
  for (int j = 1; j < cell.nodes; ++j)
    for (int i = 0; i < j; ++i, ++d) {
      const std::string name = space.decisions[d].options[arch[d]].to_string();
      CellEdgeImpl::Op op;
      if (!parse_cell_op(name, op))
        return Error(ErrorKind::network, "cell op '" + name + "' has no implementation (none, skip_connect, "
                                                              "nor_conv_1x1, nor_conv_3x3, avg_pool_3x3)");
      edges.push_back({i, j, op});
    }
  const auto input = ints(space.settings.at("input"));
  return Network(std::make_shared<CellNetwork>(input.at(0), space.settings.at("stem").as_integer(),
                                               ints(space.settings.at("stages")),
                                               space.settings.at("cells_per_stage").as_integer(),
                                               space.settings.at("classes").as_integer(), cell.nodes, edges));
}

}  // namespace zcnas::net
