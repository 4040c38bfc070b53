#include "zcnas/net/transposed_convolution.hpp"

#include <ATen/ATen.h>
#include <torch/library.h>
#include <torch/version.h>

#if TORCH_VERSION_MAJOR < 2
#include <ATen/native/ConvUtils.h>
#include <ATen/ops/slow_conv_transpose2d_cpu_dispatch.h>
#endif

#include <array>

namespace zcnas {

namespace {
thread_local int active_scopes = 0;
}  // namespace

FastTransposedConvolutionScope::FastTransposedConvolutionScope() { ++active_scopes; }
FastTransposedConvolutionScope::~FastTransposedConvolutionScope() { --active_scopes; }

#if TORCH_VERSION_MAJOR < 2

namespace {

// aten::slow_conv_transpose2d's CPU kernel. Routed: float32 4-d tensors with a kernel larger
// than 1 x 1 (oneDNN's backward-data lost to im2col on some 1 x 1 shapes), inside a scope.
at::Tensor transposed_convolution_cpu(const at::Tensor& self, const at::Tensor& weight, at::IntArrayRef kernel_size,
                                      const c10::optional<at::Tensor>& bias, at::IntArrayRef stride,
                                      at::IntArrayRef padding, at::IntArrayRef output_padding,
                                      at::IntArrayRef dilation) {
  const bool routed = active_scopes > 0 && at::globalContext().userEnabledMkldnn() && self.dim() == 4 &&
                      weight.dim() == 4 && self.scalar_type() == at::kFloat && weight.scalar_type() == at::kFloat &&
                      kernel_size.size() == 2 && kernel_size[0] * kernel_size[1] > 1 &&
                      kernel_size[0] == weight.size(2) && kernel_size[1] == weight.size(3) && stride.size() == 2 &&
                      padding.size() == 2 && output_padding.size() == 2 && dilation.size() == 2;
  if (!routed)  // a kernel_size that is not the weight's is LibTorch's to refuse
    return at::cpu::slow_conv_transpose2d(self, weight, kernel_size, bias, stride, padding, output_padding, dilation);
  // The transposed convolution's output is the convolution's input: its size (and layout)
  // is all the backward reads of it.
  const at::Tensor shape =
      at::empty(at::native::conv_input_size(self.sizes(), weight.sizes(), padding, output_padding, stride, dilation, 1),
                self.options().memory_format(self.suggest_memory_format()));
  at::Tensor out = std::get<0>(at::convolution_backward(self, shape, weight, c10::nullopt, stride, padding, dilation,
                                                        /*transposed=*/false, /*output_padding=*/{0, 0},
                                                        /*groups=*/1, std::array<bool, 3>{true, false, false}));
  if (bias.has_value() && bias->defined()) out.add_(bias->reshape({1, -1, 1, 1}));
  return out;
}

// Replacing a kernel LibTorch registered warns once, at load; the replacement is the point.
class Quiet final : public c10::WarningHandler {
 public:
  void process(const c10::SourceLocation&, const std::string&, const bool) override {}
};

struct Registration {
  Registration() {
    Quiet quiet;
    c10::Warning::WarningHandlerGuard guard(&quiet);
    library = std::make_unique<torch::Library>(torch::Library::IMPL, "aten", c10::DispatchKey::CPU, __FILE__, __LINE__);
    library->impl("slow_conv_transpose2d", TORCH_FN(transposed_convolution_cpu));
  }
  std::unique_ptr<torch::Library> library;
};

const Registration registration;

}  // namespace

bool FastTransposedConvolutionScope::available() noexcept { return at::hasMKLDNN(); }

#else

bool FastTransposedConvolutionScope::available() noexcept { return false; }

#endif

}  // namespace zcnas
