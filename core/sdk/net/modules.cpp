#include "zcnas/net/modules.hpp"

#include <ATen/TensorIndexing.h>
#include <torch/nn/functional/activation.h>

#include <ostream>
#include <stdexcept>
#include <string>

namespace zcnas::nn {

at::Tensor Tappable::tap(const at::Tensor& input, const at::Tensor& output) const {
  if (slot_ == nullptr) return output;
  slot_->input_shape = input.sizes().vec();
  slot_->output_shape = output.sizes().vec();
  if (config_ == nullptr || !config_->any()) return output;
  if (config_->inputs) slot_->input = input.detach();
  if (config_->outputs) slot_->output = output.detach();
  if (config_->output_signs) slot_->output_sign = output.detach().gt(0).to(at::kByte);
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
    case ActivationKind::relu6: return "relu6";
    case ActivationKind::silu: return "silu";
    case ActivationKind::leaky_relu: return "leaky_relu";
    case ActivationKind::tanh: return "tanh";
  }
  return "?";
}

at::Tensor ActivationImpl::forward(const at::Tensor& x) {
  at::Tensor y;
  switch (kind_) {
    case ActivationKind::relu: y = torch::relu(x); break;
    case ActivationKind::gelu: y = torch::gelu(x); break;
    case ActivationKind::relu6: y = torch::clamp(x, 0, 6); break;
    case ActivationKind::silu: y = x * torch::sigmoid(x); break;
    case ActivationKind::leaky_relu: y = torch::leaky_relu(x, slope_); break;
    case ActivationKind::tanh: y = torch::tanh(x); break;
  }
  return tap(x, y);
}

void ActivationImpl::pretty_print(std::ostream& stream) const {
  stream << "zcnas::nn::Activation(" << to_string(kind_);
  if (kind_ == ActivationKind::leaky_relu) stream << ", slope=" << slope_;
  stream << ")";
}

at::Tensor Conv2dImpl::forward(const at::Tensor& x) { return tap(x, torch::nn::Conv2dImpl::forward(x)); }

namespace {
// Replaces the registered tensors themselves (parameters_ is the Module's own table), so
// that parameters() and every proxy see the adopted ones.
template <class Layer>
void adopt_into(Layer& layer, torch::OrderedDict<std::string, at::Tensor>& table, const at::Tensor& weight,
                const at::Tensor& bias) {
  if (!weight.defined() || !weight.sizes().equals(layer.weight.sizes()))
    throw std::invalid_argument("adopt: the weight's shape does not match the layer's options");
  if (bias.defined() != layer.bias.defined())
    throw std::invalid_argument("adopt: the layer was built " + std::string(layer.bias.defined() ? "with" : "without") +
                                " a bias");
  layer.weight = table["weight"] = weight;
  if (bias.defined()) layer.bias = table["bias"] = bias;
}
}  // namespace

void Conv2dImpl::adopt(const at::Tensor& weight, const at::Tensor& bias) { adopt_into(*this, parameters_, weight, bias); }

at::Tensor ConvTranspose2dImpl::forward(const at::Tensor& x) {
  return tap(x, torch::nn::ConvTranspose2dImpl::forward(x));
}

at::Tensor LinearImpl::forward(const at::Tensor& x) { return tap(x, torch::nn::LinearImpl::forward(x)); }

void LinearImpl::adopt(const at::Tensor& weight, const at::Tensor& bias) { adopt_into(*this, parameters_, weight, bias); }

BatchNorm2dImpl::BatchNorm2dImpl(std::int64_t features, bool affine, double eps, double momentum)
    : features_(features), affine_(affine), eps_(eps), momentum_(momentum) {
  reset();
}

BatchNorm2dImpl::BatchNorm2dImpl(std::int64_t features, Adopted tensors, double eps, double momentum)
    : features_(features),
      affine_(tensors.weight.defined()),
      eps_(eps),
      momentum_(momentum),
      adopted_(std::move(tensors)) {
  reset();
}

void BatchNorm2dImpl::reset() {
  auto or_new = [](const at::Tensor& adopted, at::Tensor fresh) { return adopted.defined() ? adopted : fresh; };
  if (affine_) {
    weight = register_parameter("weight", or_new(adopted_.weight, torch::ones({features_})),
                                !adopted_.weight.defined() || adopted_.weight.requires_grad());
    bias = register_parameter("bias", or_new(adopted_.bias, torch::zeros({features_})),
                              !adopted_.bias.defined() || adopted_.bias.requires_grad());
  }
  running_mean = register_buffer("running_mean", or_new(adopted_.running_mean, torch::zeros({features_})));
  running_var = register_buffer("running_var", or_new(adopted_.running_var, torch::ones({features_})));
  num_batches_tracked =
      register_buffer("num_batches_tracked", or_new(adopted_.num_batches_tracked, torch::tensor(0, torch::kLong)));
}

at::Tensor BatchNorm2dImpl::forward(const at::Tensor& x) {
  if (bypass_) return tap(x, x);
  if (is_training()) {
    torch::NoGradGuard no_grad;
    num_batches_tracked += 1;
  }
  return tap(x, torch::batch_norm(x, weight, bias, running_mean, running_var, is_training(), momentum_, eps_,
                                  /*cudnn_enabled=*/true));
}

void BatchNorm2dImpl::pretty_print(std::ostream& stream) const {
  stream << "zcnas::nn::BatchNorm2d(" << features_ << ", affine=" << (affine_ ? "true" : "false") << ", eps=" << eps_
         << ", momentum=" << momentum_ << ")";
}

namespace {

// NAS-Bench-201's and DARTS' avg_pool_3x3 (stride 1, padding 1, padding not counted) as a box
// sum over three shifted slices one way and then the other, divided by how many pixels each
// window holds (4 at a corner, 6 on an edge, 9 inside). LibTorch 1.13's CPU avg_pool2d is slow on
// contiguous NCHW tensors (about 5 ms forward for 64 x 16 x 32 x 32 on this 2-core machine, 1 ms
// channels-last); the box sum is about 5x faster forward and 2.5x with its backward, and
// autograd differentiates it as often as GraSP needs. The sums are added in another order than
// ATen's, so results differ by float rounding (<= 3e-7 absolute on N(0, 1) inputs).
bool is_box3(const torch::nn::AvgPool2dOptions& o, const at::Tensor& x) {
  const auto& k = *o.kernel_size();
  const auto& s = *o.stride();
  const auto& p = *o.padding();
  return x.dim() == 4 && x.device().is_cpu() && x.is_contiguous() && k[0] == 3 && k[1] == 3 && s[0] == 1 &&
         s[1] == 1 && p[0] == 1 && p[1] == 1 && !o.count_include_pad() && !o.ceil_mode() &&
         !o.divisor_override().has_value() && x.size(2) >= 2 && x.size(3) >= 2;
}

at::Tensor box3_average(const at::Tensor& x) {
  using at::indexing::Slice;
  const at::Tensor padded = at::constant_pad_nd(x, {1, 1, 1, 1});
  const at::Tensor rows = padded.index({"...", Slice(0, -2)}) + padded.index({"...", Slice(1, -1)}) +
                          padded.index({"...", Slice(2, at::indexing::None)});
  const at::Tensor sums = rows.index({"...", Slice(0, -2), Slice()}) + rows.index({"...", Slice(1, -1), Slice()}) +
                          rows.index({"...", Slice(2, at::indexing::None), Slice()});
  auto count = [&](std::int64_t n) {
    at::Tensor c = at::full({n}, 3.0, x.options().requires_grad(false));
    c.index_put_({0}, 2.0);
    c.index_put_({n - 1}, 2.0);
    return c;
  };
  return sums / (count(x.size(2)).unsqueeze(1) * count(x.size(3)).unsqueeze(0));
}

}  // namespace

at::Tensor AvgPool2dImpl::forward(const at::Tensor& x) {
  if (is_box3(options, x)) return tap(x, box3_average(x));
  return tap(x, torch::nn::AvgPool2dImpl::forward(x));
}

at::Tensor MaxPool2dImpl::forward(const at::Tensor& x) { return tap(x, torch::nn::MaxPool2dImpl::forward(x)); }

at::Tensor GlobalAvgPoolImpl::forward(const at::Tensor& x) { return tap(x, x.mean({2, 3})); }

}  // namespace zcnas::nn
