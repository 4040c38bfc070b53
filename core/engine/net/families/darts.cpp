#include "net/families/darts.hpp"

#include <torch/torch.h>

#include "zcnas/net/chain.hpp"
#include "zcnas/net/modules.hpp"

namespace zcnas::net {

namespace {

using torch::nn::Conv2dOptions;

using nn::Chain;

Chain relu_conv_bn(std::int64_t in, std::int64_t out, std::int64_t k, std::int64_t stride, std::int64_t pad) {
  Chain c;
  c->add("act", nn::Activation());
  c->add("conv", nn::Conv2d(Conv2dOptions(in, out, k).stride(stride).padding(pad).bias(false)));
  c->add("bn", nn::BatchNorm2d(out));
  return c;
}

// NAS-Bench-301's cell ops (NASLib's DARTS graph) use BatchNorm without affine parameters;
// the cells' preprocessing and the stem keep them. (Found from the parameter counts: the
// difference to affine ops is exactly their BatchNorm channels, x2, on every NB301 cell.)
constexpr bool kOpAffine = false;

Chain dil_conv(std::int64_t in, std::int64_t out, std::int64_t k, std::int64_t stride, std::int64_t pad, std::int64_t dil) {
  Chain c;
  c->add("act", nn::Activation());
  c->add("depthwise", nn::Conv2d(Conv2dOptions(in, in, k).stride(stride).padding(pad).dilation(dil).groups(in).bias(false)));
  c->add("pointwise", nn::Conv2d(Conv2dOptions(in, out, 1).bias(false)));
  c->add("bn", nn::BatchNorm2d(out, kOpAffine));
  return c;
}

Chain sep_conv(std::int64_t in, std::int64_t out, std::int64_t k, std::int64_t stride, std::int64_t pad) {
  Chain c;
  c->add("act1", nn::Activation());
  c->add("depthwise1", nn::Conv2d(Conv2dOptions(in, in, k).stride(stride).padding(pad).groups(in).bias(false)));
  c->add("pointwise1", nn::Conv2d(Conv2dOptions(in, in, 1).bias(false)));
  c->add("bn1", nn::BatchNorm2d(in, kOpAffine));
  c->add("act2", nn::Activation());
  c->add("depthwise2", nn::Conv2d(Conv2dOptions(in, in, k).padding(pad).groups(in).bias(false)));
  c->add("pointwise2", nn::Conv2d(Conv2dOptions(in, out, 1).bias(false)));
  c->add("bn2", nn::BatchNorm2d(out, kOpAffine));
  return c;
}

// ReLU, then two stride-2 1x1 convs on offset grids, concatenated: halves H and W.
class FactorizedReduceImpl : public torch::nn::Module {
 public:
  FactorizedReduceImpl(std::int64_t in, std::int64_t out, bool affine) {
    act_ = register_module("act", nn::Activation());
    conv1_ = register_module("conv1", nn::Conv2d(Conv2dOptions(in, out / 2, 1).stride(2).bias(false)));
    conv2_ = register_module("conv2", nn::Conv2d(Conv2dOptions(in, out - out / 2, 1).stride(2).bias(false)));
    bn_ = register_module("bn", nn::BatchNorm2d(out, affine));
  }
  at::Tensor forward(const at::Tensor& x) {
    at::Tensor h = act_->forward(x);
    const auto shifted = h.narrow(2, 1, h.size(2) - 1).narrow(3, 1, h.size(3) - 1);
    return bn_->forward(torch::cat({conv1_->forward(h), conv2_->forward(shifted)}, 1));
  }

 private:
  nn::Activation act_{nullptr};
  nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
  nn::BatchNorm2d bn_{nullptr};
};
TORCH_MODULE(FactorizedReduce);

// One op of a cell, by name.
std::function<at::Tensor(const at::Tensor&)> make_op(torch::nn::Module& owner, const std::string& name,
                                                     const std::string& op, std::int64_t c, std::int64_t stride,
                                                     std::string& error) {
  if (op == "max_pool_3x3") {
    auto m = owner.register_module(name, nn::MaxPool2d(torch::nn::MaxPool2dOptions(3).stride(stride).padding(1)));
    return [m](const at::Tensor& x) mutable { return m->forward(x); };
  }
  if (op == "avg_pool_3x3") {
    auto m = owner.register_module(
        name, nn::AvgPool2d(torch::nn::AvgPool2dOptions(3).stride(stride).padding(1).count_include_pad(false)));
    return [m](const at::Tensor& x) mutable { return m->forward(x); };
  }
  if (op == "skip_connect") {
    if (stride == 1) return [](const at::Tensor& x) { return x; };
    auto m = owner.register_module(name, FactorizedReduce(c, c, kOpAffine));
    return [m](const at::Tensor& x) mutable { return m->forward(x); };
  }
  Chain chain{nullptr};
  if (op == "sep_conv_3x3") chain = sep_conv(c, c, 3, stride, 1);
  else if (op == "sep_conv_5x5") chain = sep_conv(c, c, 5, stride, 2);
  else if (op == "dil_conv_3x3") chain = dil_conv(c, c, 3, stride, 2, 2);
  else if (op == "dil_conv_5x5") chain = dil_conv(c, c, 5, stride, 4, 2);
  else {
    error = "DARTS op '" + op + "' has no implementation";
    return {};
  }
  auto m = owner.register_module(name, chain);
  return [m](const at::Tensor& x) mutable { return m->forward(x); };
}

struct NodeSpec {
  int input[2];
  std::string op[2];
};

class CellImpl : public torch::nn::Module {
 public:
  CellImpl(const std::vector<NodeSpec>& nodes, std::int64_t c_pp, std::int64_t c_p, std::int64_t c, bool reduction,
           bool reduction_prev, std::string& error)
      : nodes_(nodes) {
    if (reduction_prev) {
      auto m = register_module("preprocess0", FactorizedReduce(c_pp, c, true));
      pre0_ = [m](const at::Tensor& x) mutable { return m->forward(x); };
    } else {
      auto m = register_module("preprocess0", relu_conv_bn(c_pp, c, 1, 1, 0));
      pre0_ = [m](const at::Tensor& x) mutable { return m->forward(x); };
    }
    auto p1 = register_module("preprocess1", relu_conv_bn(c_p, c, 1, 1, 0));
    pre1_ = [p1](const at::Tensor& x) mutable { return p1->forward(x); };
    for (std::size_t k = 0; k < nodes.size(); ++k)
      for (int s = 0; s < 2; ++s) {
        // Reduction cells apply stride 2 to edges from the two cell inputs.
        const std::int64_t stride = reduction && nodes[k].input[s] < 2 ? 2 : 1;
        ops_.push_back(make_op(*this, "node" + std::to_string(k) + "_op" + std::to_string(s), nodes[k].op[s], c, stride, error));
      }
  }
  at::Tensor forward(const at::Tensor& s0, const at::Tensor& s1) {
    std::vector<at::Tensor> states{pre0_(s0), pre1_(s1)};
    for (std::size_t k = 0; k < nodes_.size(); ++k)
      states.push_back(ops_[2 * k](states[nodes_[k].input[0]]) + ops_[2 * k + 1](states[nodes_[k].input[1]]));
    return torch::cat(std::vector<at::Tensor>(states.begin() + 2, states.end()), 1);
  }

 private:
  std::vector<NodeSpec> nodes_;
  std::function<at::Tensor(const at::Tensor&)> pre0_, pre1_;
  std::vector<std::function<at::Tensor(const at::Tensor&)>> ops_;
};
TORCH_MODULE(Cell);

class DartsNetwork : public NetModule {
 public:
  DartsNetwork(std::int64_t in_channels, std::int64_t c, std::int64_t layers, std::int64_t classes,
               const std::vector<NodeSpec>& normal, const std::vector<NodeSpec>& reduce, std::string& error) {
    const std::int64_t stem = 3 * c;
    stem_conv_ = register_module("stem_conv", nn::Conv2d(Conv2dOptions(in_channels, stem, 3).padding(1).bias(false)));
    stem_bn_ = register_module("stem_bn", nn::BatchNorm2d(stem));
    std::int64_t c_pp = stem, c_p = stem, c_curr = c;
    bool reduction_prev = false;
    for (std::int64_t i = 0; i < layers; ++i) {
      const bool reduction = i == layers / 3 || i == 2 * layers / 3;
      if (reduction) c_curr *= 2;
      const auto& genotype = reduction ? reduce : normal;
      cells_.push_back(register_module("cell" + std::to_string(i),
                                       Cell(genotype, c_pp, c_p, c_curr, reduction, reduction_prev, error)));
      reduction_prev = reduction;
      c_pp = c_p;
      c_p = static_cast<std::int64_t>(genotype.size()) * c_curr;
    }
    pool_ = register_module("global_pool", nn::GlobalAvgPool());
    classifier_ = register_module("classifier", nn::Linear(c_p, classes));
  }
  at::Tensor forward(const at::Tensor& x) override { return forward_blocks(x, nullptr); }
  // A cell reads the two before it; the boundaries are the stem's output and each cell's.
  at::Tensor forward_blocks(const at::Tensor& x, std::vector<at::Tensor>* features) override {
    at::Tensor s0 = stem_bn_->forward(stem_conv_->forward(x)), s1 = s0;
    if (features) features->push_back(s0);
    for (auto& cell : cells_) {
      at::Tensor next = cell->forward(s0, s1);
      s0 = s1;
      s1 = next;
      if (features) features->push_back(s1);
    }
    return classifier_->forward(pool_->forward(s1));
  }

 private:
  nn::Conv2d stem_conv_{nullptr};
  nn::BatchNorm2d stem_bn_{nullptr};
  std::vector<Cell> cells_;
  nn::GlobalAvgPool pool_{nullptr};
  nn::Linear classifier_{nullptr};
};

}  // namespace

Expected<Network> build_darts(const spec::SearchSpace& space, const spec::Architecture& arch) {
  auto genotype = [&](const std::string& name) {
    std::vector<NodeSpec> nodes;
    const spec::Cell* cell = space.cell(name);
    for (int k = 0; k < cell->nodes; ++k) {
      NodeSpec n;
      for (int s = 0; s < 2; ++s) {
        const int base = cell->first_decision + 4 * k + 2 * s;
        n.input[s] = static_cast<int>(space.decisions[base].options[arch[base]].as_integer());
        n.op[s] = space.decisions[base + 1].options[arch[base + 1]].to_string();
      }
      nodes.push_back(n);
    }
    return nodes;
  };
  if (space.cell("normal") == nullptr || space.cell("reduce") == nullptr)
    return Error(ErrorKind::network, "a darts space needs darts cells named normal and reduce");
  std::string error;
  std::vector<std::int64_t> input;
  for (const auto& v : space.settings.at("input").as_list()) input.push_back(v.as_integer());
  auto root = std::make_shared<DartsNetwork>(input.at(0), space.settings.at("init_channels").as_integer(),
                                             space.settings.at("layers").as_integer(),
                                             space.settings.at("classes").as_integer(), genotype("normal"),
                                             genotype("reduce"), error);
  if (!error.empty()) return Error(ErrorKind::network, error);
  return Network(std::move(root));
}

}  // namespace zcnas::net
