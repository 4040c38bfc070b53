#pragma once
// Fusing several proxies' scores into one, header-only and torch-free, for combiner
// plugins. Every rule is monotone in each input, so "higher is better" carries over.
// A NaN score (a proxy that failed on that architecture) counts as the worst.

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "zcnas/stats/rank_correlation.hpp"

namespace zcnas::stats {

enum class Fusion {
  log_rank,      // sum of log(rank / N), AZ-NAS's rule (rank N = best)
  mean_rank,     // mean of ranks / N
  product_norm,  // product of min-max normalised scores (each in [0, 1])
};

inline bool parse_fusion(const std::string& name, Fusion& out) {
  if (name == "log_rank") out = Fusion::log_rank;
  else if (name == "mean_rank") out = Fusion::mean_rank;
  else if (name == "product_norm") out = Fusion::product_norm;
  else return false;
  return true;
}

inline const char* to_string(Fusion f) {
  switch (f) {
    case Fusion::log_rank: return "log_rank";
    case Fusion::mean_rank: return "mean_rank";
    case Fusion::product_norm: return "product_norm";
  }
  return "?";
}

// Ranks 1..N (N = best, ties averaged); NaN values share the lowest ranks.
inline std::vector<double> ranks_nan_lowest(const std::vector<double>& v) {
  std::vector<double> filled = v;
  for (double& x : filled)
    if (std::isnan(x)) x = -std::numeric_limits<double>::infinity();
  return average_ranks(filled);
}

inline std::vector<double> fuse(const std::vector<const std::vector<double>*>& columns, Fusion rule) {
  if (columns.empty()) return {};
  const std::size_t n = columns.front()->size();
  std::vector<double> out(n, rule == Fusion::product_norm ? 1.0 : 0.0);
  for (const auto* column : columns) {
    if (rule == Fusion::product_norm) {
      double lo = std::numeric_limits<double>::infinity(), hi = -lo;
      for (double x : *column)
        if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
      for (std::size_t i = 0; i < n; ++i) {
        const double x = (*column)[i];
        const double normalised = !std::isfinite(x) ? 0.0 : hi > lo ? (x - lo) / (hi - lo) : 1.0;
        out[i] *= normalised;
      }
      continue;
    }
    const std::vector<double> r = ranks_nan_lowest(*column);
    for (std::size_t i = 0; i < n; ++i)
      out[i] += rule == Fusion::log_rank ? std::log(r[i] / static_cast<double>(n))
                                         : r[i] / static_cast<double>(n) / static_cast<double>(columns.size());
  }
  return out;
}

}  // namespace zcnas::stats
