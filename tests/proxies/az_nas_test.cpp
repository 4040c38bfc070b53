// AZ-NAS's three feature scores (proxies/az_nas.hpp): the spectral entropy and the block
// trainability on tensors whose covariance and Jacobian are known on paper, the plugins on a
// one-channel network whose every score follows from its shape alone (Kaiming weights and
// Gaussian inputs are drawn, so only values the draws cannot change are checked exactly), and
// NAS-Bench-201 cells.

#include <catch2/catch.hpp>
#include <torch/torch.h>

#include <cmath>
#include <limits>

#include "../../proxies/az_nas.hpp"
#include "dsl/support.hpp"
#include "net/families/build_network.hpp"
#include "plugin/proxy_instances.hpp"
#include "proxy/proxy_runner.hpp"
#include "spec/space_ops.hpp"
#include "support/shipped_plugins.hpp"
#include "support/test_env.hpp"
#include "support/tiny_networks.hpp"

using namespace zcnas;

namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

// The shipped proxies `names`, run one after the other in one context on `net`, float64.
std::vector<proxy::ProxyOutcome> run_in_one_context(Network& net, const Batch& batch, const std::vector<std::string>& names) {
  auto instances = plugin::instantiate_named_proxies(names, {}, {}, test::shipped_plugins());
  CATCH_REQUIRE(instances);
  ProbeOptions options;
  options.dtype = torch::kDouble;
  options.seed = 5;
  ProbeContext ctx(net, {batch}, options);
  std::vector<proxy::ProxyOutcome> out;
  for (auto& instance : *instances) {
    out.push_back(proxy::run_proxy(instance, ctx, "tiny"));
    if (!out.back().ok) CATCH_WARN(out.back().error);
  }
  return out;
}

// One channel and no weights: the stem hands x on; block 1 multiplies by `scale`, block 2
// average-pools 2 x 2. Whatever the input, one channel has one eigenvalue (entropy
// -log(1 + 1e-8) at every boundary) and the blocks' Jacobians are scale * I and a 1/4 pool.
class ScaleThenPool : public NetModule {
 public:
  explicit ScaleThenPool(double scale) : scale_(scale) {}
  at::Tensor forward(const at::Tensor& x) override { return forward_blocks(x, nullptr); }
  at::Tensor forward_blocks(const at::Tensor& x, std::vector<at::Tensor>* features) override {
    if (features) features->push_back(x);
    at::Tensor h = x * scale_;
    if (features) features->push_back(h);
    h = at::avg_pool2d(h, 2);
    if (features) features->push_back(h);
    return h.flatten(1);
  }

 private:
  double scale_;
};

Batch one_channel_batch() { return {torch::zeros({3, 1, 4, 4}, torch::kDouble), torch::tensor({0, 0, 0}, torch::kLong)}; }

// 2 - s - 1/(s + 1e-6), AZ-NAS's score of a block whose Jacobian's top singular value is s.
double block_score(double s) { return 2.0 - s - 1.0 / (s + 1e-6); }

}  // namespace

CATCH_TEST_CASE("AZ-NAS's spectral entropy of a channel covariance, by hand", "[proxies][az_nas]") {
  // Channels (-1)^j and (-1)^i of a 4 x 4 map: zero mean, unit variance, uncorrelated, so the
  // covariance is I, p = (1/2, 1/2) and H = -log(1/2 + 1e-8).
  const at::Tensor x = test::uncorrelated_channels();
  auto h = az_nas::detail::spectral_entropy(x, at::kDouble);
  CATCH_REQUIRE(h);
  CATCH_CHECK(h->item<double>() == Approx(-std::log(0.5 + 1e-8)).epsilon(1e-12));
  // The second channel three times the first: eigenvalues 0 and 10, p = (0, 1), H = -log(1 + 1e-8).
  const at::Tensor first = x.narrow(1, 0, 1);
  auto rank_one = az_nas::detail::spectral_entropy(torch::cat({first, 3 * first}, 1), at::kDouble);
  CATCH_REQUIRE(rank_one);
  CATCH_CHECK(rank_one->item<double>() == Approx(-std::log(1.0 + 1e-8)).margin(1e-12));
  // Tokens (N x T x E) are read with the tokens as positions: the same map as 16 tokens of 2.
  auto tokens = az_nas::detail::spectral_entropy(x.flatten(2).transpose(1, 2), at::kDouble);
  CATCH_REQUIRE(tokens);
  CATCH_CHECK(tokens->item<double>() == Approx(h->item<double>()).epsilon(1e-12));
  // A dead map (all zeros) has no spectrum: NaN, which the scores turn into -inf.
  auto dead = az_nas::detail::spectral_entropy(torch::zeros({1, 2, 4, 4}, torch::kDouble), at::kDouble);
  CATCH_REQUIRE(dead);
  CATCH_CHECK(std::isnan(dead->item<double>()));
}

CATCH_TEST_CASE("AZ-NAS's block trainability from the Jacobian's top singular value, by hand", "[proxies][az_nas]") {
  at::Generator gen = at::detail::createCPUGenerator(3);
  const at::Tensor in = torch::randn({2, 1, 4, 4}, torch::kDouble).requires_grad_(true);
  // One channel, f_out = 2 f_in: g_in = 2 g_out, E[g_in g_out] = 2 E[g_out^2] = 2 for +-1 noise.
  auto doubled = az_nas::detail::block_trainability(in, in * 2.0, gen, at::kDouble);
  CATCH_REQUIRE(doubled);
  CATCH_CHECK(doubled->item<double>() == Approx(block_score(2.0)).epsilon(1e-12));
  // The identity passes the noise through unchanged: -inf, AZ-NAS's verdict on a skip-only cell.
  auto identity = az_nas::detail::block_trainability(in, in * 1.0, gen, at::kDouble);
  CATCH_REQUIRE(identity);
  CATCH_CHECK(identity->item<double>() == kMinusInfinity);
  // A 2 x 2 average pool: g_in = g_out / 4 at each of the four inputs of an output, which the
  // pixel unshuffle lines up as 4 channels: E[g_in g_out^T] = (1/4, 1/4, 1/4, 1/4), s = 1/2.
  auto pooled = az_nas::detail::block_trainability(in, at::avg_pool2d(in, 2), gen, at::kDouble);
  CATCH_REQUIRE(pooled);
  CATCH_CHECK(pooled->item<double>() == Approx(block_score(0.5)).epsilon(1e-12));
  // A block whose output does not read its input (NAS-Bench-201's all-`none` cell): g_in = 0, s = 0.
  auto unread = az_nas::detail::block_trainability(in, torch::ones({2, 1, 4, 4}, torch::kDouble).requires_grad_(true), gen, at::kDouble);
  CATCH_REQUIRE(unread);
  CATCH_CHECK(unread->item<double>() == Approx(block_score(0.0)).epsilon(1e-12));
}

CATCH_TEST_CASE("the AZ-NAS plugins on a network whose scores follow from its shape", "[proxies][az_nas]") {
  Network net(std::make_shared<ScaleThenPool>(2.0));
  const auto out = run_in_one_context(net, one_channel_batch(),
                                      {"az_expressivity", "az_progressivity", "az_trainability"});
  CATCH_REQUIRE(out.size() == 3);
  for (const auto& o : out) CATCH_REQUIRE(o.ok);
  // Three boundaries of one channel each; entropy -log(1 + 1e-8) at each, so no rise between them.
  CATCH_CHECK(out[0].score == Approx(-3 * std::log(1.0 + 1e-8)).margin(1e-12));
  CATCH_CHECK(out[1].score == Approx(0.0).margin(1e-12));
  // Block 1 scales by 2 (s = 2), block 2 pools 2 x 2 (s = 1/2).
  CATCH_CHECK(out[2].score == Approx((block_score(2.0) + block_score(0.5)) / 2).epsilon(1e-12));
}

CATCH_TEST_CASE("an identity block is AZ-NAS's worst trainability, a score and not a failure", "[proxies][az_nas]") {
  Network net(std::make_shared<ScaleThenPool>(1.0));
  const auto out = run_in_one_context(net, one_channel_batch(), {"az_trainability"});
  CATCH_REQUIRE(out[0].ok);
  CATCH_CHECK(out[0].score == kMinusInfinity);
  CATCH_CHECK(out[0].error.empty());
}

CATCH_TEST_CASE("the AZ-NAS plugins need block boundaries and say so", "[proxies][az_nas]") {
  Network net(std::make_shared<test::TinyConvNet>());
  net.to(torch::kDouble);
  const Batch batch{torch::randn({2, 3, 8, 8}, torch::kDouble), torch::tensor({0, 1}, torch::kLong)};
  const auto out = run_in_one_context(net, batch, {"az_expressivity"});
  CATCH_REQUIRE_FALSE(out[0].ok);
  CATCH_CHECK_THAT(out[0].error, Catch::Contains("block boundaries"));
  CATCH_CHECK_THAT(out[0].error, Catch::Contains("az_expressivity"));
}

namespace {
spec::SearchSpace nb201() {
  static const dsl::PluginCatalog catalog = test::shipped_plugins().catalog();
  dsl::ParseOptions options;
  options.catalog = &catalog;
  auto program = dsl::parse_file(test::spaces_dir() + "/nasbench201.zc", options);
  if (!program) throw std::runtime_error(program.error().to_string());
  return program->spaces.at(0);
}

std::vector<proxy::ProxyOutcome> score_cell(const std::string& cell, const std::vector<std::string>& names) {
  const spec::SearchSpace space = nb201();
  auto arch = spec::from_canonical(space, cell);
  CATCH_REQUIRE(arch);
  auto net = net::build_network(space, *arch, 0);
  CATCH_REQUIRE(net);
  net->to(torch::kDouble);
  torch::manual_seed(1);
  const Batch batch{torch::randn({8, 3, 32, 32}, torch::kDouble), torch::zeros({8}, torch::kLong)};
  return run_in_one_context(*net, batch, names);
}
}  // namespace

CATCH_TEST_CASE("AZ-NAS on NAS-Bench-201 cells: 18 boundaries, dead and skip-only cells at the bottom", "[proxies][az_nas][nb201]") {
  const std::vector<std::string> all = {"az_expressivity", "az_progressivity", "az_trainability"};
  const std::string conv = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|";
  // Every edge `none`: each cell outputs zeros, so from the first cell on the features are dead.
  const std::string dead = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
  // Only the 0 -> 3 edge is a skip: each of the 15 cells is the identity.
  const std::string skip = "|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|";
  const auto good = score_cell(conv, all);
  for (const auto& o : good) CATCH_REQUIRE(o.ok);
  for (const auto& o : good) CATCH_CHECK(std::isfinite(o.score));
  // 18 boundaries (the stem, 15 cells, 2 reduction blocks), each entropy in [0, log 64].
  CATCH_CHECK(good[0].score > 0);
  CATCH_CHECK(good[0].score < 18 * std::log(64.0));
  const auto zero = score_cell(dead, all);
  CATCH_REQUIRE(zero[0].ok);
  CATCH_CHECK(zero[0].score == kMinusInfinity);
  CATCH_CHECK(zero[1].score == kMinusInfinity);
  const auto identity = score_cell(skip, all);
  CATCH_REQUIRE(identity[2].ok);
  CATCH_CHECK(identity[2].score == kMinusInfinity);
  CATCH_CHECK(std::isfinite(identity[0].score));
  // The three come from one forward: computed in another order, or alone, they are the same.
  const auto reversed = score_cell(conv, {"az_trainability", "az_progressivity", "az_expressivity"});
  CATCH_CHECK(reversed[2].score == good[0].score);
  CATCH_CHECK(reversed[1].score == good[1].score);
  CATCH_CHECK(reversed[0].score == good[2].score);
  // With another proxy drawing from the context's shared generator before them, too.
  const auto after_zen = score_cell(conv, {"zen", "az_expressivity"});
  CATCH_CHECK(after_zen[1].score == good[0].score);
}
