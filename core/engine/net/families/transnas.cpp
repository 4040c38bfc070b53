#include "net/families/transnas.hpp"

#include <torch/torch.h>

#include "net/families/cell_ops.hpp"
#include "net/families/transnas_decoder.hpp"
#include "net/families/supernet_seed.hpp"
#include "zcnas/net/modules.hpp"
#include "zcnas/net/tiles.hpp"

namespace zcnas::net {

namespace {

using torch::nn::Conv2dOptions;

// TransNAS-Bench-101's FactorizedReduce: ReLU, two 1x1 convs (the second on the input
// shifted by one pixel, zero-padded), concatenated, BN. Also used with stride 1 to widen.
class ShiftedReduceImpl : public torch::nn::Module {
 public:
  ShiftedReduceImpl(std::int64_t in, std::int64_t out, std::int64_t stride) {
    act_ = register_module("act", nn::Activation());
    conv1_ = register_module("conv1", nn::Conv2d(Conv2dOptions(in, out / 2, 1).stride(stride).bias(false)));
    conv2_ = register_module("conv2", nn::Conv2d(Conv2dOptions(in, out - out / 2, 1).stride(stride).bias(false)));
    bn_ = register_module("bn", nn::BatchNorm2d(out));
  }
  at::Tensor forward(const at::Tensor& x) {
    at::Tensor h = act_->forward(x);
    at::Tensor shifted = torch::constant_pad_nd(h, {0, 1, 0, 1}, 0).narrow(2, 1, h.size(2)).narrow(3, 1, h.size(3));
    return bn_->forward(torch::cat({conv1_->forward(h), conv2_->forward(shifted)}, 1));
  }

 private:
  nn::Activation act_{nullptr};
  nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
  nn::BatchNorm2d bn_{nullptr};
};
TORCH_MODULE(ShiftedReduce);

// One edge: 0 zero, 1 skip (a ShiftedReduce when it must change width or resolution),
// 2 ReLUConvBN 1x1, 3 ReLUConvBN 3x3.
class EdgeImpl : public torch::nn::Module {
 public:
  EdgeImpl(int op, std::int64_t in, std::int64_t out, std::int64_t stride) : op_(op), in_(in), out_(out), stride_(stride) {
    if (op == 1 && (stride != 1 || in != out)) reduce_ = register_module("op", ShiftedReduce(in, out, stride));
    if (op == 2) conv_ = register_module("op", ReLUConvBN(in, out, 1, stride, 0));
    if (op == 3) conv_ = register_module("op", ReLUConvBN(in, out, 3, stride, 1));
  }
  at::Tensor forward(const at::Tensor& x) {
    if (op_ == 0) {
      // TransNAS-Bench-101's Zero: x * 0 (on the graph, a zero gradient) where the width is
      // kept, new zeros where it changes.
      if (in_ == out_) return stride_ == 1 ? x.mul(0.0) : x.slice(2, 0, c10::nullopt, stride_).slice(3, 0, c10::nullopt, stride_).mul(0.0);
      const std::int64_t h = stride_ == 1 ? x.size(2) : (x.size(2) + 1) / stride_;
      const std::int64_t w = stride_ == 1 ? x.size(3) : (x.size(3) + 1) / stride_;
      return x.new_zeros({x.size(0), out_, h, w});
    }
    if (op_ == 1) return reduce_ ? reduce_->forward(x) : x;
    return conv_->forward(x);
  }

 private:
  int op_;
  std::int64_t in_, out_, stride_;
  ShiftedReduce reduce_{nullptr};
  ReLUConvBN conv_{nullptr};
};
TORCH_MODULE(Edge);

// A supernet's edge: every alive op, averaged (TE-NAS's equal architecture weights), each
// under its op's name (edge_0_1.nor_conv_3x3.op.conv.weight).
class MixedEdgeImpl : public torch::nn::Module {
 public:
  // `seed`: each op's weights drawn from it and `path` + the op's name (supernet_seed.hpp).
  MixedEdgeImpl(const std::vector<int>& ops, const std::vector<std::string>& names, std::int64_t in, std::int64_t out,
                std::int64_t stride, const std::uint64_t* seed, const std::string& path) {
    for (std::size_t k = 0; k < ops.size(); ++k) {
      if (seed) seed_supernet_module(*seed, path + "." + names[k]);
      ops_.push_back(register_module(names[k], Edge(ops[k], in, out, stride)));
    }
  }
  at::Tensor forward(const at::Tensor& x) {
    at::Tensor sum = ops_[0]->forward(x);
    for (std::size_t k = 1; k < ops_.size(); ++k) sum = sum + ops_[k]->forward(x);
    return sum / static_cast<double>(ops_.size());
  }

 private:
  std::vector<Edge> ops_;
};
TORCH_MODULE(MixedEdge);

// The micro cell: node j sums edges from every earlier node; edges from the input carry the
// block's width and stride change. An edge with several ops (a supernet's) mixes them.
class MicroCellImpl : public torch::nn::Module {
 public:
  // `seed` (supernets): every op draws its weights from it and its name under `path`.
  MicroCellImpl(int nodes, const std::vector<std::vector<int>>& ops, const std::vector<std::vector<std::string>>& names,
                std::int64_t in, std::int64_t out, std::int64_t stride, const std::uint64_t* seed = nullptr,
                const std::string& path = "")
      : nodes_(nodes) {
    std::size_t e = 0;
    for (int j = 1; j < nodes; ++j)
      for (int i = 0; i < j; ++i, ++e) {
        const std::string name = "edge_" + std::to_string(i) + "_" + std::to_string(j);
        const std::int64_t edge_in = i == 0 ? in : out, edge_stride = i == 0 ? stride : 1;
        std::function<at::Tensor(const at::Tensor&)> run;
        if (ops[e].size() == 1) {
          if (seed) seed_supernet_module(*seed, path + "." + name + "." + names[e][0]);
          Edge edge = register_module(name, Edge(ops[e][0], edge_in, out, edge_stride));
          run = [edge](const at::Tensor& x) mutable { return edge->forward(x); };
        } else {
          MixedEdge edge =
              register_module(name, MixedEdge(ops[e], names[e], edge_in, out, edge_stride, seed, path + "." + name));
          run = [edge](const at::Tensor& x) mutable { return edge->forward(x); };
        }
        edges_.push_back({i, j, std::move(run)});
      }
    // What is built after this cell draws the same whichever ops it holds.
    if (seed) seed_supernet_module(*seed, path + ".after");
  }
  at::Tensor forward(const at::Tensor& x) {
    std::vector<at::Tensor> node(static_cast<std::size_t>(nodes_));
    node[0] = x;
    for (auto& e : edges_) {
      at::Tensor y = e.run(node[e.from]);
      node[e.to] = node[e.to].defined() ? node[e.to] + y : y;
    }
    return node.back();
  }

 private:
  struct Link {
    int from, to;
    std::function<at::Tensor(const at::Tensor&)> run;
  };
  int nodes_;
  std::vector<Link> edges_;
};
TORCH_MODULE(MicroCell);

// ResNet basic block: ReLUConvBN 3x3 (stride) -> ReLUConvBN 3x3, plus a 1x1 conv + BN
// shortcut when the width or resolution changes.
class BasicBlockImpl : public torch::nn::Module {
 public:
  BasicBlockImpl(std::int64_t in, std::int64_t out, std::int64_t stride) {
    conv_a_ = register_module("conv_a", ReLUConvBN(in, out, 3, stride, 1));
    conv_b_ = register_module("conv_b", ReLUConvBN(out, out, 3, 1, 1));
    if (stride != 1 || in != out) {
      shortcut_ = register_module("shortcut", nn::Conv2d(Conv2dOptions(in, out, 1).stride(stride).bias(false)));
      shortcut_bn_ = register_module("shortcut_bn", nn::BatchNorm2d(out));
    }
  }
  at::Tensor forward(const at::Tensor& x) {
    at::Tensor main = conv_b_->forward(conv_a_->forward(x));
    return main + (shortcut_ ? shortcut_bn_->forward(shortcut_->forward(x)) : x);
  }

 private:
  ReLUConvBN conv_a_{nullptr}, conv_b_{nullptr};
  nn::Conv2d shortcut_{nullptr};
  nn::BatchNorm2d shortcut_bn_{nullptr};
};
TORCH_MODULE(BasicBlock);

// What the encoder is trained for (data/tasks.hpp): a classifier (class_object, class_scene),
// the pix2pix decoder (autoencoder), or the jigsaw's Siamese head.
struct TaskHead {
  std::string task = "class_object";
  std::int64_t classes = 100;
  std::int64_t input_size = 256;  // H = W of one input image (of one tile for the jigsaw)
  bool jigsaw() const { return task == "jigsaw"; }
  bool decoder() const { return task == "autoencoder"; }
};

constexpr std::int64_t kJigsawTiles = 9;

class MacroNet : public NetModule {
 public:
  // `make_block(in, out, stride)` builds one block; each code digit is a layer of two.
  MacroNet(std::int64_t in_channels, std::int64_t base, const std::vector<std::int64_t>& codes, const TaskHead& head,
           const std::function<std::shared_ptr<torch::nn::Module>(std::int64_t, std::int64_t, std::int64_t,
                                                                  std::function<at::Tensor(const at::Tensor&)>&)>& make_block)
      : tiles_(head.jigsaw() ? kJigsawTiles : 1) {
    // The jigsaw's tiles share the encoder (TransNAS-Bench-101's SiameseNet): a sample's 9
    // tiles lie on its channels and go through the encoder as 9 samples.
    if (in_channels % tiles_ != 0)
      throw std::invalid_argument("the jigsaw network takes 9 tiles on its channels, not " + std::to_string(in_channels));
    in_channels /= tiles_;
    stem_conv_ = register_module("stem_conv", nn::Conv2d(Conv2dOptions(in_channels, base / 2, 3).stride(2).padding(1).bias(false)));
    stem_bn_ = register_module("stem_bn", nn::BatchNorm2d(base / 2));
    stem_rcb_ = register_module("stem_rcb", ReLUConvBN(base / 2, base, 3, 2, 1));
    std::int64_t channels = base, width = (head.input_size + 1) / 2;  // after the stem: /4, as the convs round
    width = (width + 1) / 2;
    for (std::size_t l = 0; l < codes.size(); ++l) {
      const std::int64_t target = codes[l] % 2 == 0 ? channels * 2 : channels;
      const std::int64_t stride = codes[l] > 2 ? 2 : 1;
      if (stride == 2) width = (width + 1) / 2;
      for (int b = 0; b < 2; ++b) {
        std::function<at::Tensor(const at::Tensor&)> run;
        auto block = make_block(b == 0 ? channels : target, target, b == 0 ? stride : 1, run);
        register_module("layer" + std::to_string(l) + "_block" + std::to_string(b), block);
        blocks_.push_back(run);
      }
      channels = target;
    }
    if (head.decoder()) {
      decoder_ = register_module("decoder", GenerativeDecoder(channels, width, head.input_size));
      return;
    }
    pool_ = register_module("global_pool", nn::GlobalAvgPool());
    head_ = register_module("head", nn::Linear(channels * tiles_, head.classes));
  }
  at::Tensor forward(const at::Tensor& x) override { return forward_blocks(x, nullptr); }
  // The stem's ReLU-conv-BN is a block of its own, as spaces/transnas_macro.zc writes it.
  at::Tensor forward_blocks(const at::Tensor& input, std::vector<at::Tensor>* features) override {
    at::Tensor x = input;
    if (tiles_ > 1) x = nn::tiles_to_batch(input, tiles_);
    at::Tensor h = stem_bn_->forward(stem_conv_->forward(x));
    if (features) features->push_back(h);
    h = stem_rcb_->forward(h);
    if (features) features->push_back(h);
    for (auto& block : blocks_) {
      h = block(h);
      if (features) features->push_back(h);
    }
    if (decoder_) {  // a block of its own, as in spaces/transnas_macro.zc
      h = decoder_->forward(h);
      if (features) features->push_back(h);
      return h;
    }
    if (tiles_ > 1) h = nn::batch_to_tiles(h, tiles_);
    return head_->forward(pool_->forward(h));
  }

 private:
  nn::Conv2d stem_conv_{nullptr};
  nn::BatchNorm2d stem_bn_{nullptr};
  ReLUConvBN stem_rcb_{nullptr};
  std::vector<std::function<at::Tensor(const at::Tensor&)>> blocks_;
  nn::GlobalAvgPool pool_{nullptr};
  nn::Linear head_{nullptr};
  GenerativeDecoder decoder_{nullptr};
  std::int64_t tiles_ = 1;
};

std::int64_t setting(const spec::SearchSpace& space, const std::string& key) { return space.settings.at(key).as_integer(); }
std::int64_t input_channels(const spec::SearchSpace& space) { return space.settings.at("input").as_list().at(0).as_integer(); }

TaskHead task_head(const spec::SearchSpace& space) {
  TaskHead head;
  if (auto it = space.settings.find("task"); it != space.settings.end()) head.task = it->second.to_string();
  if (head.task != "class_object" && head.task != "class_scene" && head.task != "autoencoder" && head.task != "jigsaw")
    throw std::invalid_argument("TransNAS-Bench-101 networks have no head for task '" + head.task +
                                "' (class_object, class_scene, autoencoder, jigsaw)");
  head.classes = setting(space, "classes");
  head.input_size = space.settings.at("input").as_list().at(1).as_integer();
  return head;
}

}  // namespace

namespace {

// The micro network with the alive ops of every edge: one each for an architecture, several
// (averaged) for a supernet.
Expected<Network> build_micro(const spec::SearchSpace& space, const std::vector<std::vector<int>>& alive,
                              const std::uint64_t* supernet_seed = nullptr) {
  if (space.cells.size() != 1 || space.cells[0].kind != spec::CellKind::dag)
    return Error(ErrorKind::network, "a transnas_micro space has exactly one dag cell");
  const spec::Cell& cell = space.cells[0];
  std::vector<std::vector<int>> ops;
  std::vector<std::vector<std::string>> names;
  for (int d = cell.first_decision; d < cell.first_decision + cell.decision_count; ++d) {
    ops.emplace_back();
    names.emplace_back();
    for (int option : alive[static_cast<std::size_t>(d)]) {
      const std::string name = space.decisions[d].options[option].to_string();
      int code = -1;
      if (name == "none") code = 0;
      if (name == "skip_connect") code = 1;
      if (name == "nor_conv_1x1") code = 2;
      if (name == "nor_conv_3x3") code = 3;
      if (code < 0)
        return Error(ErrorKind::network, "TransNAS micro op '" + name + "' has no implementation (none, skip_connect, "
                                                                       "nor_conv_1x1, nor_conv_3x3)");
      ops.back().push_back(code);
      names.back().push_back(name);
    }
  }
  std::vector<std::int64_t> codes;
  for (const auto& v : space.settings.at("structure").as_list()) codes.push_back(v.as_integer());
  const int nodes = cell.nodes;
  int block = 0;
  auto make = [&](std::int64_t in, std::int64_t out, std::int64_t stride, std::function<at::Tensor(const at::Tensor&)>& run) {
    MicroCell c(nodes, ops, names, in, out, stride, supernet_seed, "block" + std::to_string(block++));
    run = [c](const at::Tensor& x) mutable { return c->forward(x); };
    return std::static_pointer_cast<torch::nn::Module>(c.ptr());
  };
  return Network(std::make_shared<MacroNet>(input_channels(space), setting(space, "stem"), codes, task_head(space), make));
}

}  // namespace

Expected<Network> build_transnas_micro(const spec::SearchSpace& space, const spec::Architecture& arch) {
  std::vector<std::vector<int>> alive;
  for (int option : arch) alive.push_back({option});
  return build_micro(space, alive);
}

Expected<Network> build_transnas_micro_supernet(const spec::SearchSpace& space, const Supernet& supernet,
                                                std::uint64_t seed) {
  return build_micro(space, supernet.alive, &seed);
}

Expected<Network> build_transnas_macro(const spec::SearchSpace& space, const spec::Architecture& arch) {
  const int count = space.decision_index("blocks");
  if (count < 0) return Error(ErrorKind::network, "a transnas_macro space needs a choice 'blocks'");
  const std::int64_t layers = space.decisions[count].options[arch[count]].as_integer();
  std::vector<std::int64_t> codes;
  for (std::int64_t l = 0; l < layers; ++l) {
    const int d = space.decision_index("block[" + std::to_string(l) + "]");
    if (d < 0) return Error(ErrorKind::network, "a transnas_macro space needs 'per layer (blocks) { block in {...}; }'");
    const std::int64_t code = space.decisions[d].options[arch[d]].as_integer();
    if (code < 1 || code > 4) return Error(ErrorKind::network, "TransNAS macro codes are 1..4, got " + std::to_string(code));
    codes.push_back(code);
  }
  auto make = [](std::int64_t in, std::int64_t out, std::int64_t stride, std::function<at::Tensor(const at::Tensor&)>& run) {
    BasicBlock b(in, out, stride);
    run = [b](const at::Tensor& x) mutable { return b->forward(x); };
    return std::static_pointer_cast<torch::nn::Module>(b.ptr());
  };
  return Network(std::make_shared<MacroNet>(input_channels(space), setting(space, "stem"), codes, task_head(space), make));
}

}  // namespace zcnas::net
