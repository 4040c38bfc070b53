#pragma once
// While a FastTransposedConvolutionScope lives on a thread, LibTorch 1.13's CPU transposed
// convolutions on that thread (aten::slow_conv_transpose2d: im2col and GEMM, what 1.13 uses for
// every float transposed convolution on the CPU) are computed by oneDNN as what they are, the
// input gradient of the convolution with the same weight: 2-5x faster on NAS-Bench-201's 3x3
// shapes. They come from decoders' ConvTranspose2d layers and from every double backward of a
// convolution (GraSP's Hessian-gradient product), where they took 14% of GraSP's time.
// Outside a scope the stock kernel runs, so a Python process that imports zcnas keeps
// LibTorch's own numerics. LibTorch 2.x has oneDNN transposed convolutions itself
// (ConvBackend::MkldnnTranspose): there the scope does nothing. Torch-free on purpose.

namespace zcnas {

class FastTransposedConvolutionScope {
 public:
  FastTransposedConvolutionScope();
  ~FastTransposedConvolutionScope();
  FastTransposedConvolutionScope(const FastTransposedConvolutionScope&) = delete;
  FastTransposedConvolutionScope& operator=(const FastTransposedConvolutionScope&) = delete;

  // True when this build routes transposed convolutions (LibTorch 1.x, oneDNN enabled).
  static bool available() noexcept;
};

}  // namespace zcnas
