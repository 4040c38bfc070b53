#include "zcnas/net/modules.hpp"

#include <torch/nn/functional/activation.h>

#include <ostream>

namespace zcnas::nn {

at::Tensor Tappable::tap(const at::Tensor& input, const at::Tensor& output) const {
  if (slot_ == nullptr) return output;
  slot_->input_shape = input.sizes().vec();
  slot_->output_shape = output.sizes().vec();
  if (config_ == nullptr || !config_->any()) return output;
  if (config_->inputs) slot_->input = input.detach();
  if (config_->outputs) slot_->output = output.detach();
  // A tensor hook sees the gradient of the whole tensor. For an input shared by several
  // consumers (a DAG node feeding several edges) that is the sum over all of them.
  if (config_->input_grads && input.requires_grad()) {
    TapSlot* slot = slot_;
    input.register_hook([slot](at::Tensor grad) { slot->input_grad = grad.detach(); });
  }
  if (config_->output_grads && output.requires_grad()) {
    TapSlot* slot = slot_;
    output.register_hook([slot](at::Tensor grad) { slot->output_grad = grad.detach(); });
  }
  return output;
}

const char* to_string(ActivationKind kind) noexcept {
  switch (kind) {
    case ActivationKind::relu: return "relu";
    case ActivationKind::gelu: return "gelu";
  }
  return "?";
}

at::Tensor ActivationImpl::forward(const at::Tensor& x) {
  at::Tensor y = kind_ == ActivationKind::relu ? torch::relu(x) : torch::gelu(x);
  return tap(x, y);
}

void ActivationImpl::pretty_print(std::ostream& stream) const {
  stream << "zcnas::nn::Activation(" << to_string(kind_) << ")";
}

at::Tensor Conv2dImpl::forward(const at::Tensor& x) { return tap(x, torch::nn::Conv2dImpl::forward(x)); }

at::Tensor LinearImpl::forward(const at::Tensor& x) { return tap(x, torch::nn::LinearImpl::forward(x)); }

}  // namespace zcnas::nn
