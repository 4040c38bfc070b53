#include "zcnas/stats/rank_correlation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace zcnas::stats {

void drop_nan_pairs(std::vector<double>& a, std::vector<double>& b) {
  std::size_t k = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    a[k] = a[i];
    b[k] = b[i];
    ++k;
  }
  a.resize(k);
  b.resize(k);
}

std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return values[x] < values[y]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double r = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

double pearson(const std::vector<double>& a0, const std::vector<double>& b0) {
  std::vector<double> a = a0, b = b0;
  drop_nan_pairs(a, b);
  const auto n = static_cast<double>(a.size());
  if (a.size() < 2) return std::nan("");
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n;
  const double mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  if (saa == 0 || sbb == 0) return std::nan("");
  return sab / std::sqrt(saa * sbb);
}

double spearman(const std::vector<double>& a0, const std::vector<double>& b0) {
  std::vector<double> a = a0, b = b0;
  drop_nan_pairs(a, b);
  return pearson(average_ranks(a), average_ranks(b));
}

// Knight's O(n log n) algorithm for tau-b: sort by (a, b), count the swaps a merge sort
// needs to order b (the discordant pairs), correct for ties in a, in b and in both.
double kendall_tau(const std::vector<double>& a0, const std::vector<double>& b0) {
  std::vector<double> a = a0, b = b0;
  drop_nan_pairs(a, b);
  const std::size_t n = a.size();
  if (n < 2) return std::nan("");
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    return a[i] != a[j] ? a[i] < a[j] : b[i] < b[j];
  });
  auto tied_pairs = [](std::size_t run) { return static_cast<double>(run) * static_cast<double>(run - 1) / 2; };
  double ties_a = 0, ties_both = 0;
  for (std::size_t i = 0, run_a = 1, run_ab = 1; i < n; ++i) {
    const bool last = i + 1 == n;
    const bool same_a = !last && a[order[i + 1]] == a[order[i]];
    const bool same_ab = same_a && b[order[i + 1]] == b[order[i]];
    if (same_a) ++run_a; else ties_a += tied_pairs(run_a), run_a = 1;
    if (same_ab) ++run_ab; else ties_both += tied_pairs(run_ab), run_ab = 1;
  }
  std::vector<double> y(n), buffer(n);
  for (std::size_t i = 0; i < n; ++i) y[i] = b[order[i]];
  double swaps = 0;
  for (std::size_t width = 1; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
      std::size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (y[j] < y[i]) {
          swaps += static_cast<double>(mid - i);
          buffer[k++] = y[j++];
        } else {
          buffer[k++] = y[i++];
        }
      }
      while (i < mid) buffer[k++] = y[i++];
      while (j < hi) buffer[k++] = y[j++];
    }
    y.swap(buffer);
  }
  double ties_b = 0;
  for (std::size_t i = 0, run = 1; i < n; ++i) {
    if (i + 1 < n && y[i + 1] == y[i]) ++run; else ties_b += tied_pairs(run), run = 1;
  }
  const double pairs = tied_pairs(n);
  const double denom = std::sqrt((pairs - ties_a) * (pairs - ties_b));
  return denom == 0 ? std::nan("") : (pairs - ties_a - ties_b + ties_both - 2 * swaps) / denom;
}

}  // namespace zcnas::stats
