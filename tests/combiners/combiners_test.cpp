// The shipped combiners through the plugin host, on tables built so that the choice and the
// fused value are known by hand.
#include <catch2/catch.hpp>

#include <cmath>

#include "plugin/plugin_host.hpp"
#include "support/shipped_plugins.hpp"
#include "support/test_env.hpp"

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
