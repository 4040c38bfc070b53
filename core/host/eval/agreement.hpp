#pragma once
// How well one score list ranks architectures against their ground truth: the numbers a
// zero-cost NAS paper reports, with bootstrap confidence intervals so two proxies 0.01 apart
// are not declared different on 100 architectures. Pairs with a NaN are dropped first (and
// counted), so a failed score never becomes a rank.

#include <cstdint>
#include <vector>

namespace zcnas::eval {

struct AgreementOptions {
  double top_percent = 10;          // top-k% overlap: k as a percentage of the architectures
  std::int64_t top_k = 10;          // nDCG@k and the best of the top k: k as a count
  std::int64_t bootstrap = 1000;    // resamples (0: no intervals)
  double confidence = 0.95;         // interval coverage
  std::uint64_t seed = 0;           // of the resampling
};

struct Interval {
  double lo = 0, hi = 0;
};

struct Agreement {
  std::size_t n = 0;          // architectures with a score and a truth
  std::size_t dropped = 0;    // pairs dropped for a NaN
  double spearman = 0, kendall = 0, pearson = 0;
  double top_overlap = 0;     // |top k% by score  ∩  top k% by truth| / k
  double top1_regret = 0;     // best truth - truth of the best-scored architecture
  double ndcg = 0;            // nDCG@k (see ndcg_at_k)
  double top_k_best = 0;      // the best truth among the k best-scored: what training the top k finds
  double bias = 0;            // Spearman of the scores with the parameter counts (NaN: none given)
  Interval spearman_ci, kendall_ci;
};

// `params` may be empty (bias NaN).
Agreement agreement(std::vector<double> scores, std::vector<double> truth, const std::vector<double>& params,
                    const AgreementOptions& options);

// Overlap of the top `percent`% of two lists (ties broken by position), in [0, 1].
double top_overlap(const std::vector<double>& scores, const std::vector<double>& truth, double percent);

// nDCG@k: sum over the k best-scored of gain / log2(position + 1), over the same sum for the
// k truly best, in [0, 1]. The gain of an architecture is its truth percentile (1 for the best,
// 1/N for the worst, ties averaged): with the accuracy itself as the gain every list of
// NAS-Bench-201 cells scores near 1, since nearly all of them train to 80-94%. Ties in the
// scores are broken by position; k above the count is the count; NaN when every truth is equal.
double ndcg_at_k(const std::vector<double>& scores, const std::vector<double>& truth, std::size_t k);

// The highest truth among the k best-scored architectures (ties broken by position).
double top_k_best(const std::vector<double>& scores, const std::vector<double>& truth, std::size_t k);

}  // namespace zcnas::eval
