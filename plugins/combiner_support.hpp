#pragma once
// What the shipped combiners share beyond the SDK: the Spearman of a column with the labels
// on the rows where both exist, and the list-of-proxies parameter. Header-only, internal to
// plugins/ (a third-party combiner needs only the SDK).

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <zcnas/combiner.hpp>
#include <zcnas/stats/rank_correlation.hpp>

namespace zcnas::combiners {

inline double spearman_present(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> a = x, b = y;
  stats::drop_nan_pairs(a, b);
  return a.size() < 2 ? std::nan("") : stats::spearman(a, b);
}

// "a, b,c" -> {"a", "b", "c"}
inline std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

// The columns of `t` named in `names` (every proxy column when empty: graph features are
// not proxies), then every graph-feature column when `with_graph`; an error names the first
// missing one and lists what the table has.
inline Expected<std::vector<std::size_t>> columns_named(const ScoreTable& t, const std::vector<std::string>& names,
                                                       bool with_graph = false) {
  std::vector<std::size_t> out;
  if (names.empty())
    for (std::size_t i = 0; i < t.proxies.size(); ++i)
      if (!is_graph_feature(t.proxies[i])) out.push_back(i);
  for (const auto& n : names) {
    const long c = t.column_index(n);
    if (c < 0) {
      std::string have;
      for (const auto& p : t.proxies)
        if (!is_graph_feature(p)) have += (have.empty() ? "" : ", ") + p;
      return Error(ErrorKind::config, "the score table has no proxy '" + n + "'; it has: " + have);
    }
    out.push_back(static_cast<std::size_t>(c));
  }
  if (with_graph) {
    if (std::none_of(t.proxies.begin(), t.proxies.end(), is_graph_feature))
      return Error(ErrorKind::config,
                   "the score table has no graph features (columns graph:*): ask the host for them with "
                   "[features] graph = true (evaluate) or graph_features = true ([fitness] of a search)");
    for (std::size_t i = 0; i < t.proxies.size(); ++i)
      if (is_graph_feature(t.proxies[i]) && std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
  }
  return out;
}

inline std::string fixed(double v, int digits = 3) {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(digits);
  o << v;
  return o.str();
}

}  // namespace zcnas::combiners
