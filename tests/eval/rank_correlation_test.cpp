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

CATCH_TEST_CASE("Kendall's tau-b by merge sort equals the pair-by-pair definition, ties included", "[eval]") {
  // The definition: (concordant - discordant) / sqrt((n0 - ties in a) (n0 - ties in b)).
  auto by_pairs = [](const std::vector<double>& a, const std::vector<double>& b) {
    double c = 0, d = 0, ta = 0, tb = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
      for (std::size_t j = i + 1; j < a.size(); ++j) {
        const double da = a[i] - a[j], db = b[i] - b[j];
        if (da == 0 && db == 0) continue;
        if (da == 0) ++ta;
        else if (db == 0) ++tb;
        else if ((da > 0) == (db > 0)) ++c;
        else ++d;
      }
    return (c - d) / std::sqrt((c + d + ta) * (c + d + tb));
  };
  std::uint64_t state = 12345;
  auto draw = [&](int levels) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>((state >> 33) % static_cast<std::uint64_t>(levels));
  };
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> a, b;
    const int n = 5 + trial * 17, levels = 2 + trial % 7;
    for (int i = 0; i < n; ++i) {
      a.push_back(draw(levels));
      b.push_back(a.back() + draw(levels * 2));
    }
    CATCH_CHECK(kendall_tau(a, b) == Approx(by_pairs(a, b)).epsilon(1e-12));
  }
}
