#pragma once
// Network: the one type every proxy sees. It owns a LibTorch module and exposes, in
// forward order, its weighted layers and its activation sites, with taps.
//
// Forward order is registration order: families register submodules in the order their
// forward() runs them (style guide, section 6), and the Network walks named_modules().

#include <torch/nn/module.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "zcnas/net/taps.hpp"

namespace zcnas {

namespace nn {
enum class ActivationKind : std::uint8_t;
}

// The root module of a network. torch::nn::Module has no virtual forward; this adds one.
class NetModule : public torch::nn::Module {
 public:
  using torch::nn::Module::Module;
  virtual at::Tensor forward(const at::Tensor& x) = 0;
  // forward(), also appending to `features` the feature maps at the network's block
  // boundaries, in forward order and still in the autograd graph: the tensor that enters the
  // first block (the stem's output), then the output of every block or cell on the top level
  // of the network (not those nested in another block). AZ-NAS reads these: the spectrum of
  // each, and the Jacobian of each block between two of them. A network that declares no
  // blocks appends nothing (this default); a family with blocks overrides this and has its
  // forward() call it with nullptr.
  virtual at::Tensor forward_blocks(const at::Tensor& x, std::vector<at::Tensor>* features) {
    (void)features;
    return forward(x);
  }
};

enum class LayerKind : std::uint8_t { conv2d, linear, conv_transpose2d };
const char* to_string(LayerKind kind) noexcept;

struct WeightedLayer {
  std::string name;   // the named_modules() path, e.g. "stage1.cell0.edge_0_1.op.conv"
  LayerKind kind = LayerKind::conv2d;
  at::Tensor weight;  // the live parameter (not a copy)
  at::Tensor bias;    // undefined when the layer has none
  int depth = 0;      // 0-based position among weighted layers, forward order
  bool tapped = false;  // false for plain torch::nn layers: no taps, no FLOP count
  torch::nn::Module* module = nullptr;
};

struct ActivationSite {
  std::string name;
  nn::ActivationKind kind{};
  int index = 0;  // 0-based position among activation sites, forward order
  int depth = -1; // depth of the last weighted layer registered before it (-1: none)
};

// A tapped module that is neither a weighted layer nor an activation site (BatchNorm,
// pooling): listed so FLOP counting sees it; its slot keeps shapes only.
enum class OpKind : std::uint8_t { batch_norm, avg_pool, max_pool, global_avg_pool };
struct CountedOp {
  std::string name;
  OpKind kind{};
  torch::nn::Module* module = nullptr;
};

class Network {
 public:
  explicit Network(std::shared_ptr<NetModule> root);
  Network(Network&&) noexcept;
  Network& operator=(Network&&) noexcept;
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;
  ~Network();

  at::Tensor forward(const at::Tensor& x);
  // The forward pass cut at the block boundaries (NetModule::forward_blocks): the logits,
  // with the boundary feature maps appended to `features` (none for a network without blocks).
  at::Tensor forward_blocks(const at::Tensor& x, std::vector<at::Tensor>& features);

  const std::vector<WeightedLayer>& layers() const noexcept { return layers_; }
  const std::vector<ActivationSite>& activations() const noexcept { return activations_; }
  const std::vector<CountedOp>& counted_ops() const noexcept { return ops_; }

  // Takes the weighted layers of `kind` out of layers(): per-layer proxies no longer see them
  // (the depths of the others close up, activation sites follow), FLOP counting still does,
  // through hidden_layers(), whose taps keep shapes only. zero-cost-nas, NASLib, ZiCo and
  // L-SWAG's code score the nn.Conv2d and nn.Linear modules of a network, and a transposed
  // convolution is neither: hiding them reproduces those scores on decoders
  // (--proxy-layers conv-linear). A hidden layer's WeightedLayer::depth is its index in
  // hidden_layers().
  void hide_layers(LayerKind kind);
  const std::vector<WeightedLayer>& hidden_layers() const noexcept { return hidden_; }
  const TapSlot& hidden_layer_tap(std::size_t index) const;

  // What the taps keep from now on; clears what they held.
  void set_taps(const TapRequest& request);
  const TapRequest& taps() const noexcept;
  void clear_taps();
  const TapSlot& layer_tap(std::size_t depth) const;
  const TapSlot& activation_tap(std::size_t index) const;
  const TapSlot& op_tap(std::size_t index) const;  // shapes only

  NetModule& module() noexcept { return *root_; }
  const NetModule& module() const noexcept { return *root_; }
  std::shared_ptr<NetModule> module_ptr() const noexcept { return root_; }

  // Trainable parameters (BatchNorm affine included, buffers excluded).
  std::int64_t parameter_count() const;
  void to(const at::Device& device);
  void to(at::ScalarType dtype);
  void train(bool on = true);
  // Turns every zcnas::nn::BatchNorm2d into the identity (false) or back (true).
  void set_batchnorm_enabled(bool enabled);

 private:
  struct TapState;
  void attach_layer_taps();
  std::shared_ptr<NetModule> root_;
  std::vector<WeightedLayer> layers_;
  std::vector<ActivationSite> activations_;
  std::vector<CountedOp> ops_;
  std::unique_ptr<TapState> taps_;
  std::vector<WeightedLayer> hidden_;
};

}  // namespace zcnas
