// zcnas::nn::AvgPool2d computes NAS-Bench-201's avg_pool_3x3 (stride 1, padding 1, padding not
// counted) as a box sum on contiguous CPU tensors (core/sdk/net/modules.cpp): it must be
// LibTorch's avg_pool2d up to float rounding, in its values, its gradient and the gradient of
// its gradient (GraSP's Hessian-vector product differentiates through it twice).

#include <catch2/catch.hpp>
#include <torch/torch.h>

#include "zcnas/net/modules.hpp"

using namespace zcnas;

namespace {

nn::AvgPool2d box_pool() {
  return nn::AvgPool2d(torch::nn::AvgPool2dOptions(3).stride(1).padding(1).count_include_pad(false));
}

at::Tensor reference(const at::Tensor& x) { return at::avg_pool2d(x, {3, 3}, {1, 1}, {1, 1}, false, false); }

}  // namespace

CATCH_TEST_CASE("avg_pool_3x3 averages only the pixels inside the image", "[net][pool]") {
  // 0..15 on a 4 x 4 grid: the corner averages {0, 1, 4, 5}, the edge {0, 1, 2, 4, 5, 6}, the
  // inside nine pixels.
  const at::Tensor x = torch::arange(16, torch::kFloat).reshape({1, 1, 4, 4});
  const at::Tensor y = box_pool()->forward(x);
  CATCH_CHECK(y[0][0][0][0].item<float>() == 2.5f);
  CATCH_CHECK(y[0][0][0][1].item<float>() == 3.0f);
  CATCH_CHECK(y[0][0][1][1].item<float>() == 5.0f);
  CATCH_CHECK(y[0][0][3][3].item<float>() == 12.5f);
  CATCH_CHECK(torch::equal(y, reference(x)));
}

CATCH_TEST_CASE("avg_pool_3x3 equals LibTorch's avg_pool2d in value, gradient and second gradient", "[net][pool]") {
  torch::manual_seed(0);
  auto pool = box_pool();
  for (const auto& shape : std::vector<std::vector<std::int64_t>>{{4, 3, 8, 8}, {2, 5, 2, 7}, {1, 1, 2, 2}, {3, 2, 9, 4}}) {
    for (const auto dtype : {torch::kFloat, torch::kDouble}) {
      CATCH_CAPTURE(shape, dtype);
      const at::Tensor x = torch::randn(shape, torch::TensorOptions().dtype(dtype)).requires_grad_(true);
      const at::Tensor w = torch::randn(shape, x.options().requires_grad(false));
      const double tol = dtype == torch::kFloat ? 1e-5 : 1e-12;
      const at::Tensor ours = pool->forward(x), theirs = reference(x);
      CATCH_CHECK(torch::allclose(ours, theirs, tol, tol));
      // z = sum(w * pool(x)^2): its gradient depends on x, so the second gradient is not zero.
      auto grads = [&](const at::Tensor& y) {
        const at::Tensor g = torch::autograd::grad({(w * y * y).sum()}, {x}, {}, true, true)[0];
        const at::Tensor gg = torch::autograd::grad({(g * w).sum()}, {x})[0];
        return std::make_pair(g, gg);
      };
      const auto [g1, gg1] = grads(ours);
      const auto [g2, gg2] = grads(theirs);
      CATCH_CHECK(torch::allclose(g1, g2, tol, tol));
      CATCH_CHECK(torch::allclose(gg1, gg2, tol, tol));
    }
  }
  // Channels-last inputs take LibTorch's own kernel (fast in that layout): the same values.
  const at::Tensor x = torch::randn({2, 4, 6, 6}).contiguous(at::MemoryFormat::ChannelsLast);
  CATCH_CHECK(torch::allclose(pool->forward(x), reference(x.contiguous()), 1e-6, 1e-6));
}
