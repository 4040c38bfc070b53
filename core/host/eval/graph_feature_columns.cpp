#include "eval/graph_feature_columns.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "spec/graph_features.hpp"
#include "spec/space_ops.hpp"

namespace zcnas::eval {

namespace {

// "(1, 0, 0, 2, 1, 0)": one option index per decision, in decision order (NASLib's keys of
// TransNAS-Bench-101 micro cells, whose edge and op order the shipped space follows).
std::optional<spec::Architecture> from_index_tuple(const spec::SearchSpace& space, const std::string& key) {
  spec::Architecture arch;
  int value = -1;
  for (char c : key) {
    if (c >= '0' && c <= '9') {
      value = (value < 0 ? 0 : value * 10) + (c - '0');
    } else if (c == ',' || c == ')') {
      if (value < 0) return std::nullopt;
      arch.push_back(value);
      value = -1;
    } else if (c != '(' && c != ' ') {
      return std::nullopt;
    }
  }
  if (arch.size() != space.decisions.size() || !spec::check(space, arch)) return std::nullopt;
  return arch;
}

}  // namespace

Expected<std::size_t> append_graph_features(ScoreTable& table, const spec::SearchSpace& space, GraphFeatureCache* cache) {
  auto names = spec::graph_feature_names(space);
  if (!names) return std::move(names).error();
  if (std::any_of(table.proxies.begin(), table.proxies.end(), is_graph_feature))
    return Error(ErrorKind::invalid_argument, "the score table has graph features already");
  const std::size_t first = table.columns.size();
  for (const auto& n : *names) {
    table.proxies.push_back(n);
    table.columns.emplace_back(table.rows(), std::nan(""));
  }
  std::size_t unparsed = 0;
  // The features of one row's architecture; empty when it is not one of the space.
  auto features_of = [&](const std::string& text) {
    std::optional<spec::Architecture> arch;
    if (auto parsed = spec::from_canonical(space, text)) arch = std::move(*parsed);
    else arch = from_index_tuple(space, text);
    if (!arch) return std::vector<double>{};
    spec::canonicalize(space, *arch);
    return spec::graph_features(space, *arch);
  };
  for (std::size_t r = 0; r < table.rows(); ++r) {
    std::vector<double> computed;
    const std::vector<double>* values = &computed;
    if (cache) {
      auto it = cache->find(table.archs[r]);
      if (it == cache->end()) it = cache->emplace(table.archs[r], features_of(table.archs[r])).first;
      values = &it->second;
    } else {
      computed = features_of(table.archs[r]);
    }
    if (values->empty()) {
      ++unparsed;
      continue;
    }
    for (std::size_t f = 0; f < values->size(); ++f) table.columns[first + f][r] = (*values)[f];
  }
  return unparsed;
}

}  // namespace zcnas::eval
