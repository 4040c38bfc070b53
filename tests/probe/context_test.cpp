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
    CATCH_REQUIRE(ctx.pass(1, grads));
    CATCH_CHECK(ctx.passes_computed() == 2);
    // Planned taps are batch 0's: the second batch's pass holds no activations, and a proxy
    // that asks for them there pays a pass of its own.
    auto second = ctx.pass(1, grads);
    CATCH_CHECK_FALSE((*second)->activations[0].output.defined());
    CATCH_REQUIRE(ctx.pass(1, acts));
    CATCH_CHECK(ctx.passes_computed() == 3);
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

namespace {
// TinyConvNet in float64 on 7 images: no BatchNorm, so any split of the batch gives the same pass.
struct ChunkFixture {
  Network net{std::make_shared<test::TinyConvNet>()};
  std::vector<Batch> batches;
  ChunkFixture() {
    net.to(torch::kDouble);
    torch::manual_seed(5);
    batches = {{torch::randn({7, 3, 8, 8}, torch::kDouble), torch::tensor({0, 1, 2, 0, 1, 2, 0})}};
  }
  ProbeOptions options(std::int64_t chunk) const {
    ProbeOptions o = f64_options();
    o.pass_chunk = chunk;
    return o;
  }
};

bool close(const at::Tensor& a, const at::Tensor& b) {
  return a.defined() && b.defined() && a.sizes() == b.sizes() && at::allclose(a, b, 1e-10, 1e-12);
}
}  // namespace

CATCH_TEST_CASE("a pass run as sub-batches is the whole batch's pass, joined", "[probe][chunk]") {
  ChunkFixture f;
  PassRequest all;
  all.weight_grads = true;
  all.input_grad = true;
  all.taps.activations = {true, true, true, true, true};
  all.taps.layers = {true, true, true, true};
  ProbeContext whole(f.net, f.batches, f.options(0));
  auto w = whole.pass(0, all);
  CATCH_REQUIRE(w);
  const Pass expected = **w;  // handles: the next context replaces .grad(), it does not write into it
  for (std::int64_t chunk : {1, 3, 6}) {
    CATCH_INFO("chunk " << chunk);
    ProbeContext split(f.net, f.batches, f.options(chunk));
    auto c = split.pass(0, all);
    CATCH_REQUIRE(c);
    const Pass& got = **c;
    CATCH_CHECK(split.passes_computed() == 1);
    CATCH_CHECK(close(got.logits, expected.logits));
    CATCH_CHECK(close(got.loss, expected.loss));
    CATCH_CHECK(close(got.input_grad, expected.input_grad));
    for (std::size_t l = 0; l < expected.weight_grads.size(); ++l) {
      CATCH_CHECK(close(got.weight_grads[l], expected.weight_grads[l]));
      if (expected.bias_grads[l].defined()) CATCH_CHECK(close(got.bias_grads[l], expected.bias_grads[l]));
    }
    for (std::size_t i = 0; i < expected.activations.size(); ++i) {
      const TapSlot &a = got.activations[i], &b = expected.activations[i];
      CATCH_CHECK(close(a.input, b.input));
      CATCH_CHECK(close(a.output, b.output));
      CATCH_CHECK(close(a.input_grad, b.input_grad));
      CATCH_CHECK(close(a.output_grad, b.output_grad));
      CATCH_CHECK(a.output_shape == b.output_shape);
      // The signs: a byte per unit, 1 exactly where the output is positive.
      CATCH_CHECK(a.output_sign.scalar_type() == at::kByte);
      CATCH_CHECK(at::equal(a.output_sign, b.output_sign));
      CATCH_CHECK(at::equal(b.output_sign, b.output.gt(0).to(at::kByte)));
    }
    for (std::size_t i = 0; i < expected.layers.size(); ++i) {
      const TapSlot &a = got.layers[i], &b = expected.layers[i];
      CATCH_CHECK(close(a.input, b.input));
      CATCH_CHECK(close(a.output, b.output));
      CATCH_CHECK(close(a.output_grad, b.output_grad));
      CATCH_CHECK(a.input_shape == b.input_shape);
      // The first layer's input (the images) needs no gradient in either.
      CATCH_CHECK(a.input_grad.defined() == b.input_grad.defined());
      if (b.input_grad.defined()) CATCH_CHECK(close(a.input_grad, b.input_grad));
    }
  }
}

CATCH_TEST_CASE("the Jacobian rides on sub-batch cross-entropy passes as on whole ones", "[probe][chunk]") {
  ChunkFixture f;
  PassRequest grads;
  grads.weight_grads = true;
  auto run = [&](std::int64_t chunk) {
    ProbeContext ctx(f.net, f.batches, f.options(chunk));
    ctx.plan(grads);
    ctx.plan(jacobian_request());
    auto ce = ctx.pass(0, grads);
    CATCH_REQUIRE(ce);
    const at::Tensor g = (*ce)->weight_grads[0];
    auto jac = ctx.pass(0, jacobian_request());
    CATCH_REQUIRE(jac);
    CATCH_CHECK(ctx.passes_computed() == 1);
    return std::make_pair(g, (*jac)->input_grad);
  };
  const auto whole = run(0), split = run(2);
  CATCH_CHECK(close(split.first, whole.first));
  CATCH_CHECK(close(split.second, whole.second));
}

CATCH_TEST_CASE("sub-batch passes refuse interacting samples and leave kept graphs whole", "[probe][chunk]") {
  PassRequest grads;
  grads.weight_grads = true;
  CATCH_SECTION("BatchNorm in training mode couples the samples") {
    Network net = net::make_toy_cnn();
    std::vector<Batch> batches{{torch::randn({4, 3, 16, 16}), torch::tensor({0, 1, 2, 3})}};
    ProbeOptions o;
    o.pass_chunk = 2;
    ProbeContext ctx(net, batches, o);
    auto p = ctx.pass(0, grads);
    CATCH_REQUIRE_FALSE(p);
    CATCH_CHECK_THAT(p.error().to_string(), Catch::Contains("BatchNorm in training mode"));
    // Running statistics do not: the same network then splits.
    o.batchnorm_train_mode = false;
    ProbeContext eval(net, batches, o);
    CATCH_CHECK(eval.pass(0, grads));
  }
  CATCH_SECTION("a task's own loss is not known to be a mean over samples") {
    ChunkFixture f;
    ProbeOptions o = f.options(3);
    o.loss = [](const at::Tensor& logits, const at::Tensor&) { return logits.pow(2).sum(); };
    ProbeContext ctx(f.net, f.batches, o);
    auto p = ctx.pass(0, grads);
    CATCH_REQUIRE_FALSE(p);
    CATCH_CHECK_THAT(p.error().to_string(), Catch::Contains("own loss"));
  }
  CATCH_SECTION("a pass that keeps its graph is one forward") {
    ChunkFixture f;
    ProbeContext ctx(f.net, f.batches, f.options(3));
    PassRequest kept = grads;
    kept.keep_graph = true;
    ctx.plan(kept);
    auto p = ctx.pass(0, grads);
    CATCH_REQUIRE(p);
    const at::Tensor graph = ctx.take_graph(0, PassObjective::cross_entropy);
    CATCH_CHECK(graph.defined());
    CATCH_CHECK(graph.requires_grad());
  }
}
