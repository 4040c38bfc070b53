// Rank correlations against the values scipy.stats documents for its own examples.

#include <catch2/catch.hpp>

#include <cmath>

#include "zcnas/stats/rank_correlation.hpp"

using namespace zcnas::stats;

CATCH_TEST_CASE("Spearman, Kendall and Pearson match scipy's documented examples", "[eval]") {
  // scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) -> 0.8207826816681233
  CATCH_CHECK(spearman({1, 2, 3, 4, 5}, {5, 6, 7, 8, 7}) == Approx(0.8207826816681233).epsilon(1e-12));
  // scipy.stats.kendalltau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) -> -0.47140452079103173 (tau-b)
  CATCH_CHECK(kendall_tau({12, 2, 1, 12, 2}, {1, 4, 7, 1, 0}) == Approx(-0.47140452079103173).epsilon(1e-12));
  CATCH_CHECK(pearson({1, 2, 3}, {2, 4, 6}) == Approx(1.0));
  CATCH_CHECK(pearson({1, 2, 3}, {3, 2, 1}) == Approx(-1.0));
  CATCH_CHECK(average_ranks({10, 20, 20, 5}) == std::vector<double>{2, 3.5, 3.5, 1});
}

CATCH_TEST_CASE("NaN pairs are dropped and degenerate inputs give NaN", "[eval]") {
  const double nan = std::nan("");
  CATCH_CHECK(spearman({1, nan, 3, 4}, {1, 5, 3, 4}) == Approx(1.0));
  CATCH_CHECK(std::isnan(spearman({1, 1, 1}, {1, 2, 3})));
  CATCH_CHECK(std::isnan(kendall_tau({1}, {2})));
}
