#include "net/families/darts.hpp"

#include <torch/torch.h>

#include "net/families/supernet_seed.hpp"
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

// The cell ops' BatchNorm: NAS-Bench-301's cell ops (NASLib's DARTS graph) have no affine
// parameters, the cells' preprocessing and the stem keep them (found from the parameter counts:
// the difference to affine ops is exactly their BatchNorm channels, x2, on every NB301 cell);
// DARTS's own evaluation network (quark0/darts cnn/operations.py, affine=True) has them, so
// its published sizes (DARTS_V2 at 36 channels, 20 cells: 3,349,342) count them. The space's
// `op_bn` setting picks: plain (default) or affine.

Chain dil_conv(std::int64_t in, std::int64_t out, std::int64_t k, std::int64_t stride, std::int64_t pad, std::int64_t dil,
               bool affine) {
  Chain c;
  c->add("act", nn::Activation());
  c->add("depthwise", nn::Conv2d(Conv2dOptions(in, in, k).stride(stride).padding(pad).dilation(dil).groups(in).bias(false)));
  c->add("pointwise", nn::Conv2d(Conv2dOptions(in, out, 1).bias(false)));
  c->add("bn", nn::BatchNorm2d(out, affine));
  return c;
}

Chain sep_conv(std::int64_t in, std::int64_t out, std::int64_t k, std::int64_t stride, std::int64_t pad, bool affine) {
  Chain c;
  c->add("act1", nn::Activation());
  c->add("depthwise1", nn::Conv2d(Conv2dOptions(in, in, k).stride(stride).padding(pad).groups(in).bias(false)));
  c->add("pointwise1", nn::Conv2d(Conv2dOptions(in, in, 1).bias(false)));
  c->add("bn1", nn::BatchNorm2d(in, affine));
  c->add("act2", nn::Activation());
  c->add("depthwise2", nn::Conv2d(Conv2dOptions(in, in, k).padding(pad).groups(in).bias(false)));
  c->add("pointwise2", nn::Conv2d(Conv2dOptions(in, out, 1).bias(false)));
  c->add("bn2", nn::BatchNorm2d(out, affine));
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
                                                     bool affine, std::string& error) {
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
    auto m = owner.register_module(name, FactorizedReduce(c, c, affine));
    return [m](const at::Tensor& x) mutable { return m->forward(x); };
  }
  Chain chain{nullptr};
  if (op == "sep_conv_3x3") chain = sep_conv(c, c, 3, stride, 1, affine);
  else if (op == "sep_conv_5x5") chain = sep_conv(c, c, 5, stride, 2, affine);
  else if (op == "dil_conv_3x3") chain = dil_conv(c, c, 3, stride, 2, 2, affine);
  else if (op == "dil_conv_5x5") chain = dil_conv(c, c, 5, stride, 4, 2, affine);
  else {
    error = "DARTS op '" + op + "' has no implementation";
    return {};
  }
  auto m = owner.register_module(name, chain);
  return [m](const at::Tensor& x) mutable { return m->forward(x); };
}

// Node k's two input slots: the states and ops alive in each (one each for an architecture;
// several for a supernet, whose slot averages every alive (state, op) pair).
struct NodeSpec {
  std::vector<int> inputs[2];
  std::vector<std::string> ops[2];
};

// The module that holds a supernet slot's ops (node0_op1.in2_sep_conv_3x3).
class SlotImpl : public torch::nn::Module {};

class CellImpl : public torch::nn::Module {
 public:
  // `seed` (supernets): every module draws its weights from it and its name under `path`
  // (supernet_seed.hpp); null for an architecture, whose modules draw in order.
  CellImpl(const std::vector<NodeSpec>& nodes, std::int64_t c_pp, std::int64_t c_p, std::int64_t c, bool reduction,
           bool reduction_prev, bool op_affine, std::string& error, const std::uint64_t* seed = nullptr,
           const std::string& path = "")
      : nodes_(static_cast<int>(nodes.size())) {
    auto seed_for = [&](const std::string& name) {
      if (seed) seed_supernet_module(*seed, path + "." + name);
    };
    seed_for("preprocess");
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
        const std::string name = "node" + std::to_string(k) + "_op" + std::to_string(s);
        const auto& inputs = nodes[k].inputs[s];
        const auto& ops = nodes[k].ops[s];
        // Reduction cells apply stride 2 to edges from the two cell inputs.
        auto stride_of = [&](int input) -> std::int64_t { return reduction && input < 2 ? 2 : 1; };
        if (inputs.size() == 1 && ops.size() == 1) {
          seed_for(name + ".in" + std::to_string(inputs[0]) + "." + ops[0]);
          auto op = make_op(*this, name, ops[0], c, stride_of(inputs[0]), op_affine, error);
          const int from = inputs[0];
          slots_.push_back([op, from](const std::vector<at::Tensor>& states) { return op(states[from]); });
          continue;
        }
        auto slot = register_module(name, std::make_shared<SlotImpl>());
        std::vector<std::pair<int, std::function<at::Tensor(const at::Tensor&)>>> pairs;
        for (int input : inputs)
          for (const auto& op : ops) {
            const std::string pair = "in" + std::to_string(input) + "_" + op;
            seed_for(name + ".in" + std::to_string(input) + "." + op);
            pairs.emplace_back(input, make_op(*slot, pair, op, c, stride_of(input), op_affine, error));
          }
        slots_.push_back([pairs](const std::vector<at::Tensor>& states) {
          at::Tensor sum = pairs[0].second(states[pairs[0].first]);
          for (std::size_t i = 1; i < pairs.size(); ++i) sum = sum + pairs[i].second(states[pairs[i].first]);
          return sum / static_cast<double>(pairs.size());
        });
      }
    // What is built after this cell draws the same whichever ops it holds.
    seed_for("after");
  }
  at::Tensor forward(const at::Tensor& s0, const at::Tensor& s1) {
    std::vector<at::Tensor> states{pre0_(s0), pre1_(s1)};
    for (int k = 0; k < nodes_; ++k) states.push_back(slots_[2 * k](states) + slots_[2 * k + 1](states));
    return torch::cat(std::vector<at::Tensor>(states.begin() + 2, states.end()), 1);
  }

 private:
  int nodes_;
  std::function<at::Tensor(const at::Tensor&)> pre0_, pre1_;
  std::vector<std::function<at::Tensor(const std::vector<at::Tensor>&)>> slots_;
};
TORCH_MODULE(Cell);

class DartsNetwork : public NetModule {
 public:
  DartsNetwork(std::int64_t in_channels, std::int64_t c, std::int64_t layers, std::int64_t classes,
               const std::vector<NodeSpec>& normal, const std::vector<NodeSpec>& reduce, bool op_affine, std::string& error,
               const std::uint64_t* supernet_seed = nullptr) {
    const std::int64_t stem = 3 * c;
    stem_conv_ = register_module("stem_conv", nn::Conv2d(Conv2dOptions(in_channels, stem, 3).padding(1).bias(false)));
    stem_bn_ = register_module("stem_bn", nn::BatchNorm2d(stem));
    std::int64_t c_pp = stem, c_p = stem, c_curr = c;
    bool reduction_prev = false;
    for (std::int64_t i = 0; i < layers; ++i) {
      const bool reduction = i == layers / 3 || i == 2 * layers / 3;
      if (reduction) c_curr *= 2;
      const auto& genotype = reduction ? reduce : normal;
      const std::string name = "cell" + std::to_string(i);
      cells_.push_back(register_module(
          name, Cell(genotype, c_pp, c_p, c_curr, reduction, reduction_prev, op_affine, error, supernet_seed, name)));
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

// The network with the states and ops `alive` in every slot (spec::Supernet's layout: per
// decision, the alive options).
Expected<Network> build(const spec::SearchSpace& space, const std::vector<std::vector<int>>& alive,
                        const std::uint64_t* supernet_seed) {
  if (space.cell("normal") == nullptr || space.cell("reduce") == nullptr)
    return Error(ErrorKind::network, "a darts space needs darts cells named normal and reduce");
  auto genotype = [&](const std::string& name) {
    std::vector<NodeSpec> nodes;
    const spec::Cell* cell = space.cell(name);
    for (int k = 0; k < cell->nodes; ++k) {
      NodeSpec n;
      for (int s = 0; s < 2; ++s) {
        const int base = cell->first_decision + 4 * k + 2 * s;
        for (int o : alive[static_cast<std::size_t>(base)])
          n.inputs[s].push_back(static_cast<int>(space.decisions[base].options[o].as_integer()));
        for (int o : alive[static_cast<std::size_t>(base + 1)])
          n.ops[s].push_back(space.decisions[base + 1].options[o].to_string());
      }
      nodes.push_back(n);
    }
    return nodes;
  };
  bool op_affine = false;
  if (auto it = space.settings.find("op_bn"); it != space.settings.end()) {
    const std::string bn = it->second.as_text();
    if (bn != "plain" && bn != "affine")
      return Error(ErrorKind::network, "darts setting op_bn is plain or affine, not '" + bn + "'");
    op_affine = bn == "affine";
  }
  std::string error;
  std::vector<std::int64_t> input;
  for (const auto& v : space.settings.at("input").as_list()) input.push_back(v.as_integer());
  auto root = std::make_shared<DartsNetwork>(input.at(0), space.settings.at("init_channels").as_integer(),
                                             space.settings.at("layers").as_integer(),
                                             space.settings.at("classes").as_integer(), genotype("normal"),
                                             genotype("reduce"), op_affine, error, supernet_seed);
  if (!error.empty()) return Error(ErrorKind::network, error);
  return Network(std::move(root));
}

}  // namespace

Expected<Network> build_darts(const spec::SearchSpace& space, const spec::Architecture& arch) {
  std::vector<std::vector<int>> alive;
  for (int option : arch) alive.push_back({option});
  return build(space, alive, nullptr);
}

Expected<Network> build_darts_supernet(const spec::SearchSpace& space, const Supernet& supernet, std::uint64_t seed) {
  return build(space, supernet.alive, &seed);
}

}  // namespace zcnas::net
