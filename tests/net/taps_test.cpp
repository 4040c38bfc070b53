#include <catch2/catch.hpp>

#include "support/tiny_networks.hpp"
#include "zcnas/net/network.hpp"

using namespace zcnas;

namespace {
bool same(const at::Tensor& a, const at::Tensor& b) { return a.defined() && at::allclose(a, b, 0, 1e-12); }
at::Tensor t2(const std::vector<std::vector<double>>& rows) {
  std::vector<double> flat;
  for (const auto& r : rows) flat.insert(flat.end(), r.begin(), r.end());
  return torch::tensor(flat, torch::kDouble).reshape({static_cast<std::int64_t>(rows.size()), -1});
}
}  // namespace

CATCH_TEST_CASE("the network lists weighted layers and activation sites in forward order", "[net][taps]") {
  Network net(std::make_shared<test::TwoLayerMlp>());
  CATCH_REQUIRE(net.layers().size() == 2);
  CATCH_CHECK(net.layers()[0].name == "fc1");
  CATCH_CHECK(net.layers()[0].kind == LayerKind::linear);
  CATCH_CHECK(net.layers()[0].depth == 0);
  CATCH_CHECK(net.layers()[1].name == "fc2");
  CATCH_CHECK(net.layers()[1].tapped);
  CATCH_REQUIRE(net.activations().size() == 1);
  CATCH_CHECK(net.activations()[0].name == "act");
  CATCH_CHECK(net.activations()[0].depth == 0);  // after fc1
  CATCH_CHECK(net.parameter_count() == 6 + 3);
  // The layer's weight is the live parameter, not a copy.
  CATCH_CHECK(net.layers()[0].weight.data_ptr() == net.module().named_parameters()["fc1.weight"].data_ptr());
}

CATCH_TEST_CASE("taps record pre/post activations and their gradients", "[net][taps]") {
  Network net(std::make_shared<test::TwoLayerMlp>());
  TapRequest request;
  request.activations = {true, true, true, true};
  request.layers = {false, true, false, true};
  net.set_taps(request);
  at::Tensor y = net.forward(test::mlp_input());
  CATCH_CHECK(same(y, t2({{9.5}, {0.5}})));
  const TapSlot& act = net.activation_tap(0);
  CATCH_CHECK(same(act.input, t2({{-1, 3}, {-2, -2}})));
  CATCH_CHECK(same(act.output, t2({{0, 3}, {0, 0}})));
  CATCH_CHECK_FALSE(act.output_grad.defined());  // only after backward

  y.sum().backward();
  // d(sum y)/d(relu out) = W2 per row; through the ReLU only where the input was > 0.
  CATCH_CHECK(same(act.output_grad, t2({{1, 3}, {1, 3}})));
  CATCH_CHECK(same(act.input_grad, t2({{0, 3}, {0, 0}})));
  CATCH_CHECK(same(net.layer_tap(0).output, t2({{-1, 3}, {-2, -2}})));
  CATCH_CHECK(same(net.layer_tap(0).output_grad, t2({{0, 3}, {0, 0}})));
  CATCH_CHECK(same(net.layer_tap(1).output_grad, t2({{1}, {1}})));
  CATCH_CHECK_FALSE(net.layer_tap(1).input.defined());  // not requested
  // Weight gradients by hand: dW1 = sum_rows dz^T x, dW2 = sum_rows relu(z).
  CATCH_CHECK(same(net.layers()[0].weight.grad(), t2({{0, 0}, {3, 6}})));
  CATCH_CHECK(same(net.layers()[1].weight.grad(), t2({{0, 3}})));
  CATCH_CHECK(net.layer_tap(0).input_shape == std::vector<std::int64_t>{2, 2});
  CATCH_CHECK(net.layer_tap(1).output_shape == std::vector<std::int64_t>{2, 1});
}

CATCH_TEST_CASE("taps that are off keep nothing but shapes", "[net][taps]") {
  Network net(std::make_shared<test::TwoLayerMlp>());
  net.forward(test::mlp_input()).sum().backward();
  CATCH_CHECK_FALSE(net.activation_tap(0).input.defined());
  CATCH_CHECK_FALSE(net.activation_tap(0).output_grad.defined());
  CATCH_CHECK(net.activation_tap(0).output_shape == std::vector<std::int64_t>{2, 2});
  net.clear_taps();
  CATCH_CHECK(net.activation_tap(0).output_shape.empty());
}

CATCH_TEST_CASE("GELU sites are listed and tapped like ReLU sites", "[net][taps]") {
  torch::manual_seed(0);
  Network net(std::make_shared<test::TinyConvNet>());
  CATCH_REQUIRE(net.activations().size() == 1);
  CATCH_CHECK(net.activations()[0].kind == nn::ActivationKind::gelu);
  TapRequest request;
  request.activations.outputs = true;
  request.activations.inputs = true;
  net.set_taps(request);
  net.forward(torch::randn({2, 3, 8, 8}));
  const TapSlot& s = net.activation_tap(0);
  CATCH_CHECK(same(s.output.to(torch::kDouble), torch::gelu(s.input).to(torch::kDouble)));
  // GELU(x) > 0 exactly when x > 0: the sign rule SWAP and L-SWAG rely on.
  CATCH_CHECK(torch::equal(s.output > 0, s.input > 0));
}

CATCH_TEST_CASE("moving a network keeps its taps wired", "[net][taps]") {
  Network a(std::make_shared<test::TwoLayerMlp>());
  Network b = std::move(a);
  TapRequest request;
  request.activations.outputs = true;
  b.set_taps(request);
  b.forward(test::mlp_input());
  CATCH_CHECK(same(b.activation_tap(0).output, t2({{0, 3}, {0, 0}})));
}
