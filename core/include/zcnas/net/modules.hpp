#pragma once
// The tappable building blocks every network family is made of. They are the LibTorch
// modules of the same name plus a tap: a family that uses zcnas::nn::Conv2d instead of
// torch::nn::Conv2d gets activation taps, FLOP counting and per-layer proxies for free.
// (torch::nn::Conv2d / Linear still work, but are listed without taps.)

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/pooling.h>
#include <torch/nn/pimpl.h>

#include "zcnas/net/taps.hpp"

namespace zcnas::nn {

// Mixin that lets the Network wire a module to its TapSlot.
class Tappable {
 public:
  virtual ~Tappable() = default;
  void attach_tap(TapSlot* slot, const TapConfig* config) noexcept {
    slot_ = slot;
    config_ = config;
  }
  // tap() for a module whose forward runs elsewhere: the Python module's mirrors of a
  // torch.nn.Module's layers are recorded by that module's forward hooks.
  at::Tensor record(const at::Tensor& input, const at::Tensor& output) const { return tap(input, output); }

 protected:
  // Records `input`/`output` as configured and returns `output` unchanged.
  at::Tensor tap(const at::Tensor& input, const at::Tensor& output) const;

 private:
  TapSlot* slot_ = nullptr;
  const TapConfig* config_ = nullptr;
};

// relu6 and silu come with the DSL's MobileNet-style ops, leaky_relu and tanh with decoders
// (TransNAS-Bench-101's pix2pix decoder); proxies that read firing patterns treat every kind
// alike (positive or not).
enum class ActivationKind : std::uint8_t { relu, gelu, relu6, silu, leaky_relu, tanh };
const char* to_string(ActivationKind kind) noexcept;

// An activation site. GELU is exact (erf), as in AutoFormer / timm; `slope` is leaky_relu's
// negative slope (unused by the other kinds).
class ActivationImpl : public torch::nn::Cloneable<ActivationImpl>, public Tappable {
 public:
  explicit ActivationImpl(ActivationKind kind = ActivationKind::relu, double slope = 0.01) : kind_(kind), slope_(slope) {}
  void reset() override {}
  at::Tensor forward(const at::Tensor& x);
  ActivationKind kind() const noexcept { return kind_; }
  double slope() const noexcept { return slope_; }
  void pretty_print(std::ostream& stream) const override;

 private:
  ActivationKind kind_;
  double slope_;
};
TORCH_MODULE(Activation);

class Conv2dImpl : public torch::nn::Conv2dImpl, public Tappable {
 public:
  using torch::nn::Conv2dImpl::Conv2dImpl;
  at::Tensor forward(const at::Tensor& x);
  // Makes `weight` and `bias` (undefined: none) this layer's parameters, the very tensors and
  // not copies: a mirror of a layer owned elsewhere (a Python module's), whose gradients,
  // in-place redraws and dtype moves then reach the owner. Shapes must match the options.
  void adopt(const at::Tensor& weight, const at::Tensor& bias);
};
TORCH_MODULE(Conv2d);

// A transposed convolution (a decoder's upsampling layer), PyTorch's ConvTranspose2d: weight
// [in, out / groups, k, k], initialised as PyTorch does (its fan-in is out / groups * k * k).
// A weighted layer like Conv2d, so per-layer proxies, taps and FLOP counting see it.
class ConvTranspose2dImpl : public torch::nn::ConvTranspose2dImpl, public Tappable {
 public:
  using torch::nn::ConvTranspose2dImpl::ConvTranspose2dImpl;
  at::Tensor forward(const at::Tensor& x);
};
TORCH_MODULE(ConvTranspose2d);

class LinearImpl : public torch::nn::LinearImpl, public Tappable {
 public:
  using torch::nn::LinearImpl::LinearImpl;
  at::Tensor forward(const at::Tensor& x);
  void adopt(const at::Tensor& weight, const at::Tensor& bias);  // as Conv2dImpl::adopt
};
TORCH_MODULE(Linear);

// Normalisation and pooling: no weights a proxy reads, but tapped so that FLOP counting
// sees their shapes (NAS-Bench-Suite-Zero's FLOPs count them).
// BatchNorm over channels, with the parameters and buffers of torch::nn::BatchNorm2d under
// the same names (affine, running statistics, momentum 0.1, eps 1e-5). Written out rather
// than derived: Debian's LibTorch 1.13 does not export the base class's vtable entries.
class BatchNorm2dImpl : public torch::nn::Cloneable<BatchNorm2dImpl>, public Tappable {
 public:
  // affine = false: no weight and bias (DARTS-style cell ops as NAS-Bench-301 builds them).
  explicit BatchNorm2dImpl(std::int64_t features, bool affine = true, double eps = 1e-5, double momentum = 0.1);
  // A mirror of a BatchNorm owned elsewhere (as Conv2dImpl::adopt): these very tensors are its
  // parameters and buffers; an undefined weight means affine = false, undefined running
  // statistics (track_running_stats = False) get fresh ones that its owner never reads.
  struct Adopted {
    at::Tensor weight, bias, running_mean, running_var, num_batches_tracked;
  };
  BatchNorm2dImpl(std::int64_t features, Adopted tensors, double eps, double momentum);
  void reset() override;
  at::Tensor forward(const at::Tensor& x);
  void pretty_print(std::ostream& stream) const override;
  // Bypassed, the layer is the identity (synflow's "BN off" protocol: no normalisation, no
  // running-statistics update); Network::set_batchnorm_enabled() flips every one.
  void set_bypass(bool on) noexcept { bypass_ = on; }
  bool bypassed() const noexcept { return bypass_; }

  at::Tensor weight, bias, running_mean, running_var, num_batches_tracked;

 private:
  std::int64_t features_;
  bool affine_;
  double eps_, momentum_;
  bool bypass_ = false;
  Adopted adopted_;
};
TORCH_MODULE(BatchNorm2d);

class AvgPool2dImpl : public torch::nn::AvgPool2dImpl, public Tappable {
 public:
  using torch::nn::AvgPool2dImpl::AvgPool2dImpl;
  at::Tensor forward(const at::Tensor& x);
};
TORCH_MODULE(AvgPool2d);

class MaxPool2dImpl : public torch::nn::MaxPool2dImpl, public Tappable {
 public:
  using torch::nn::MaxPool2dImpl::MaxPool2dImpl;
  at::Tensor forward(const at::Tensor& x);
};
TORCH_MODULE(MaxPool2d);

// Global average pooling to 1x1, flattened: N x C x H x W -> N x C.
class GlobalAvgPoolImpl : public torch::nn::Cloneable<GlobalAvgPoolImpl>, public Tappable {
 public:
  void reset() override {}
  at::Tensor forward(const at::Tensor& x);
};
TORCH_MODULE(GlobalAvgPool);

}  // namespace zcnas::nn
