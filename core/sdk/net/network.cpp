#include "zcnas/net/network.hpp"

#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include <optional>
#include <stdexcept>

#include "zcnas/net/modules.hpp"

namespace zcnas {

const char* to_string(LayerKind kind) noexcept {
  switch (kind) {
    case LayerKind::conv2d: return "conv2d";
    case LayerKind::linear: return "linear";
    case LayerKind::conv_transpose2d: return "conv_transpose2d";
  }
  return "?";
}

// Slots live here, behind a pointer, so that modules can keep raw pointers to them
// across moves of the Network.
struct Network::TapState {
  TapRequest request;
  std::vector<TapSlot> layer_slots;
  std::vector<TapSlot> activation_slots;
  std::vector<TapSlot> op_slots;
  std::vector<TapSlot> hidden_slots;  // hidden layers: shapes only
  TapConfig shapes_only;  // for counted ops and hidden layers: never any tensors
};

namespace {
std::optional<OpKind> counted_kind(torch::nn::Module* m) {
  if (dynamic_cast<nn::BatchNorm2dImpl*>(m)) return OpKind::batch_norm;
  if (dynamic_cast<nn::AvgPool2dImpl*>(m)) return OpKind::avg_pool;
  if (dynamic_cast<nn::MaxPool2dImpl*>(m)) return OpKind::max_pool;
  if (dynamic_cast<nn::GlobalAvgPoolImpl*>(m)) return OpKind::global_avg_pool;
  return std::nullopt;
}
}  // namespace

Network::Network(std::shared_ptr<NetModule> root) : root_(std::move(root)), taps_(std::make_unique<TapState>()) {
  if (!root_) throw std::invalid_argument("zcnas::Network needs a module, got null");
  // named_modules() is a pre-order walk in registration order, which families keep
  // equal to forward order.
  for (const auto& item : root_->named_modules(/*name_prefix=*/"", /*include_self=*/false)) {
    torch::nn::Module* m = item.value().get();
    if (auto* act = dynamic_cast<nn::ActivationImpl*>(m)) {
      ActivationSite site;
      site.name = item.key();
      site.kind = act->kind();
      site.index = static_cast<int>(activations_.size());
      site.depth = static_cast<int>(layers_.size()) - 1;
      activations_.push_back(std::move(site));
      continue;
    }
    if (auto op = counted_kind(m)) {
      ops_.push_back({item.key(), *op, m});
      continue;
    }
    WeightedLayer layer;
    layer.name = item.key();
    layer.module = m;
    layer.depth = static_cast<int>(layers_.size());
    if (auto* conv = dynamic_cast<torch::nn::Conv2dImpl*>(m)) {
      layer.kind = LayerKind::conv2d;
      layer.weight = conv->weight;
      layer.bias = conv->bias;
      layer.tapped = dynamic_cast<nn::Conv2dImpl*>(m) != nullptr;
    } else if (auto* deconv = dynamic_cast<torch::nn::ConvTranspose2dImpl*>(m)) {
      layer.kind = LayerKind::conv_transpose2d;
      layer.weight = deconv->weight;
      layer.bias = deconv->bias;
      layer.tapped = dynamic_cast<nn::ConvTranspose2dImpl*>(m) != nullptr;
    } else if (auto* linear = dynamic_cast<torch::nn::LinearImpl*>(m)) {
      layer.kind = LayerKind::linear;
      layer.weight = linear->weight;
      layer.bias = linear->bias;
      layer.tapped = dynamic_cast<nn::LinearImpl*>(m) != nullptr;
    } else {
      continue;
    }
    layers_.push_back(std::move(layer));
  }
  taps_->activation_slots.resize(activations_.size());
  taps_->op_slots.resize(ops_.size());
  for (std::size_t k = 0; k < ops_.size(); ++k)
    if (auto* t = dynamic_cast<nn::Tappable*>(ops_[k].module)) t->attach_tap(&taps_->op_slots[k], &taps_->shapes_only);
  attach_layer_taps();
  std::size_t i = 0;
  for (const auto& item : root_->named_modules("", false)) {
    if (auto* act = dynamic_cast<nn::ActivationImpl*>(item.value().get()))
      act->attach_tap(&taps_->activation_slots[i++], &taps_->request.activations);
  }
}

Network::Network(Network&&) noexcept = default;
Network& Network::operator=(Network&&) noexcept = default;
Network::~Network() = default;

at::Tensor Network::forward(const at::Tensor& x) { return root_->forward(x); }
at::Tensor Network::forward_blocks(const at::Tensor& x, std::vector<at::Tensor>& features) {
  return root_->forward_blocks(x, &features);
}

void Network::set_taps(const TapRequest& request) {
  taps_->request = request;
  clear_taps();
}

const TapRequest& Network::taps() const noexcept { return taps_->request; }

void Network::clear_taps() {
  for (auto& s : taps_->layer_slots) s.clear();
  for (auto& s : taps_->activation_slots) s.clear();
  for (auto& s : taps_->op_slots) s.clear();
  for (auto& s : taps_->hidden_slots) s.clear();
}

void Network::hide_layers(LayerKind kind) {
  // A site's depth is the last weighted layer before it: how many kept layers come up to
  // its old depth, less one.
  std::vector<int> kept_upto(layers_.size());
  int kept = 0;
  for (std::size_t d = 0; d < layers_.size(); ++d) {
    if (layers_[d].kind != kind) ++kept;
    kept_upto[d] = kept;
  }
  if (kept == static_cast<int>(layers_.size())) return;
  for (auto& site : activations_)
    if (site.depth >= 0) site.depth = kept_upto[static_cast<std::size_t>(site.depth)] - 1;
  std::vector<WeightedLayer> keep;
  for (auto& layer : layers_) {
    if (layer.kind == kind) {
      layer.depth = static_cast<int>(hidden_.size());
      hidden_.push_back(std::move(layer));
    } else {
      layer.depth = static_cast<int>(keep.size());
      keep.push_back(std::move(layer));
    }
  }
  layers_ = std::move(keep);
  attach_layer_taps();
}

// Each weighted layer taps into the slot of its depth: what the request keeps for a listed
// layer, shapes only for a hidden one.
void Network::attach_layer_taps() {
  taps_->layer_slots.assign(layers_.size(), TapSlot{});
  taps_->hidden_slots.assign(hidden_.size(), TapSlot{});
  for (const auto& layer : layers_)
    if (auto* t = dynamic_cast<nn::Tappable*>(layer.module))
      t->attach_tap(&taps_->layer_slots[layer.depth], &taps_->request.layers);
  for (const auto& layer : hidden_)
    if (auto* t = dynamic_cast<nn::Tappable*>(layer.module))
      t->attach_tap(&taps_->hidden_slots[layer.depth], &taps_->shapes_only);
}

const TapSlot& Network::hidden_layer_tap(std::size_t index) const { return taps_->hidden_slots.at(index); }

const TapSlot& Network::layer_tap(std::size_t depth) const { return taps_->layer_slots.at(depth); }
const TapSlot& Network::activation_tap(std::size_t index) const { return taps_->activation_slots.at(index); }
const TapSlot& Network::op_tap(std::size_t index) const { return taps_->op_slots.at(index); }

std::int64_t Network::parameter_count() const {
  std::int64_t n = 0;
  for (const auto& p : root_->parameters()) {
    if (p.requires_grad()) n += p.numel();
  }
  return n;
}

void Network::to(const at::Device& device) { root_->to(device); }
void Network::to(at::ScalarType dtype) { root_->to(dtype); }
void Network::train(bool on) { root_->train(on); }

void Network::set_batchnorm_enabled(bool enabled) {
  for (const auto& op : ops_) {
    if (auto* bn = dynamic_cast<nn::BatchNorm2dImpl*>(op.module)) bn->set_bypass(!enabled);
  }
}

}  // namespace zcnas
