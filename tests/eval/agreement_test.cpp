// Agreement measures on lists small enough to check by hand.
#include <catch2/catch.hpp>

#include <cmath>

#include "eval/agreement.hpp"
#include "eval/labelled_split.hpp"

using namespace zcnas;

CATCH_TEST_CASE("top-k overlap, top-1 regret and bias by hand", "[eval][agreement]") {
  const std::vector<double> truth = {90, 80, 70, 60, 50, 40, 30, 20, 10, 0};
  // Scores put row 1 first and row 0 second: top-20% (2 rows) sets {0, 1} and {0, 1} agree;
  // top-10% (1 row): {1} vs {0}, no overlap; the best-scored row has 80, regret 10.
  const std::vector<double> scores = {9, 10, 8, 7, 6, 5, 4, 3, 2, 1};
  eval::AgreementOptions o;
  o.bootstrap = 0;
  o.top_percent = 20;
  const auto a = eval::agreement(scores, truth, /*params=*/scores, o);
  CATCH_CHECK(a.n == 10);
  CATCH_CHECK(a.top_overlap == 1.0);
  CATCH_CHECK(eval::top_overlap(scores, truth, 10) == 0.0);
  CATCH_CHECK(a.top1_regret == 10.0);
  CATCH_CHECK(a.bias == Approx(1.0));
  // One swapped pair among 10: rho = 1 - 6 * 2 / (10 * 99) = 0.987878...; tau = 1 - 2 * 1 / 45.
  CATCH_CHECK(a.spearman == Approx(1 - 12.0 / 990).epsilon(1e-12));
  CATCH_CHECK(a.kendall == Approx(1 - 2.0 / 45).epsilon(1e-12));
}

CATCH_TEST_CASE("nDCG@k and the best of the top k by hand", "[eval][agreement]") {
  // Truth 90..0: percentile gains 1, 0.9, ..., 0.1. The scores rank row 1 first, then row 0,
  // then rows 2.. in order. At k = 2: DCG = 0.9 / log2(2) + 1 / log2(3), ideal 1 + 0.9 / log2(3).
  const std::vector<double> truth = {90, 80, 70, 60, 50, 40, 30, 20, 10, 0};
  const std::vector<double> scores = {9, 10, 8, 7, 6, 5, 4, 3, 2, 1};
  const double dcg = 0.9 + 1.0 / std::log2(3.0), ideal = 1.0 + 0.9 / std::log2(3.0);
  CATCH_CHECK(eval::ndcg_at_k(scores, truth, 2) == Approx(dcg / ideal).epsilon(1e-12));
  CATCH_CHECK(eval::ndcg_at_k(truth, truth, 3) == Approx(1.0).epsilon(1e-12));
  // Scores that put the worst first: gains 0.1, 0.2, 0.3 at the top three.
  const double worst = 0.1 + 0.2 / std::log2(3.0) + 0.3 / 2.0;
  const double best3 = 1.0 + 0.9 / std::log2(3.0) + 0.8 / 2.0;
  CATCH_CHECK(eval::ndcg_at_k(std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, truth, 3) == Approx(worst / best3).epsilon(1e-12));
  // k past the count is the count; every truth equal has no ranking (NaN).
  CATCH_CHECK(eval::ndcg_at_k(scores, truth, 50) == Approx(eval::ndcg_at_k(scores, truth, 10)));
  CATCH_CHECK(std::isnan(eval::ndcg_at_k(scores, std::vector<double>(10, 5.0), 3)));
  // The best truth among the k best-scored: row 1 (80) alone, rows {1, 0} give 90.
  CATCH_CHECK(eval::top_k_best(scores, truth, 1) == 80.0);
  CATCH_CHECK(eval::top_k_best(scores, truth, 2) == 90.0);
  eval::AgreementOptions o;
  o.bootstrap = 0;
  o.top_k = 2;
  const auto a = eval::agreement(scores, truth, {}, o);
  CATCH_CHECK(a.ndcg == Approx(dcg / ideal).epsilon(1e-12));
  CATCH_CHECK(a.top_k_best == 90.0);
}

CATCH_TEST_CASE("NaN pairs are dropped and counted, intervals bracket the estimate", "[eval][agreement]") {
  std::vector<double> scores, truth;
  for (int i = 0; i < 200; ++i) {
    scores.push_back(std::sin(i * 1.7) + i * 0.01);
    truth.push_back(i * 0.01 + std::cos(i * 0.3) * 0.3);
  }
  scores[5] = std::nan("");
  eval::AgreementOptions o;
  o.bootstrap = 400;
  const auto a = eval::agreement(scores, truth, {}, o);
  CATCH_CHECK(a.n == 199);
  CATCH_CHECK(a.dropped == 1);
  CATCH_CHECK(std::isnan(a.bias));
  CATCH_CHECK(a.spearman_ci.lo < a.spearman);
  CATCH_CHECK(a.spearman < a.spearman_ci.hi);
  CATCH_CHECK(a.spearman_ci.hi - a.spearman_ci.lo < 0.5);
  // Same seed, same interval.
  const auto again = eval::agreement(scores, truth, {}, o);
  CATCH_CHECK(again.spearman_ci.lo == a.spearman_ci.lo);
}

CATCH_TEST_CASE("labelled splits are disjoint, complete and fixed by the seed", "[eval][split]") {
  const auto s = eval::split_rows(100, 30, 7);
  CATCH_CHECK(s.labelled.size() == 30);
  CATCH_CHECK(s.held_out.size() == 70);
  std::vector<std::size_t> all = s.labelled;
  all.insert(all.end(), s.held_out.begin(), s.held_out.end());
  std::sort(all.begin(), all.end());
  for (std::size_t i = 0; i < 100; ++i) CATCH_CHECK(all[i] == i);
  CATCH_CHECK(eval::split_rows(100, 30, 7).labelled == s.labelled);
  CATCH_CHECK(eval::split_rows(100, 30, 8).labelled != s.labelled);
  CATCH_CHECK(eval::split_rows(10, 30, 0).held_out.empty());
}
