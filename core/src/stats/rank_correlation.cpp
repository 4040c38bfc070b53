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

double kendall_tau(const std::vector<double>& a0, const std::vector<double>& b0) {
  std::vector<double> a = a0, b = b0;
  drop_nan_pairs(a, b);
  const std::size_t n = a.size();
  if (n < 2) return std::nan("");
  double concordant = 0, discordant = 0, ties_a = 0, ties_b = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      const double da = a[i] - a[j], db = b[i] - b[j];
      if (da == 0 && db == 0) continue;
      if (da == 0) {
        ++ties_a;
      } else if (db == 0) {
        ++ties_b;
      } else if ((da > 0) == (db > 0)) {
        ++concordant;
      } else {
        ++discordant;
      }
    }
  }
  const double denom = std::sqrt((concordant + discordant + ties_a) * (concordant + discordant + ties_b));
  return denom == 0 ? std::nan("") : (concordant - discordant) / denom;
}

}  // namespace zcnas::stats
