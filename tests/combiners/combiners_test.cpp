// The shipped combiners through the plugin host, on tables built so that the choice and the
// fused value are known by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "dsl/support.hpp"
#include "eval/graph_feature_columns.hpp"
#include "plugin/plugin_host.hpp"
#include "spec/graph_features.hpp"
#include "spec/space_ops.hpp"
#include "support/shipped_plugins.hpp"
#include "support/test_env.hpp"
#include "zcnas/stats/rank_correlation.hpp"

using namespace zcnas;

namespace {

std::unique_ptr<Combiner> make(const std::string& name, std::map<std::string, ParamValue> params = {}) {
  auto c = test::shipped_plugins().make_combiner(name, params);
  CATCH_REQUIRE(c);
  return std::move(*c);
}

// 40 rows. y = row. best: y with a few swaps (the highest rho); copy: best itself (adds no
// information, IG 0); other: y plus an independent wiggle (rho just below best, IG > 0);
// big: follows params; weak: far below the window.
struct Fixture {
  ScoreTable t;
  std::vector<double> y;
  Fixture() {
    const int n = 40;
    std::vector<double> best, copy, other, big, weak, params;
    for (int i = 0; i < n; ++i) {
      y.push_back(i);
      const double b = (i % 10 == 3) ? i + 1.5 : i;  // 4 adjacent swaps
      best.push_back(b);
      copy.push_back(b * 2 + 1);                     // a monotone copy of best
      other.push_back(i + ((i * 7) % 5) * 0.9);      // noisier, independent of best's swaps
      params.push_back(n - i + (i % 3) * 10.0);
      big.push_back(params.back() * 0.5 + i * 0.8);
      weak.push_back(std::sin(i * 1.3));
    }
    t.archs.resize(n);
    for (int i = 0; i < n; ++i) t.archs[i] = "a" + std::to_string(i);
    t.proxies = {"best", "copy", "other", "big", "weak"};
    t.columns = {best, copy, other, big, weak};
    t.params = params;
  }
};

}  // namespace

CATCH_TEST_CASE("log_rank and mean_rank fuse exactly as written", "[combiners]") {
  ScoreTable t;
  t.archs = {"a", "b", "c"};
  t.proxies = {"p", "q"};
  t.columns = {{1, 2, 3}, {3, 1, 2}};
  auto lr = make("log_rank");
  CATCH_REQUIRE(lr->fit(t, {0, 0, 0}));
  auto s = lr->score(t);
  CATCH_REQUIRE(s);
  // ranks p: 1 2 3, q: 3 1 2 -> sum log(r/3)
  CATCH_CHECK((*s)[0] == Approx(std::log(1.0 / 3) + std::log(1.0)));
  CATCH_CHECK((*s)[1] == Approx(std::log(2.0 / 3) + std::log(1.0 / 3)));
  CATCH_CHECK((*s)[2] == Approx(std::log(1.0) + std::log(2.0 / 3)));
  auto mr = make("mean_rank", {{"proxies", std::string("q")}});
  CATCH_REQUIRE(mr->fit(t, {0, 0, 0}));
  CATCH_CHECK(*mr->score(t) == std::vector<double>{1.0, 1.0 / 3, 2.0 / 3});
  auto missing = make("log_rank", {{"proxies", std::string("p, zz")}});
  auto fit = missing->fit(t, {0, 0, 0});
  CATCH_REQUIRE_FALSE(fit);
  CATCH_CHECK(fit.error().to_string().find("no proxy 'zz'") != std::string::npos);
}

CATCH_TEST_CASE("single_best takes the highest rho on the labelled rows", "[combiners]") {
  Fixture f;
  auto c = make("single_best");
  CATCH_REQUIRE(c->fit(f.t, f.y));
  CATCH_CHECK(c->explain().rfind("best ", 0) == 0);
  CATCH_CHECK(*c->score(f.t) == f.t.columns[0]);
}

CATCH_TEST_CASE("libra: z1 the best, z2 the partner that adds no information, z3 by bias", "[combiners][libra]") {
  Fixture f;
  auto c = make("libra", {{"delta", 0.5}});
  CATCH_REQUIRE(c->fit(f.t, f.y));
  const std::string why = c->explain();
  CATCH_INFO(why);
  CATCH_CHECK(why.rfind("libra picked best copy ", 0) == 0);  // copy: IG exactly 0
  CATCH_CHECK(why.find("copy 0.0000") != std::string::npos);
  // The fused score is the sum of log(rank / N) of the three picks.
  auto s = c->score(f.t);
  CATCH_REQUIRE(s);
  CATCH_CHECK(s->size() == f.t.rows());
  // Without parameter counts there is no bias term: a clear error.
  ScoreTable no_params = f.t;
  no_params.params.clear();
  auto refused = make("libra")->fit(no_params, f.y);
  CATCH_REQUIRE_FALSE(refused);
  CATCH_CHECK(refused.error().to_string().find("'params' column") != std::string::npos);
}

CATCH_TEST_CASE("libra says how it filled a short window", "[combiners][libra]") {
  Fixture f;
  auto widen = make("libra", {{"delta", 0.001}});
  CATCH_REQUIRE(widen->fit(f.t, f.y));
  CATCH_CHECK(widen->explain().find("delta widened to") != std::string::npos);
  auto next = make("libra", {{"delta", 0.001}, {"short_window", std::string("next_best")}});
  CATCH_REQUIRE(next->fit(f.t, f.y));
  CATCH_CHECK(next->explain().find("took the next 2 by rho") != std::string::npos);
  auto bad = test::shipped_plugins().make_combiner("libra", {{"fusion", std::string("max")}});
  CATCH_REQUIRE_FALSE(bad);
  CATCH_CHECK(bad.error().to_string().find("fusion must be") != std::string::npos);
}

CATCH_TEST_CASE("xgboost: one split of depth 1 by hand", "[combiners][xgboost]") {
  // x = 0, 0, 1, 1 and y = 0, 0, 1, 1; start at the mean 0.5. One round, learning rate 1: the
  // split x < 0.5 puts rows with gradients 0.5 - y on each side, and a leaf's weight is
  // -sum g / (sum h + lambda) with lambda = 1: -(0.5 + 0.5) / (2 + 1) = -1/3 on the left.
  ScoreTable t;
  t.archs = {"a", "b", "c", "d"};
  t.proxies = {"x"};
  t.columns = {{0, 0, 1, 1}};
  auto c = make("xgboost", {{"rounds", std::int64_t{1}}, {"max_depth", std::int64_t{1}}, {"learning_rate", 1.0},
                            {"params", false}});
  CATCH_REQUIRE(c->fit(t, {0, 0, 1, 1}));
  auto s = c->score(t);
  CATCH_REQUIRE(s);
  CATCH_CHECK((*s)[0] == Approx(0.5 - 1.0 / 3).epsilon(1e-6));
  CATCH_CHECK((*s)[3] == Approx(0.5 + 1.0 / 3).epsilon(1e-6));
  CATCH_CHECK_THAT(c->explain(), Catch::Contains("x"));
}

namespace {
// y = -(a - 1/2)^2 + b / 10: a peaks in the middle, so neither column alone ranks y and a rank
// ensemble cannot either; a fitted predictor can. 400 rows, the first 200 labelled.
struct Peaked {
  ScoreTable t;
  std::vector<double> y;
  Peaked() {
    for (int i = 0; i < 400; ++i) {
      const double a = std::fmod(i * 0.6180339887, 1.0), b = std::fmod(i * 0.4142135623, 1.0);
      t.archs.push_back("a" + std::to_string(i));
      y.push_back(-(a - 0.5) * (a - 0.5) + b / 10);
      t.params.push_back(1000 + i);
      if (i == 0) t.columns.resize(2);
      t.columns[0].push_back(a);
      t.columns[1].push_back(b);
    }
    t.proxies = {"a", "b"};
  }
  std::vector<double> labelled() const {
    std::vector<double> out = y;
    for (std::size_t i = 200; i < out.size(); ++i) out[i] = std::nan("");
    return out;
  }
  double held_out_rho(const std::vector<double>& s) const {
    std::vector<double> a(s.begin() + 200, s.end()), b(y.begin() + 200, y.end());
    return stats::spearman(a, b);
  }
};
}  // namespace

CATCH_TEST_CASE("xgboost learns what no rank rule can, held out, and is the same for a seed", "[combiners][xgboost]") {
  const Peaked p;
  for (const std::string mode : {"boost", "forest"}) {
    CATCH_CAPTURE(mode);
    auto c = make("xgboost", {{"mode", mode}, {"subsample", 0.5}});
    CATCH_REQUIRE(c->fit(p.t, p.labelled()));
    auto s = c->score(p.t);
    CATCH_REQUIRE(s);
    CATCH_CHECK(p.held_out_rho(*s) > 0.9);
    auto again = make("xgboost", {{"mode", mode}, {"subsample", 0.5}});
    CATCH_REQUIRE(again->fit(p.t, p.labelled()));
    CATCH_CHECK(*again->score(p.t) == *s);
  }
  auto lr = make("log_rank");
  CATCH_REQUIRE(lr->fit(p.t, p.labelled()));
  CATCH_CHECK(p.held_out_rho(*lr->score(p.t)) < 0.5);
  // Another seed subsamples other rows for the forest's trees.
  auto other = make("xgboost", {{"mode", std::string("forest")}, {"subsample", 0.5}, {"seed", std::int64_t{7}}});
  auto first = make("xgboost", {{"mode", std::string("forest")}, {"subsample", 0.5}});
  CATCH_REQUIRE(other->fit(p.t, p.labelled()));
  CATCH_REQUIRE(first->fit(p.t, p.labelled()));
  CATCH_CHECK(*other->score(p.t) != *first->score(p.t));
}

CATCH_TEST_CASE("xgboost takes failed and -inf scores, and names what it lacks", "[combiners][xgboost]") {
  Peaked p;
  p.t.columns[0][3] = std::nan("");
  p.t.columns[1][5] = -INFINITY;
  auto c = make("xgboost", {{"proxies", std::string("a,b")}});
  CATCH_REQUIRE(c->fit(p.t, p.labelled()));
  auto s = c->score(p.t);
  CATCH_REQUIRE(s);
  for (double v : *s) CATCH_CHECK(std::isfinite(v));
  ScoreTable fewer = p.t;
  fewer.proxies = {"a"};
  fewer.columns.resize(1);
  auto missing = c->score(fewer);
  CATCH_REQUIRE_FALSE(missing);
  CATCH_CHECK_THAT(missing.error().to_string(), Catch::Contains("no column 'b'"));
  auto bad = test::shipped_plugins().make_combiner("xgboost", {{"mode", std::string("bagging")}});
  CATCH_REQUIRE_FALSE(bad);
  CATCH_CHECK_THAT(bad.error().to_string(), Catch::Contains("boost"));
}

CATCH_TEST_CASE("xgboost learns from graph features only when asked, other combiners leave them out",
                "[combiners][xgboost][graph_features]") {
  // 600 NAS-Bench-201 cells; the truth is the longest path of convolutions (a graph feature),
  // the one proxy is noise. With graph = true xgboost ranks held-out cells well (up to the
  // unlearnable wiggle within each path length); without, not at all.
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  spec::Rng rng(3);
  ScoreTable t;
  t.proxies = {"noise"};
  t.columns = {{}};
  std::vector<double> y;
  const std::vector<std::string> names = *spec::graph_feature_names(space);
  const auto longest_conv = std::find(names.begin(), names.end(), "graph:max_op_on_path:allowed=nor_conv_1x1+nor_conv_3x3");
  CATCH_REQUIRE(longest_conv != names.end());
  while (t.rows() < 600) {
    const spec::Architecture a = spec::sample(space, rng);
    t.archs.push_back(spec::to_canonical(space, a));
    t.params.push_back(1);
    t.columns[0].push_back(static_cast<double>(rng.below(1000)));
    y.push_back(spec::graph_features(space, a)[static_cast<std::size_t>(longest_conv - names.begin())] +
                0.01 * static_cast<double>(rng.below(10)));
  }
  auto unparsed = eval::append_graph_features(t, space);
  CATCH_REQUIRE(unparsed);
  CATCH_CHECK(*unparsed == 0);
  CATCH_CHECK(t.proxies.size() == 1 + names.size());
  ScoreTable fit, judge;
  std::vector<double> fit_y, judge_y;
  for (ScoreTable* s : {&fit, &judge}) {
    s->proxies = t.proxies;
    s->columns.assign(t.proxies.size(), {});
  }
  for (std::size_t r = 0; r < t.rows(); ++r) {
    ScoreTable& s = r < 200 ? fit : judge;
    (r < 200 ? fit_y : judge_y).push_back(y[r]);
    s.archs.push_back(t.archs[r]);
    s.params.push_back(1);
    for (std::size_t c = 0; c < t.proxies.size(); ++c) s.columns[c].push_back(t.columns[c][r]);
  }
  auto held_out_rho = [&](std::map<std::string, ParamValue> params) {
    auto c = make("xgboost", std::move(params));
    CATCH_REQUIRE(c->fit(fit, fit_y));
    auto v = c->score(judge);
    CATCH_REQUIRE(v);
    return stats::spearman(*v, judge_y);
  };
  CATCH_CHECK(held_out_rho({{"graph", true}, {"params", false}}) > 0.85);  // 0.90: the 0.01 wiggle is unlearnable
  CATCH_CHECK(std::abs(held_out_rho({{"params", false}})) < 0.2);  // the noise column alone
  // single_best with no list considers the proxies only: it picks the noise column.
  auto sb = make("single_best");
  CATCH_REQUIRE(sb->fit(fit, fit_y));
  CATCH_CHECK_THAT(sb->explain(), Catch::Contains("noise"));
  // Asked for graph features the table lacks, xgboost says how to get them.
  ScoreTable bare = fit;
  bare.proxies.resize(1);
  bare.columns.resize(1);
  auto c = make("xgboost", {{"graph", true}});
  auto ok = c->fit(bare, fit_y);
  CATCH_REQUIRE_FALSE(ok);
  CATCH_CHECK_THAT(ok.error().to_string(), Catch::Contains("[features] graph = true"));
}
