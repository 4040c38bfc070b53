// Every shipped proxy on networks small enough to check by hand: the expected values come
// from the formulas in ../shared/docs/method.md worked out on paper (comments), or from
// hand_backprop.hpp (plain-double backpropagation), never from the code under test.

#include <ATen/CPUGeneratorImpl.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "plugin/proxy_instances.hpp"
#include "proxies/hand_backprop.hpp"
#include "proxy/proxy_runner.hpp"
#include "support/shipped_plugins.hpp"
#include "support/test_env.hpp"
#include "support/tiny_networks.hpp"
#include "zcnas/probe/activation_patterns.hpp"

using namespace zcnas;

namespace {

// Runs plugin `name` on `net` with `batches` (float64, BN in training mode).
proxy::ProxyOutcome run(Network& net, std::vector<Batch> batches, const std::string& name,
                        std::map<std::string, ParamValue> params = {}, bool plan = false) {
  config::ProxyInstance declared;
  declared.name = name;
  declared.plugin = name;
  declared.params = std::move(params);
  for (const auto& [k, v] : declared.params) declared.param_locations[k] = {"test", 1, 1};
  auto instances = plugin::instantiate_proxies({declared}, test::shipped_plugins());
  CATCH_REQUIRE(instances);
  ProbeOptions options;
  options.dtype = torch::kDouble;
  options.device = c10::Device(test::device_name());
  // On the test device for the proxy, back on the CPU for the hand computations that follow.
  net.to(options.device);
  proxy::ProxyOutcome out;
  {
    ProbeContext ctx(net, std::move(batches), options);
    // Planned as the score runner plans (what the plugin declares: GraSP's kept graph), or not.
    if (plan) proxy::plan_passes(*instances, ctx);
    out = proxy::run_proxy(instances->front(), ctx, "tiny");
  }
  net.to(c10::Device(c10::DeviceType::CPU));
  if (!out.ok) CATCH_WARN(out.error);
  return out;
}

const std::vector<std::array<double, 2>> kX = {{1, 2}, {2, -1}, {1, 0}};
const std::vector<int> kY = {0, 1, 1};
// Pre-activations W1 x + b1: [-1, 3], [3, 2], [1, 1]: no unit sits at 0, so ReLU's
// derivative is defined everywhere and finite differences work.

Batch batch_of(const std::vector<std::array<double, 2>>& x, const std::vector<int>& y) {
  std::vector<double> flat;
  for (const auto& r : x) flat.insert(flat.end(), r.begin(), r.end());
  std::vector<std::int64_t> labels(y.begin(), y.end());
  return {torch::tensor(flat, torch::kDouble).view({static_cast<std::int64_t>(x.size()), 2}),
          torch::tensor(labels, torch::kLong)};
}

double frobenius(const test::Mat2& m) {
  double s = 0;
  for (const auto& r : m)
    for (double v : r) s += v * v;
  return std::sqrt(s);
}

double sum_of(const test::Mat2& a, const test::Mat2& b, bool absolute) {
  double s = 0;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) s += absolute ? std::abs(a[i][j] * b[i][j]) : a[i][j] * b[i][j];
  return s;
}

}  // namespace

CATCH_TEST_CASE("l2_norm is the sum of the layers' Frobenius norms", "[proxies][values]") {
  Network net(std::make_shared<test::TinyClassifier>());
  // ||W1|| = sqrt(1 + 1 + 4 + 1), ||W2|| = sqrt(1 + 9 + 4 + 1)
  CATCH_CHECK(run(net, {batch_of(kX, kY)}, "l2_norm").score == Approx(std::sqrt(7.0) + std::sqrt(15.0)).epsilon(1e-12));
}

CATCH_TEST_CASE("grad_norm, plain and snip match hand backpropagation", "[proxies][values]") {
  const test::TinyClassifierWeights w;
  const auto hand = test::hand_backprop(w, kX, kY);
  Network net(std::make_shared<test::TinyClassifier>());
  CATCH_CHECK(run(net, {batch_of(kX, kY)}, "grad_norm").score ==
              Approx(frobenius(hand.dw1) + frobenius(hand.dw2)).epsilon(1e-12));
  CATCH_CHECK(run(net, {batch_of(kX, kY)}, "plain").score ==
              Approx(sum_of(hand.dw1, w.w1, false) + sum_of(hand.dw2, w.w2, false)).epsilon(1e-12));
  CATCH_CHECK(run(net, {batch_of(kX, kY)}, "snip").score ==
              Approx(sum_of(hand.dw1, w.w1, true) + sum_of(hand.dw2, w.w2, true)).epsilon(1e-12));
}

CATCH_TEST_CASE("fisher sums 0.5 * mean (a * dL/da)^2 over output channels", "[proxies][values]") {
  const auto hand = test::hand_backprop({}, kX, kY);
  double expected = 0;
  for (int k = 0; k < 2; ++k) {
    double m1 = 0, m2 = 0;
    for (std::size_t s = 0; s < kX.size(); ++s) {
      m1 += std::pow(hand.z1[s][k] * hand.dz1[s][k], 2) / 3.0;
      m2 += std::pow(hand.z2[s][k] * hand.dz2[s][k], 2) / 3.0;
    }
    expected += 0.5 * (m1 + m2);
  }
  Network net(std::make_shared<test::TinyClassifier>());
  CATCH_CHECK(run(net, {batch_of(kX, kY)}, "fisher", {{"weighting", std::string("channel")}}).score ==
              Approx(expected).epsilon(1e-12));
  // Both layers have fan-in 2: the references' weighting doubles every channel.
  CATCH_CHECK(run(net, {batch_of(kX, kY)}, "fisher").score == Approx(2 * expected).epsilon(1e-12));
}

CATCH_TEST_CASE("fisher counts each channel once per weight it owns, as zero-cost-nas and Suite-Zero", "[proxies][values]") {
  // TinyConvNet's fan-ins differ (conv1 3 x 3 x 3 = 27, grouped conv2 2 x 3 x 3 = 18, fc 4), so
  // a weighting by anything else (channels, out_channels, all weights) gives another number.
  // The reference values come from autograd on the same weights, outside the tap machinery.
  auto module = std::make_shared<test::TinyConvNet>();
  Network net(module);
  net.to(torch::kDouble);
  torch::manual_seed(3);
  const Batch batch{torch::randn({4, 3, 8, 8}, torch::kDouble), torch::tensor({0, 2, 1, 2}, torch::kLong)};
  double weighted = 0, plain = 0;
  {
    at::Tensor z1 = torch::conv2d(batch.inputs, module->conv1->weight, module->conv1->bias, 2, 1);
    at::Tensor z2 = torch::conv2d(torch::gelu(z1), module->conv2->weight, {}, 1, 1, 1, 2);
    at::Tensor z3 = torch::linear(z2.mean({2, 3}), module->fc->weight, module->fc->bias);
    for (auto* z : {&z1, &z2, &z3}) z->retain_grad();
    torch::nn::functional::cross_entropy(z3, batch.labels).backward();
    const std::vector<std::pair<at::Tensor*, double>> layers = {{&z1, 27}, {&z2, 18}, {&z3, 4}};
    for (const auto& [z, fan_in] : layers) {
      at::Tensor g = (*z * z->grad()).detach();
      if (g.dim() > 2) g = g.sum({2, 3});
      const double channels = g.pow(2).mean(0).mul(0.5).sum().item<double>();
      plain += channels;
      weighted += fan_in * channels;
    }
  }
  CATCH_CHECK(run(net, {batch}, "fisher").score == Approx(weighted).epsilon(1e-10));
  CATCH_CHECK(run(net, {batch}, "fisher", {{"weighting", std::string("channel")}}).score == Approx(plain).epsilon(1e-10));
  config::ProxyInstance typo;
  typo.name = typo.plugin = "fisher";
  typo.params = {{"weighting", std::string("weights")}};
  typo.param_locations["weighting"] = {"test.toml", 3, 1};
  auto refused = plugin::instantiate_proxies({typo}, test::shipped_plugins());
  CATCH_REQUIRE_FALSE(refused);
  CATCH_CHECK_THAT(refused.error().to_string(), Catch::Contains("fan_in or channel"));
}

CATCH_TEST_CASE("grasp is -W . Hg, Hg checked by finite differences of the hand gradient", "[proxies][values]") {
  const test::TinyClassifierWeights w;
  const auto g = test::hand_backprop(w, kX, kY);
  const double eps = 1e-6;
  auto shifted = [&](double sign) {
    test::TinyClassifierWeights s = w;
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) {
        s.w1[i][j] += sign * eps * g.dw1[i][j];
        s.w2[i][j] += sign * eps * g.dw2[i][j];
      }
    return test::hand_backprop(s, kX, kY);
  };
  const auto plus = shifted(1), minus = shifted(-1);
  double expected = 0;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      expected -= w.w1[i][j] * (plus.dw1[i][j] - minus.dw1[i][j]) / (2 * eps);
      expected -= w.w2[i][j] * (plus.dw2[i][j] - minus.dw2[i][j]) / (2 * eps);
    }
  Network net(std::make_shared<test::TinyClassifier>());
  const auto out = run(net, {batch_of(kX, kY)}, "grasp");
  CATCH_REQUIRE(out.ok);
  CATCH_CHECK(out.score == Approx(expected).epsilon(1e-6));
  CATCH_CHECK(out.score != 0);
  // Planned, GraSP differentiates the shared pass's kept forward instead of running its own:
  // the same forward, so the same bits.
  CATCH_CHECK(run(net, {batch_of(kX, kY)}, "grasp", {}, /*plan=*/true).score == out.score);
}

CATCH_TEST_CASE("synflow on |W| with an all-ones input, by hand", "[proxies][values]") {
  // |W1| = [[1,1],[2,1]], |b1| = [0,1], |W2| = [[1,3],[2,1]], |b2| = [0.5,0]; x = [1,1].
  // z1 = [2, 4] (both active); R = sum(|W2| z1 + |b2|) = 14.5 + 8.
  // dR/dW2 = [[2,4],[2,4]] -> sum |W2 * g| = 2 + 12 + 4 + 4 = 22.
  // dR/dz1 = |W2|^T [1,1] = [3, 4]; dR/dW1 = [[3,3],[4,4]] -> sum = 3 + 3 + 8 + 4 = 18.   Total 40.
  Network net(std::make_shared<test::TinyClassifier>());
  CATCH_CHECK(run(net, {batch_of(kX, kY)}, "synflow", {{"log", false}}).score == Approx(40.0).epsilon(1e-12));
  CATCH_CHECK(run(net, {batch_of(kX, kY)}, "synflow").score == Approx(std::log(40.0)).epsilon(1e-12));
  // The network comes back as it was built (signs, dtype).
  auto* m = dynamic_cast<test::TinyClassifier*>(&net.module());
  CATCH_CHECK(m->fc2->weight[1][0].item<double>() == -2.0);
  CATCH_CHECK(m->fc2->weight.scalar_type() == torch::kDouble);
}

CATCH_TEST_CASE("jacov and epe_nas from the input Jacobians, by hand", "[proxies][values]") {
  // d(sum of logits)/dx = sum_k v_k [z1_k > 0] W1[k], v = W2^T [1, 1] = [-1, 4]:
  // sample 1 (unit 2 active) [8, 4]; samples 2 and 3 (both active) [-1, 1] + [8, 4] = [7, 5].
  // Centred, every row is a multiple of [1, -1]: every correlation is 1, C = ones(3, 3),
  // eigenvalues 0, 0, 3.
  const double k = 1e-5;
  const double jacov = -(2 * (std::log(k) + 1 / k) + std::log(3 + k) + 1 / (3 + k));
  Network net(std::make_shared<test::TinyClassifier>());
  CATCH_CHECK(run(net, {batch_of(kX, kY)}, "jacov").score == Approx(jacov).epsilon(1e-9));
  // epe_nas, labels [0, 0, 1]: class 0 has a 2x2 correlation matrix of ones, s0 = 4 log(1 + k);
  // class 1 has one sample, s1 = log(1 + k). Pairwise rule: (|s0 - s1| + |s1 - s0|) / 2.
  CATCH_CHECK(run(net, {batch_of(kX, {0, 0, 1})}, "epe_nas").score == Approx(3 * std::log(1 + k)).epsilon(1e-9));
  CATCH_CHECK(run(net, {batch_of(kX, {0, 0, 1})}, "epe_nas", {{"rule", std::string("sum")}}).score ==
              Approx(4 * std::log(1 + k) / 2 + std::log(1 + k)).epsilon(1e-9));
}

CATCH_TEST_CASE("nwot and swap from the binary activation codes, by hand", "[proxies][values]") {
  Network net(std::make_shared<test::TinyClassifier>());
  // Codes (unit fires): sample 1 [0, 1], sample 2 [1, 1]. K = [[2, 1], [1, 2]], det 3.
  CATCH_CHECK(run(net, {batch_of({{1, 2}, {2, -1}}, {0, 1})}, "nwot").score == Approx(std::log(3.0)).epsilon(1e-12));
  // Over the three samples unit 1 reads (0, 1, 1) and unit 2 (1, 1, 1): two patterns.
  CATCH_CHECK(run(net, {batch_of(kX, kY)}, "swap").score == 2);
  // reg-swap: P = 12 parameters = 0.012 thousand; mu = 0, sigma = 1.
  CATCH_CHECK(run(net, {batch_of(kX, kY)}, "swap", {{"regularise", true}}).score ==
              Approx(2 * std::exp(-0.012 * 0.012)).epsilon(1e-12));
}

CATCH_TEST_CASE("the device route of pattern counting (pack, sort, count) equals the CPU loop", "[proxies][values]") {
  // distinct_patterns takes the tensor route on a GPU; run it here on the CPU against the loop,
  // at 64 samples (bit 63 is the int64 sign bit), at 3 and at 37, on sites with repeats.
  for (std::int64_t samples : {3, 37, 64}) {
    at::Generator gen = at::detail::createCPUGenerator(static_cast<std::uint64_t>(samples));
    std::vector<at::Tensor> codes;
    for (std::int64_t units : {50, 1, 300}) {
      // Few distinct columns, each repeated: the count is small and exact.
      const at::Tensor base = at::randint(0, 2, {samples, 7}, gen, at::TensorOptions().dtype(at::kByte));
      const at::Tensor pick = at::randint(0, 7, {units}, gen, at::TensorOptions().dtype(at::kLong));
      codes.push_back(base.index_select(1, pick).contiguous());
    }
    std::set<std::vector<std::uint8_t>> columns;
    for (const auto& c : codes)
      for (std::int64_t u = 0; u < c.size(1); ++u) {
        const at::Tensor col = c.select(1, u).contiguous();
        columns.insert({col.data_ptr<std::uint8_t>(), col.data_ptr<std::uint8_t>() + samples});
      }
    CATCH_INFO(samples << " samples");
    CATCH_CHECK(patterns::distinct_patterns(codes) == static_cast<std::int64_t>(columns.size()));
    CATCH_CHECK(patterns::distinct_patterns_sorted(codes) == static_cast<std::int64_t>(columns.size()));
  }
  // All ones at 64 samples: the word is -1 as int64, one pattern; with an all-zero unit, two.
  const at::Tensor ones = at::ones({64, 5}, at::TensorOptions().dtype(at::kByte));
  CATCH_CHECK(patterns::distinct_patterns_sorted({ones}) == 1);
  CATCH_CHECK(patterns::distinct_patterns_sorted({ones, at::zeros({64, 1}, ones.options())}) == 2);
}

CATCH_TEST_CASE("swap counts distinct patterns past 64 samples too", "[proxies][values]") {
  Network net(std::make_shared<test::TinyClassifier>());
  // 70 copies of the three samples: still the same two unit patterns, now 210 bits long.
  std::vector<std::array<double, 2>> x;
  std::vector<int> y;
  for (int r = 0; r < 70; ++r) {
    x.insert(x.end(), kX.begin(), kX.end());
    y.insert(y.end(), kY.begin(), kY.end());
  }
  CATCH_CHECK(run(net, {batch_of(x, y)}, "swap").score == 2);
}

CATCH_TEST_CASE("zico from two batches' hand gradients", "[proxies][values]") {
  const std::vector<std::array<double, 2>> xa = {{1, 2}, {2, -1}}, xb = {{2, -1}, {1, 0}};
  const std::vector<int> ya = {0, 1}, yb = {0, 1};
  const auto a = test::hand_backprop({}, xa, ya), b = test::hand_backprop({}, xb, yb);
  auto layer = [](const test::Mat2& ga, const test::Mat2& gb) {
    double s = 0;  // mean|g| / std(g) over two values: (|a| + |b|) / |a - b|
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j)
        if (ga[i][j] != gb[i][j]) s += (std::abs(ga[i][j]) + std::abs(gb[i][j])) / std::abs(ga[i][j] - gb[i][j]);
    return s > 0 ? std::log(s) : 0.0;
  };
  Network net(std::make_shared<test::TinyClassifier>());
  const auto out = run(net, {batch_of(xa, ya), batch_of(xb, yb)}, "zico");
  CATCH_REQUIRE(out.ok);
  CATCH_CHECK(out.score == Approx(layer(a.dw1, b.dw1) + layer(a.dw2, b.dw2)).epsilon(1e-12));
  // One batch is not enough: a recorded failure that says why.
  const auto refused = run(net, {batch_of(xa, ya)}, "zico");
  CATCH_CHECK_FALSE(refused.ok);
  CATCH_CHECK(refused.error.find("needs 2 batches") != std::string::npos);
}

CATCH_TEST_CASE("meco is the smallest eigenvalue of the channel correlation", "[proxies][values]") {
  // Conv output channels W x over uncorrelated zero-mean inputs x0, x1; for two channels the
  // correlation matrix [[1, r], [r, 1]] has smallest eigenvalue 1 - |r|.
  const Batch b{test::uncorrelated_channels(), torch::tensor({0}, torch::kLong)};
  Network same(std::make_shared<test::ChannelPair>(1.0, 0.0, 2.0, 0.0));  // ch1 = 2 ch0: r = 1
  CATCH_CHECK(run(same, {b}, "meco").score == Approx(0.0).margin(1e-12));
  Network apart(std::make_shared<test::ChannelPair>(1.0, 0.0, 0.0, 1.0));  // ch1 = x1: r = 0
  CATCH_CHECK(run(apart, {b}, "meco").score == Approx(1.0).epsilon(1e-12));
  Network mixed(std::make_shared<test::ChannelPair>(1.0, 0.0, 1.0, 1.0));  // ch1 = x0 + x1: r = 1/sqrt(2)
  CATCH_CHECK(run(mixed, {b}, "meco").score == Approx(1.0 - 1.0 / std::sqrt(2.0)).epsilon(1e-12));
  // A constant channel has NaN correlations, set to 0 as MeCo does: [[1, 0], [0, 0]], eigenvalue 0.
  Network dead(std::make_shared<test::ChannelPair>(1.0, 0.0, 0.0, 0.0));
  CATCH_CHECK(run(dead, {b}, "meco").score == Approx(0.0).margin(1e-12));
}

CATCH_TEST_CASE("zen is reproducible and leaves the scored network as built", "[proxies][values]") {
  const at::Tensor image = torch::cat({test::uncorrelated_channels(), test::uncorrelated_channels() * 0.5});
  const Batch b{image, torch::tensor({0, 1}, torch::kLong)};
  Network net(std::make_shared<test::ChannelPair>(1.0, -0.5, 0.1, 0.2));
  const at::Tensor before = net.layers()[0].weight.detach().clone();
  const auto first = run(net, {b}, "zen");
  const auto second = run(net, {b}, "zen");
  CATCH_REQUIRE(first.ok);
  CATCH_CHECK(first.score == second.score);
  CATCH_CHECK(torch::equal(net.layers()[0].weight.detach(), before));
}

CATCH_TEST_CASE("lswag is windowed Lambda from |g| variances times Psi, by hand", "[proxies][values][lswag]") {
  const std::vector<std::array<double, 2>> xa = {{1, 2}, {2, -1}}, xb = {{2, -1}, {1, 0}};
  const std::vector<int> ya = {0, 1}, yb = {0, 1};
  const auto a = test::hand_backprop({}, xa, ya), b = test::hand_backprop({}, xb, yb);
  auto lambda_term = [](const test::Mat2& ga, const test::Mat2& gb) {
    double s = 0;  // 1 / std(|g|) over two values: 2 / ||a| - |b||; zero spreads dropped
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j)
        if (std::abs(ga[i][j]) != std::abs(gb[i][j])) s += 2 / std::abs(std::abs(ga[i][j]) - std::abs(gb[i][j]));
    return std::log(s);
  };
  const double l1 = lambda_term(a.dw1, b.dw1), l2 = lambda_term(a.dw2, b.dw2);
  // Psi on batch 0: pre-activations [-1, 3] and [3, 2]; unit patterns (0, 1) and (1, 1): 2.
  // Two layers of D = 2 sit in bins floor(0 * 10 / 2) = 0 and floor(1 * 10 / 2) = 5; the
  // ReLU follows fc1, so it sits in bin 0.
  Network net(std::make_shared<test::TinyClassifier>());
  auto lswag = [&](std::map<std::string, ParamValue> p) {
    const auto out = run(net, {batch_of(xa, ya), batch_of(xb, yb)}, "lswag", std::move(p));
    CATCH_REQUIRE(out.ok);
    return out.score;
  };
  CATCH_CHECK(lswag({}) == Approx((l1 + l2) * 2).epsilon(1e-12));
  CATCH_CHECK(lswag({{"window", std::vector<double>{0, 4}}}) == Approx(l1 * 2).epsilon(1e-12));
  CATCH_CHECK(lswag({{"window", std::vector<double>{5, 9}}}) == Approx(l2 * 2).epsilon(1e-12));
  CATCH_CHECK(lswag({{"window", std::vector<double>{5, 9}}, {"use_window", false}}) ==
              Approx((l1 + l2) * 2).epsilon(1e-12));
  CATCH_CHECK(lswag({{"use_psi", false}}) == Approx(l1 + l2).epsilon(1e-12));
  // A window that holds no layer sums nothing: Lambda = 0, as ZiCo scores a network whose
  // gradients never vary.
  CATCH_CHECK(lswag({{"window", std::vector<double>{9, 9}}}) == 0);
}

CATCH_TEST_CASE("lswag's variance over the samples of one batch, by hand", "[proxies][values][lswag]") {
  // variance_over = samples: sigma_w is the population std over the samples of batch 0 of
  // |dL_i/dw|, each sample's gradient the hand gradient of a batch of that sample alone (no
  // batch norm in this network, so the samples do not interact).
  std::vector<test::HandPass> per_sample;
  for (std::size_t i = 0; i < kX.size(); ++i) per_sample.push_back(test::hand_backprop({}, {kX[i]}, {kY[i]}));
  auto lambda_term = [&](std::size_t n, const test::Mat2 test::HandPass::*grad) {
    double s = 0;
    for (int r = 0; r < 2; ++r)
      for (int c = 0; c < 2; ++c) {
        double mean = 0, sq = 0;
        for (std::size_t i = 0; i < n; ++i) {
          const double g = std::abs((per_sample[i].*grad)[r][c]);
          mean += g / static_cast<double>(n);
          sq += g * g / static_cast<double>(n);
        }
        const double sd = std::sqrt(std::max(sq - mean * mean, 0.0));
        if (sd > 1e-12) s += 1 / sd;
      }
    return std::log(s);
  };
  Network net(std::make_shared<test::TinyClassifier>());
  auto lswag = [&](std::map<std::string, ParamValue> p) {
    p["use_psi"] = false;
    p["variance_over"] = std::string("samples");
    const auto out = run(net, {batch_of(kX, kY), batch_of(kX, kY)}, "lswag", std::move(p));
    CATCH_REQUIRE(out.ok);
    return out.score;
  };
  CATCH_CHECK(lswag({}) ==
              Approx(lambda_term(3, &test::HandPass::dw1) + lambda_term(3, &test::HandPass::dw2)).epsilon(1e-9));
  CATCH_CHECK(lswag({{"samples", std::int64_t{2}}}) ==
              Approx(lambda_term(2, &test::HandPass::dw1) + lambda_term(2, &test::HandPass::dw2)).epsilon(1e-9));
  config::ProxyInstance bad;
  bad.name = bad.plugin = "lswag";
  bad.params["variance_over"] = std::string("layers");
  bad.param_locations["variance_over"] = {"test", 1, 1};
  CATCH_CHECK_FALSE(plugin::instantiate_proxies({bad}, test::shipped_plugins()));
}

CATCH_TEST_CASE("lswag with its three changes switched off is zico, and Psi alone is swap", "[proxies][values][lswag]") {
  const std::vector<std::array<double, 2>> xa = {{1, 2}, {2, -1}}, xb = {{2, -1}, {1, 0}};
  const std::vector<int> ya = {0, 1}, yb = {0, 1};
  Network net(std::make_shared<test::TinyClassifier>());
  const std::vector<Batch> batches = {batch_of(xa, ya), batch_of(xb, yb)};
  const auto zico = run(net, batches, "zico");
  const auto as_zico = run(net, batches, "lswag",
                           {{"drop_mean", false}, {"use_window", false}, {"use_psi", false}, {"grad_abs", false}});
  CATCH_REQUIRE(zico.ok);
  CATCH_CHECK(as_zico.score == zico.score);
  CATCH_CHECK(run(net, batches, "lswag", {{"use_lambda", false}}).score == run(net, batches, "swap").score);
}

CATCH_TEST_CASE("lswag refuses a window it cannot mean", "[proxies][values][lswag]") {
  for (const auto& window : {std::vector<double>{3}, std::vector<double>{5, 2}, std::vector<double>{0, 10},
                             std::vector<double>{0.5, 3}}) {
    config::ProxyInstance declared;
    declared.name = "lswag";
    declared.plugin = "lswag";
    declared.params = {{"window", window}};
    declared.param_locations["window"] = {"test.toml", 4, 9};
    auto instances = plugin::instantiate_proxies({declared}, test::shipped_plugins());
    CATCH_REQUIRE_FALSE(instances);
    CATCH_CHECK(instances.error().to_string().find("window") != std::string::npos);
  }
}

CATCH_TEST_CASE("tenas_ntk is minus the condition number of the per-sample gradient Gram matrix, by hand", "[proxies][values][tenas]") {
  // TwoLayerMlp on x1 = [1, 2] (pre-activations [-1, 3]) and x2 = [2, -1] ([3, 2]). Weight
  // gradients of the one logit: g1 = (dW1 = [0, 0; 3, 6], dW2 = [0, 3]), g2 = ([2, -1; 6, -3], [3, 2]).
  // K = [[54, 6], [6, 63]]: eigenvalues 58.5 -+ 7.5 = 51 and 66, so the score is -66/51.
  Network net(std::make_shared<test::TwoLayerMlp>());
  const Batch b{torch::tensor({{1.0, 2.0}, {2.0, -1.0}}, torch::kDouble), torch::tensor({0, 0}, torch::kLong)};
  const auto out = run(net, {b}, "tenas_ntk");
  CATCH_REQUIRE(out.ok);
  CATCH_CHECK(out.score == Approx(-66.0 / 51.0).epsilon(1e-10));
}

CATCH_TEST_CASE("tenas_lr counts the distinct ReLU codes of the samples, by hand", "[proxies][values][tenas]") {
  // Pre-activations [-1, 3], [3, 2], [1, 1]: codes (0, 1), (1, 1), (1, 1), two distinct.
  Network net(std::make_shared<test::TinyClassifier>());
  const auto out = run(net, {batch_of(kX, kY)}, "tenas_lr", {{"source", std::string("batch")}});
  CATCH_REQUIRE(out.ok);
  CATCH_CHECK(out.score == 2.0);
  // Gaussian inputs (TE-NAS): two ReLU units give at most 4 codes, and the count is reproducible.
  const auto g1 = run(net, {batch_of(kX, kY)}, "tenas_lr", {{"source", std::string("gaussian")}});
  const auto g2 = run(net, {batch_of(kX, kY)}, "tenas_lr", {{"source", std::string("gaussian")}});
  CATCH_REQUIRE(g1.ok);
  CATCH_CHECK(g1.score >= 1);
  CATCH_CHECK(g1.score <= 3);  // at most one code per sample
  CATCH_CHECK(g1.score == g2.score);
}

CATCH_TEST_CASE("vkdnw is the entropy of the Fisher spectrum's deciles, by hand", "[proxies][values][vkdnw]") {
  // LinearClassifier, first entry of each tensor (W[0,0], b[0]): J = [[x0, 1], [0, 0]]. With two
  // classes the softmax covariance's Cholesky factor is [[s, 0], [-s, 0]], s^2 = p0 p1 (smoothed),
  // so each sample adds 2 s^2 [[x0^2, x0], [x0, 1]].
  Network net(std::make_shared<test::LinearClassifier>());
  // x = (1, 0) and (-1, 0): the same s, F = 2 s^2 I; equal eigenvalues, equal deciles: ln 9.
  const Batch pair{torch::tensor({{1.0, 0.0}, {-1.0, 0.0}}, torch::kDouble), torch::tensor({0, 1}, torch::kLong)};
  const std::map<std::string, ParamValue> as_is = {
      {"init", std::string("as_built")}, {"input", std::string("batch")}, {"float64", true}};
  const auto even = run(net, {pair}, "vkdnw", as_is);
  CATCH_REQUIRE(even.ok);
  CATCH_CHECK(even.score == Approx(std::log(9.0)).epsilon(1e-8));
  // x = (1, 0) alone: eigenvalues 0 and 4 s^2; decile k is k/10 of the larger, t_k = k / 45.
  const Batch one{torch::tensor({{1.0, 0.0}}, torch::kDouble), torch::tensor({0}, torch::kLong)};
  const auto skew = run(net, {one}, "vkdnw", as_is);
  CATCH_REQUIRE(skew.ok);
  double h = 0;
  for (int k = 1; k <= 9; ++k) h -= (k / 45.0) * std::log(k / 45.0);
  CATCH_CHECK(skew.score == Approx(h).epsilon(1e-6));  // 2.0498
  // In float32, VKDNW's precision, the same up to rounding.
  auto as_is32 = as_is;
  as_is32["float64"] = false;
  const auto skew32 = run(net, {one}, "vkdnw", as_is32);
  CATCH_REQUIRE(skew32.ok);
  CATCH_CHECK(skew32.score == Approx(h).epsilon(1e-4));
  // One tensor, one entry: a single eigenvalue, every decile the same.
  auto one_tensor = as_is;
  one_tensor["tensors"] = std::int64_t{1};
  const auto single = run(net, {one}, "vkdnw", one_tensor);
  CATCH_REQUIRE(single.ok);
  CATCH_CHECK(single.score == Approx(std::log(9.0)).epsilon(1e-8));
  // The network's train/eval mode is what it was; with VKDNW's own weights and inputs the score
  // is another, and the network's weights are back.
  CATCH_CHECK(net.module().is_training());
  const at::Tensor before = dynamic_cast<test::LinearClassifier&>(net.module()).fc->weight.clone();
  const auto redrawn = run(net, {pair}, "vkdnw");
  CATCH_REQUIRE(redrawn.ok);
  CATCH_CHECK(std::isfinite(redrawn.score));
  CATCH_CHECK(at::equal(dynamic_cast<test::LinearClassifier&>(net.module()).fc->weight, before));
}
