// FastTransposedConvolutionScope (core/sdk/net/transposed_convolution.cpp): inside it, a CPU
// transposed convolution is oneDNN's input gradient of the convolution with the same weight,
// bit for bit; outside, LibTorch's own kernel, bit for bit; the two agree to float rounding,
// for the shapes decoders and double backwards produce (stride 2 with output padding, dilation,
// bias, channels-last), and a convolution's double backward gives the same Hessian products.

#include <catch2/catch.hpp>
#include <torch/torch.h>

#include <ATen/ops/slow_conv_transpose2d_cpu_dispatch.h>

#include "zcnas/net/transposed_convolution.hpp"

using namespace zcnas;

namespace {

struct Shape {
  std::int64_t in, out, kernel, stride, padding, output_padding, dilation;
  bool bias, channels_last;
};

at::Tensor transposed(const Shape& s, const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
  return at::conv_transpose2d(x, w, s.bias ? b : at::Tensor(), {s.stride, s.stride}, {s.padding, s.padding},
                              {s.output_padding, s.output_padding}, 1, {s.dilation, s.dilation});
}

}  // namespace

CATCH_TEST_CASE("transposed convolutions in a scope are oneDNN's convolution input gradient", "[net][conv]") {
  if (!FastTransposedConvolutionScope::available()) CATCH_WARN("this build routes nothing (LibTorch 2.x or no oneDNN)");
  const Shape shape = GENERATE(Shape{16, 16, 3, 1, 1, 0, 1, false, false}, Shape{32, 16, 3, 2, 1, 1, 1, true, false},
                               Shape{8, 12, 3, 1, 2, 0, 2, false, false}, Shape{16, 8, 4, 2, 1, 0, 1, true, true},
                               Shape{16, 16, 1, 1, 0, 0, 1, false, false});
  torch::manual_seed(7);
  at::Tensor x = torch::randn({8, shape.in, 9, 9});
  if (shape.channels_last) x = x.contiguous(at::MemoryFormat::ChannelsLast);
  const at::Tensor w = torch::randn({shape.in, shape.out, shape.kernel, shape.kernel});
  const at::Tensor b = torch::randn({shape.out});
  const std::vector<std::int64_t> k{shape.kernel, shape.kernel}, st{shape.stride, shape.stride},
      pad{shape.padding, shape.padding}, op{shape.output_padding, shape.output_padding},
      dil{shape.dilation, shape.dilation};

  const at::Tensor stock = at::cpu::slow_conv_transpose2d(x, w, k, shape.bias ? b : at::Tensor(), st, pad, op, dil);
  const at::Tensor outside = transposed(shape, x, w, b);
  CATCH_CHECK(at::equal(outside, stock));
  at::Tensor inside;
  {
    FastTransposedConvolutionScope scope;
    inside = transposed(shape, x, w, b);
  }
  CATCH_REQUIRE(inside.sizes() == stock.sizes());
  CATCH_CHECK(at::allclose(inside, stock, 1e-4, 1e-4));
  if (FastTransposedConvolutionScope::available() && shape.kernel > 1) {
    // What the scope computes: the input gradient of the convolution, the bias added after.
    const at::Tensor like = at::empty(stock.sizes(), x.options().memory_format(x.suggest_memory_format()));
    at::Tensor expected = std::get<0>(
        at::convolution_backward(x, like, w, c10::nullopt, st, pad, dil, false, {0, 0}, 1, {true, false, false}));
    if (shape.bias) expected = expected + b.reshape({1, -1, 1, 1});
    CATCH_CHECK(at::equal(inside, expected));
    CATCH_CHECK(inside.suggest_memory_format() == stock.suggest_memory_format());
  } else {
    CATCH_CHECK(at::equal(inside, stock));  // 1 x 1 kernels keep LibTorch's own kernel
  }
}

CATCH_TEST_CASE("a convolution's double backward gives the same Hessian product in a scope", "[net][conv]") {
  torch::manual_seed(3);
  const at::Tensor x = torch::randn({8, 4, 10, 10});
  const at::Tensor w1 = torch::randn({6, 4, 3, 3}).requires_grad_(true);
  const at::Tensor w2 = torch::randn({5, 6, 3, 3}).requires_grad_(true);
  auto hessian_gradient = [&] {
    const at::Tensor h = at::relu(at::conv2d(x, w1, {}, 2, 1));
    const at::Tensor loss = at::conv2d(h, w2, {}, 1, 1).pow(2).mean();
    const auto g = torch::autograd::grad({loss}, {w1, w2}, {}, true, true);
    const at::Tensor z = (g[0] * g[0].detach()).sum() + (g[1] * g[1].detach()).sum();
    return torch::autograd::grad({z}, {w1, w2});
  };
  const auto outside = hessian_gradient();
  std::vector<at::Tensor> inside;
  {
    FastTransposedConvolutionScope scope;
    inside = hessian_gradient();
  }
  for (std::size_t i = 0; i < 2; ++i) CATCH_CHECK(at::allclose(inside[i], outside[i], 1e-4, 1e-5));
}
