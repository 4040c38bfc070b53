#include <catch2/catch.hpp>

#include "net/toy_cnn.hpp"
#include "support/tiny_networks.hpp"
#include "zcnas/net/flops.hpp"

using namespace zcnas;

CATCH_TEST_CASE("FLOPs of a tiny conv net match the hand count", "[net][flops]") {
  Network net(std::make_shared<test::TinyConvNet>());
  auto flops = count_flops(net, {3, 8, 8}, FlopConvention::macs);
  CATCH_REQUIRE(flops);
  CATCH_CHECK(flops->per_layer == std::vector<double>{1792, 1152, 15});
  CATCH_CHECK(flops->total == 2959);
  // NAS-Bench-Suite-Zero's convention adds 1 per activation input element: GELU on 4x4x4.
  // (The functional mean over H, W is not a module and is not counted.)
  auto suite = count_flops(net, {3, 8, 8});
  CATCH_REQUIRE(suite);
  CATCH_CHECK(suite->other == 64);
  CATCH_CHECK(suite->total == 2959 + 64);
  // Counting does not change the network's mode.
  CATCH_CHECK(net.module().is_training());
}

CATCH_TEST_CASE("FLOPs of the MLP: linear layers with bias", "[net][flops]") {
  Network net(std::make_shared<test::TwoLayerMlp>());
  auto flops = count_flops(net, {2}, FlopConvention::macs);
  CATCH_REQUIRE(flops);
  CATCH_CHECK(flops->total == (4 + 2) + (2 + 1));
  CATCH_CHECK(count_flops(net, {2})->total == (4 + 2) + (2 + 1) + 2);  // + the ReLU's 2 inputs
}

CATCH_TEST_CASE("FLOPs of the toy CNN: conv without bias, stride 2, classifier", "[net][flops]") {
  Network net = net::make_toy_cnn();
  auto flops = count_flops(net, {3, 32, 32}, FlopConvention::macs);
  CATCH_REQUIRE(flops);
  // conv1 32*32*8*3*9, conv2 16*16*16*8*9, fc 16*10 + 10
  CATCH_CHECK(flops->total == 221184 + 294912 + 170);
  // + BN 2 per element (8x32x32, 16x16x16), ReLU inputs (same), global pool input 16x16x16
  auto suite = count_flops(net, {3, 32, 32});
  CATCH_REQUIRE(suite);
  CATCH_CHECK(suite->other == 2 * 8192 + 2 * 4096 + 8192 + 4096 + 4096);
  CATCH_CHECK(suite->total == 516266 + 40960);
  CATCH_CHECK(net.parameter_count() == 216 + 16 + 1152 + 32 + 170);
}

namespace {
class PlainTorchNet : public NetModule {
 public:
  PlainTorchNet() { fc = register_module("fc", torch::nn::Linear(2, 2)); }
  at::Tensor forward(const at::Tensor& x) override { return fc->forward(x); }
  torch::nn::Linear fc{nullptr};
};
}  // namespace

CATCH_TEST_CASE("plain torch layers are listed but cannot be counted", "[net][flops]") {
  Network net(std::make_shared<PlainTorchNet>());
  CATCH_REQUIRE(net.layers().size() == 1);
  CATCH_CHECK_FALSE(net.layers()[0].tapped);
  auto flops = count_flops(net, {2});
  CATCH_REQUIRE_FALSE(flops);
  CATCH_CHECK(flops.error().to_string().find("layer 'fc' is a plain torch::nn layer") != std::string::npos);
}
