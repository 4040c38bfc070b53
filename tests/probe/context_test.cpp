#include <catch2/catch.hpp>

#include "net/toy_cnn.hpp"
#include "support/tiny_networks.hpp"
#include "zcnas/probe/context.hpp"

using namespace zcnas;

namespace {
bool same(const at::Tensor& a, const at::Tensor& b) { return a.defined() && at::allclose(a, b, 0, 1e-12); }

ProbeOptions f64_options() {
  ProbeOptions o;
  o.dtype = torch::kDouble;
  return o;
}

PassRequest jacobian_request() {
  PassRequest r;
  r.objective = PassObjective::output_sum;
  r.input_grad = true;
  return r;
}
}  // namespace

CATCH_TEST_CASE("an output-sum pass gives the hand-computed input Jacobian and weight gradients", "[probe]") {
  Network net(std::make_shared<test::TwoLayerMlp>());
  ProbeContext ctx(net, {{test::mlp_input(), {}}}, f64_options());
  PassRequest r = jacobian_request();
  r.weight_grads = true;
  auto pass = ctx.pass(0, r);
  CATCH_REQUIRE(pass);
  const Pass& p = **pass;
  CATCH_CHECK(same(p.loss, torch::tensor(10.0, torch::kDouble)));
  // d(sum y)/dx = W1^T (W2 * relu'(z)) per row
  CATCH_CHECK(same(p.input_grad, torch::tensor({{6.0, 3.0}, {0.0, 0.0}}, torch::kDouble)));
  CATCH_CHECK(same(p.weight_grads[0], torch::tensor({{0.0, 0.0}, {3.0, 6.0}}, torch::kDouble)));
  CATCH_CHECK(same(p.bias_grads[0], torch::tensor({0.0, 3.0}, torch::kDouble)));
  CATCH_CHECK(same(p.bias_grads[1], torch::tensor({2.0}, torch::kDouble)));
  CATCH_CHECK(ctx.input_shape() == std::vector<std::int64_t>{2});
}

CATCH_TEST_CASE("proxies that need the same pass share one forward/backward", "[probe]") {
  Network net = net::make_toy_cnn();
  torch::manual_seed(1);
  std::vector<Batch> batches{{torch::randn({4, 3, 16, 16}), torch::tensor({0, 1, 2, 3})},
                             {torch::randn({4, 3, 16, 16}), torch::tensor({4, 5, 6, 7})}};
  ProbeContext ctx(net, batches, {});

  PassRequest grads;  // a snip-like proxy
  grads.weight_grads = true;
  PassRequest acts;   // a swap-like proxy
  acts.taps.activations.outputs = true;

  CATCH_SECTION("planned requests are served by the first pass") {
    ctx.plan(grads);
    ctx.plan(acts);
    auto a = ctx.pass(0, grads);
    auto b = ctx.pass(0, acts);
    CATCH_REQUIRE(a);
    CATCH_REQUIRE(b);
    CATCH_CHECK(*a == *b);
    CATCH_CHECK(ctx.passes_computed() == 1);
    CATCH_CHECK((*b)->activations[0].output.defined());
    CATCH_CHECK((*a)->weight_grads[0].defined());
    // A second batch is a second pass; asking again costs nothing.
    CATCH_REQUIRE(ctx.pass(1, grads));
    CATCH_REQUIRE(ctx.pass(1, acts));
    CATCH_CHECK(ctx.passes_computed() == 2);
  }
  CATCH_SECTION("an unplanned wider request recomputes once, keeping what was served") {
    CATCH_REQUIRE(ctx.pass(0, acts));
    auto wider = ctx.pass(0, grads);
    CATCH_REQUIRE(wider);
    CATCH_CHECK(ctx.passes_computed() == 2);
    CATCH_CHECK((*wider)->activations[0].output.defined());
    CATCH_REQUIRE(ctx.pass(0, acts));
    CATCH_CHECK(ctx.passes_computed() == 2);
  }
  CATCH_SECTION("another objective is another pass") {
    CATCH_REQUIRE(ctx.pass(0, grads));
    CATCH_REQUIRE(ctx.pass(0, jacobian_request()));
    CATCH_CHECK(ctx.passes_computed() == 2);
  }
  CATCH_SECTION("the same gradients as computing them by hand") {
    auto p = ctx.pass(0, grads);
    CATCH_REQUIRE(p);
    Network twin = net::make_toy_cnn();
    twin.train(true);
    auto loss = torch::nn::functional::cross_entropy(twin.forward(batches[0].inputs), batches[0].labels);
    loss.backward();
    CATCH_CHECK(at::allclose((*p)->weight_grads[1], twin.layers()[1].weight.grad()));
    CATCH_CHECK(at::allclose((*p)->loss, loss.detach()));
  }
}

CATCH_TEST_CASE("a planned keep_graph pass hands its forward graph over once, on batch 0 only", "[probe]") {
  Network net = net::make_toy_cnn();
  torch::manual_seed(2);
  std::vector<Batch> batches{{torch::randn({4, 3, 16, 16}), torch::tensor({0, 1, 2, 3})},
                             {torch::randn({4, 3, 16, 16}), torch::tensor({4, 5, 6, 7})}};
  ProbeContext ctx(net, batches, {});
  PassRequest grads;
  grads.weight_grads = true;
  PassRequest hessian = grads;  // a GraSP-like proxy plans the graph, then asks for plain gradients
  hessian.keep_graph = true;
  ctx.plan(grads);
  ctx.plan(hessian);
  std::vector<at::Tensor> weights;
  for (const auto& layer : net.layers()) weights.push_back(layer.weight);

  CATCH_SECTION("the kept graph gives the create_graph gradient of a fresh forward, bit for bit") {
    CATCH_REQUIRE(ctx.pass(0, grads));
    CATCH_REQUIRE(ctx.pass(1, grads));
    CATCH_CHECK(ctx.passes_computed() == 2);
    CATCH_CHECK_FALSE(ctx.take_graph(1, PassObjective::cross_entropy).defined());  // ZiCo's batch keeps none
    const at::Tensor kept = ctx.take_graph(0, PassObjective::cross_entropy);
    CATCH_REQUIRE(kept.defined());
    CATCH_CHECK_FALSE(ctx.take_graph(0, PassObjective::cross_entropy).defined());  // handed over once
    const auto from_kept = torch::autograd::grad({kept}, weights, {}, true, true);
    net.train(true);
    const auto fresh_loss = torch::nn::functional::cross_entropy(net.forward(batches[0].inputs), batches[0].labels);
    const auto fresh = torch::autograd::grad({fresh_loss}, weights, {}, true, true);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      CATCH_CHECK(at::equal(from_kept[i], fresh[i]));
      CATCH_CHECK(from_kept[i].requires_grad());  // differentiable again: a Hessian product can follow
    }
    // Still cached for the proxies after: the gradients were kept, no pass recomputed.
    CATCH_REQUIRE(ctx.pass(0, grads));
    CATCH_CHECK(ctx.passes_computed() == 2);
  }
  CATCH_SECTION("a weight written in place since (redrawn and restored) withholds the graph") {
    CATCH_REQUIRE(ctx.pass(0, grads));
    {
      torch::NoGradGuard no_grad;
      const at::Tensor saved = weights[0].clone();
      weights[0].normal_();
      weights[0].copy_(saved);
    }
    CATCH_CHECK_FALSE(ctx.take_graph(0, PassObjective::cross_entropy).defined());
  }
}

CATCH_TEST_CASE("passes fail cleanly on what the context cannot do", "[probe]") {
  Network net(std::make_shared<test::TwoLayerMlp>());
  ProbeContext ctx(net, {{test::mlp_input(), {}}}, f64_options());
  PassRequest ce;
  ce.weight_grads = true;
  auto no_labels = ctx.pass(0, ce);
  CATCH_REQUIRE_FALSE(no_labels);
  CATCH_CHECK(no_labels.error().to_string() == "a cross-entropy pass needs labels; batch 0 has none");
  auto out_of_range = ctx.pass(3, jacobian_request());
  CATCH_REQUIRE_FALSE(out_of_range);
  CATCH_CHECK(out_of_range.error().to_string() == "batch 3 requested, the context has 1");
  auto no_factory = ctx.fresh_network();
  CATCH_REQUIRE_FALSE(no_factory);
  CATCH_CHECK(no_factory.error().kind() == ErrorKind::unsupported);
}

CATCH_TEST_CASE("fresh networks are rebuilt from the seed and re-initialised on request", "[probe]") {
  Network net = net::make_toy_cnn({3, 8, 10, 5});
  NetworkFactory factory = [](std::uint64_t seed, const SpaceSettings&) -> Expected<Network> { return net::make_toy_cnn({3, 8, 10, seed}); };
  ProbeOptions options;
  options.seed = 5;
  ProbeContext ctx(net, {{torch::zeros({1, 3, 8, 8}), torch::tensor({0})}}, options, factory);

  auto same_seed = ctx.fresh_network();
  CATCH_REQUIRE(same_seed);
  CATCH_CHECK(torch::equal(same_seed->layers()[0].weight, net.layers()[0].weight));
  // A copy, not the same network.
  CATCH_CHECK(same_seed->layers()[0].weight.data_ptr() != net.layers()[0].weight.data_ptr());

  auto other_seed = ctx.fresh_network(InitScheme::as_built, 6);
  CATCH_REQUIRE(other_seed);
  CATCH_CHECK_FALSE(torch::equal(other_seed->layers()[0].weight, net.layers()[0].weight));

  auto ones = ctx.fresh_network(InitScheme::ones);
  CATCH_REQUIRE(ones);
  for (const auto& layer : ones->layers()) CATCH_CHECK(layer.weight.eq(1).all().item<bool>());

  auto g1 = ctx.fresh_network(InitScheme::gaussian, 9);
  auto g2 = ctx.fresh_network(InitScheme::gaussian, 9);
  CATCH_REQUIRE(g1);
  CATCH_REQUIRE(g2);
  CATCH_CHECK(torch::equal(g1->layers()[2].weight, g2->layers()[2].weight));
  CATCH_CHECK(g1->layers()[2].bias.eq(0).all().item<bool>());
  const double std = g1->layers()[1].weight.std().item<double>();
  CATCH_CHECK(std == Approx(1.0).margin(0.1));  // 1152 draws from N(0, 1)
}

CATCH_TEST_CASE("a proxy's own stream draws the same whatever was drawn before it", "[probe]") {
  Network net = net::make_toy_cnn({3, 8, 10, 5});
  ProbeOptions options;
  options.seed = 5;
  ProbeContext ctx(net, {{torch::zeros({1, 3, 8, 8}), torch::tensor({0})}}, options);
  at::Generator a = ctx.stream("az_nas");
  const at::Tensor first = ctx.randn({4, 3}, a);
  ctx.randn({100});  // the shared generator moves on; the stream does not care
  at::Generator again = ctx.stream("az_nas");
  CATCH_CHECK(torch::equal(ctx.randn({4, 3}, again), first));
  at::Generator other = ctx.stream("az_nas2");
  CATCH_CHECK_FALSE(torch::equal(ctx.randn({4, 3}, other), first));
  // Another seed, another stream of the same name.
  ProbeOptions reseeded = options;
  reseeded.seed = 6;
  ProbeContext ctx6(net, {{torch::zeros({1, 3, 8, 8}), torch::tensor({0})}}, reseeded);
  at::Generator six = ctx6.stream("az_nas");
  CATCH_CHECK_FALSE(torch::equal(ctx6.randn({4, 3}, six), first));
  // Values shared between proxies stay with the context that computed them.
  CATCH_CHECK(ctx.shared_values("k") == nullptr);
  ctx.share_values("k", {1.0, 2.0});
  CATCH_REQUIRE(ctx.shared_values("k") != nullptr);
  CATCH_CHECK(*ctx.shared_values("k") == std::vector<double>{1.0, 2.0});
  CATCH_CHECK(ctx6.shared_values("k") == nullptr);
}
