#include "net/families/nasbench101.hpp"

#include <torch/torch.h>

#include "zcnas/net/modules.hpp"

namespace zcnas::net {

namespace {

using Matrix = std::vector<std::vector<int>>;

class ConvBnReluImpl : public torch::nn::Module {
 public:
  ConvBnReluImpl(std::int64_t in, std::int64_t out, std::int64_t kernel) {
    conv_ = register_module("conv", nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).padding(kernel / 2).bias(false)));
    bn_ = register_module("bn", nn::BatchNorm2d(out));
    act_ = register_module("act", nn::Activation(nn::ActivationKind::relu));
  }
  at::Tensor forward(const at::Tensor& x) { return act_->forward(bn_->forward(conv_->forward(x))); }

 private:
  nn::Conv2d conv_{nullptr};
  nn::BatchNorm2d bn_{nullptr};
  nn::Activation act_{nullptr};
};
TORCH_MODULE(ConvBnRelu);

// The reference compute_vertex_channels: the output's width is split over the vertices
// feeding it (remainder to the first ones); other vertices take the widest successor.
std::vector<std::int64_t> vertex_channels(std::int64_t in, std::int64_t out, const Matrix& m) {
  const int n = static_cast<int>(m.size());
  std::vector<std::int64_t> c(n, 0);
  c[0] = in;
  c[n - 1] = out;
  if (n == 2) return c;
  int in_degree = 0;
  for (int v = 1; v < n - 1; ++v) in_degree += m[v][n - 1];
  if (in_degree == 0) return c;
  const std::int64_t interior = out / in_degree;
  std::int64_t correction = out % in_degree;
  for (int v = 1; v < n - 1; ++v) {
    if (!m[v][n - 1]) continue;
    c[v] = interior;
    if (correction > 0) {
      ++c[v];
      --correction;
    }
  }
  for (int v = n - 3; v > 0; --v) {
    if (m[v][n - 1]) continue;
    for (int dst = v + 1; dst < n - 1; ++dst)
      if (m[v][dst]) c[v] = std::max(c[v], c[dst]);
  }
  return c;
}

class CellImpl : public torch::nn::Module {
 public:
  enum class Op { conv3x3, conv1x1, maxpool };
  CellImpl(const Matrix& m, const std::vector<Op>& ops, std::int64_t in, std::int64_t out) : m_(m), ops_(ops) {
    const int n = static_cast<int>(m.size());
    channels_ = vertex_channels(in, out, m);
    vertex_ops_.assign(n, ConvBnRelu(nullptr));
    projections_.assign(n, ConvBnRelu(nullptr));
    // Registered in evaluation order: each vertex's input projection, then its op; then
    // the output's projection.
    for (int t = 1; t < n - 1; ++t) {
      if (channels_[t] == 0) continue;  // not on any input-output path (pruned specs have none)
      if (m[0][t])
        projections_[t] = register_module("proj_" + std::to_string(t), ConvBnRelu(in, channels_[t], 1));
      if (ops[t] == Op::maxpool) {
        pools_.emplace(t, register_module("op_" + std::to_string(t),
                                          nn::MaxPool2d(torch::nn::MaxPool2dOptions(3).stride(1).padding(1))));
      } else {
        vertex_ops_[t] = register_module("op_" + std::to_string(t),
                                         ConvBnRelu(channels_[t], channels_[t], ops[t] == Op::conv3x3 ? 3 : 1));
      }
    }
    if (m[0][n - 1]) projections_[n - 1] = register_module("proj_out", ConvBnRelu(in, out, 1));
  }

  at::Tensor forward(const at::Tensor& x) {
    const int n = static_cast<int>(m_.size());
    std::vector<at::Tensor> value(n);
    value[0] = x;
    for (int t = 1; t < n - 1; ++t) {
      if (channels_[t] == 0) continue;
      at::Tensor sum;
      for (int src = 1; src < t; ++src) {
        if (!m_[src][t]) continue;
        at::Tensor part = value[src].narrow(1, 0, channels_[t]);  // truncate to this vertex's width
        sum = sum.defined() ? sum + part : part;
      }
      if (m_[0][t]) {
        at::Tensor p = projections_[t]->forward(x);
        sum = sum.defined() ? sum + p : p;
      }
      value[t] = ops_[t] == Op::maxpool ? pools_.at(t)->forward(sum) : vertex_ops_[t]->forward(sum);
    }
    std::vector<at::Tensor> outputs;
    for (int src = 1; src < n - 1; ++src)
      if (m_[src][n - 1]) outputs.push_back(value[src]);
    if (outputs.empty()) return projections_[n - 1]->forward(x);
    at::Tensor out = torch::cat(outputs, 1);
    if (m_[0][n - 1]) out = out + projections_[n - 1]->forward(x);
    return out;
  }

 private:
  Matrix m_;
  std::vector<Op> ops_;
  std::vector<std::int64_t> channels_;
  std::vector<ConvBnRelu> vertex_ops_, projections_;
  std::map<int, nn::MaxPool2d> pools_;
};
TORCH_MODULE(Cell);

class NasBench101Network : public NetModule {
 public:
  NasBench101Network(std::int64_t in_channels, std::int64_t stem, std::int64_t stacks, std::int64_t cells,
                     std::int64_t classes, const Matrix& m, const std::vector<CellImpl::Op>& ops) {
    stem_ = register_module("stem", ConvBnRelu(in_channels, stem, 3));
    std::int64_t channels = stem;
    for (std::int64_t s = 0; s < stacks; ++s) {
      std::int64_t out = channels;
      if (s > 0) {
        downsample_.push_back(register_module("stack" + std::to_string(s) + "_pool",
                                              nn::MaxPool2d(torch::nn::MaxPool2dOptions(2).stride(2))));
        out *= 2;
      }
      for (std::int64_t c = 0; c < cells; ++c) {
        cells_.push_back(register_module("stack" + std::to_string(s) + "_cell" + std::to_string(c), Cell(m, ops, channels, out)));
        channels = out;
      }
    }
    cells_per_stack_ = cells;
    pool_ = register_module("global_pool", nn::GlobalAvgPool());
    classifier_ = register_module("classifier", nn::Linear(channels, classes));
  }

  at::Tensor forward(const at::Tensor& x) override { return forward_blocks(x, nullptr); }
  // The boundaries are the stem's output and each cell's (a down-sampling pool is no block).
  at::Tensor forward_blocks(const at::Tensor& x, std::vector<at::Tensor>* features) override {
    at::Tensor h = stem_->forward(x);
    if (features) features->push_back(h);
    for (std::size_t i = 0; i < cells_.size(); ++i) {
      const std::size_t stack = i / static_cast<std::size_t>(cells_per_stack_);
      if (stack > 0 && i % static_cast<std::size_t>(cells_per_stack_) == 0) h = downsample_[stack - 1]->forward(h);
      h = cells_[i]->forward(h);
      if (features) features->push_back(h);
    }
    return classifier_->forward(pool_->forward(h));
  }

 private:
  ConvBnRelu stem_{nullptr};
  std::vector<nn::MaxPool2d> downsample_;
  std::vector<Cell> cells_;
  std::int64_t cells_per_stack_ = 1;
  nn::GlobalAvgPool pool_{nullptr};
  nn::Linear classifier_{nullptr};
};

}  // namespace

Expected<Network> build_nasbench101(const spec::SearchSpace& space, const spec::Architecture& arch) {
  if (space.cells.size() != 1 || space.cells[0].kind != spec::CellKind::graph)
    return Error(ErrorKind::network, "a nasbench101 space has exactly one graph cell");
  const spec::Cell& cell = space.cells[0];
  const int n = cell.nodes;
  Matrix m(n, std::vector<int>(n, 0));
  int d = cell.first_decision;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) m[i][j] = arch[d++];
  std::vector<CellImpl::Op> ops(n, CellImpl::Op::conv3x3);
  for (int k = 1; k < n - 1; ++k, ++d) {
    const std::string name = space.decisions[d].options[arch[d]].to_string();
    if (name == "conv3x3-bn-relu") ops[k] = CellImpl::Op::conv3x3;
    else if (name == "conv1x1-bn-relu") ops[k] = CellImpl::Op::conv1x1;
    else if (name == "maxpool3x3") ops[k] = CellImpl::Op::maxpool;
    else return Error(ErrorKind::network, "NAS-Bench-101 op '" + name + "' has no implementation (conv3x3-bn-relu, "
                                                                       "conv1x1-bn-relu, maxpool3x3)");
  }
  std::vector<std::int64_t> input;
  for (const auto& v : space.settings.at("input").as_list()) input.push_back(v.as_integer());
  return Network(std::make_shared<NasBench101Network>(input.at(0), space.settings.at("stem").as_integer(),
                                                      space.settings.at("stacks").as_integer(),
                                                      space.settings.at("cells_per_stack").as_integer(),
                                                      space.settings.at("classes").as_integer(), m, ops));
}

}  // namespace zcnas::net
