#include "eval/agreement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "zcnas/stats/rank_correlation.hpp"

namespace zcnas::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// SplitMix64: the same resamples on every platform and standard library.
struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
};

// Row indices from the highest value down, ties in row order.
std::vector<std::size_t> ranked(const std::vector<double>& v) {
  std::vector<std::size_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] > v[b]; });
  return idx;
}

std::vector<std::size_t> top_indices(const std::vector<double>& v, std::size_t k) {
  std::vector<std::size_t> idx = ranked(v);
  idx.resize(k);
  std::sort(idx.begin(), idx.end());
  return idx;
}

Interval percentile_interval(std::vector<double> values, double confidence) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
  if (values.empty()) return {kNaN, kNaN};
  std::sort(values.begin(), values.end());
  const double tail = (1 - confidence) / 2;
  auto at = [&](double q) {
    const double pos = q * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (values[hi] - values[lo]) * (pos - static_cast<double>(lo));
  };
  return {at(tail), at(1 - tail)};
}

}  // namespace

double top_overlap(const std::vector<double>& scores, const std::vector<double>& truth, double percent) {
  if (scores.empty()) return kNaN;
  const auto k = std::max<std::size_t>(1, static_cast<std::size_t>(std::round(percent / 100 * scores.size())));
  const auto a = top_indices(scores, k), b = top_indices(truth, k);
  std::vector<std::size_t> both;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
  return static_cast<double>(both.size()) / static_cast<double>(k);
}

double ndcg_at_k(const std::vector<double>& scores, const std::vector<double>& truth, std::size_t k) {
  if (scores.empty() || k == 0) return kNaN;
  k = std::min(k, scores.size());
  const auto [lo, hi] = std::minmax_element(truth.begin(), truth.end());
  if (!(*hi > *lo)) return kNaN;  // every truth equal: no ranking to get right
  const std::vector<double> percentile = stats::average_ranks(truth);  // N = the best
  auto gain = [&](std::size_t i) { return percentile[i] / static_cast<double>(truth.size()); };
  auto dcg = [&](const std::vector<double>& by) {
    const std::vector<std::size_t> idx = ranked(by);
    double sum = 0;
    for (std::size_t r = 0; r < k; ++r) sum += gain(idx[r]) / std::log2(static_cast<double>(r) + 2.0);
    return sum;
  };
  return dcg(scores) / dcg(truth);
}

double top_k_best(const std::vector<double>& scores, const std::vector<double>& truth, std::size_t k) {
  if (scores.empty() || k == 0) return kNaN;
  double best = -std::numeric_limits<double>::infinity();
  for (std::size_t i : top_indices(scores, std::min(k, scores.size()))) best = std::max(best, truth[i]);
  return best;
}

Agreement agreement(std::vector<double> scores, std::vector<double> truth, const std::vector<double>& params,
                    const AgreementOptions& options) {
  Agreement out;
  std::vector<double> p = params;
  {
    std::vector<double> s2, t2, p2;
    for (std::size_t i = 0; i < scores.size(); ++i) {
      if (std::isnan(scores[i]) || std::isnan(truth[i])) {
        ++out.dropped;
        continue;
      }
      s2.push_back(scores[i]);
      t2.push_back(truth[i]);
      if (!p.empty()) p2.push_back(p[i]);
    }
    scores.swap(s2);
    truth.swap(t2);
    p.swap(p2);
  }
  out.n = scores.size();
  if (out.n < 2) {
    out.spearman = out.kendall = out.pearson = out.top_overlap = out.top1_regret = out.bias = kNaN;
    out.ndcg = out.top_k_best = kNaN;
    out.spearman_ci = out.kendall_ci = {kNaN, kNaN};
    return out;
  }
  out.spearman = stats::spearman(scores, truth);
  out.kendall = stats::kendall_tau(scores, truth);
  {
    // -Infinity is a legitimate worst score (nwot of a dead cell) for ranks, not for Pearson.
    std::vector<double> fs, ft;
    for (std::size_t i = 0; i < out.n; ++i)
      if (std::isfinite(scores[i]) && std::isfinite(truth[i])) fs.push_back(scores[i]), ft.push_back(truth[i]);
    out.pearson = fs.size() < 2 ? kNaN : stats::pearson(fs, ft);
  }
  out.top_overlap = top_overlap(scores, truth, options.top_percent);
  const auto k = static_cast<std::size_t>(std::max<std::int64_t>(0, options.top_k));
  out.ndcg = ndcg_at_k(scores, truth, k);
  out.top_k_best = top_k_best(scores, truth, k);
  const std::size_t best = static_cast<std::size_t>(std::max_element(scores.begin(), scores.end()) - scores.begin());
  out.top1_regret = *std::max_element(truth.begin(), truth.end()) - truth[best];
  out.bias = p.empty() ? kNaN : stats::spearman(scores, p);
  if (options.bootstrap > 0) {
    SplitMix64 rng{options.seed};
    std::vector<double> rhos, taus;
    std::vector<double> bs(out.n), bt(out.n);
    const std::int64_t tau_resamples = options.bootstrap;
    for (std::int64_t r = 0; r < options.bootstrap; ++r) {
      for (std::size_t i = 0; i < out.n; ++i) {
        const std::size_t j = static_cast<std::size_t>(rng.next() % out.n);
        bs[i] = scores[j];
        bt[i] = truth[j];
      }
      rhos.push_back(stats::spearman(bs, bt));
      if (r < tau_resamples) taus.push_back(stats::kendall_tau(bs, bt));
    }
    out.spearman_ci = percentile_interval(rhos, options.confidence);
    out.kendall_ci = percentile_interval(taus, options.confidence);
  } else {
    out.spearman_ci = out.kendall_ci = {kNaN, kNaN};
  }
  return out;
}

}  // namespace zcnas::eval
