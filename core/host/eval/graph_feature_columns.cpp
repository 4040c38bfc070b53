#include "eval/graph_feature_columns.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "spec/graph_features.hpp"
#include "spec/space_ops.hpp"

namespace zcnas::eval {

namespace {

// The keys a score table may use for an architecture besides zcnas's canonical text:
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

std::vector<int> integers_of(const std::string& key) {
  std::vector<int> out;
  int value = -1;
  for (char c : key) {
    if (c >= '0' && c <= '9') {
      value = (value < 0 ? 0 : value * 10) + (c - '0');
    } else {
      if (value >= 0) out.push_back(value);
      value = -1;
    }
  }
  if (value >= 0) out.push_back(value);
  return out;
}

int option_named(const spec::Decision& d, const std::string& name) {
  for (std::size_t o = 0; o < d.options.size(); ++o)
    if ((d.options[o].data.index() == 2 || d.options[o].data.index() == 3) && d.options[o].as_text() == name)
      return static_cast<int>(o);
  return -1;
}

int option_valued(const spec::Decision& d, std::int64_t value) {
  for (std::size_t o = 0; o < d.options.size(); ++o)
    if (d.options[o].data.index() == 0 && d.options[o].as_integer() == value) return static_cast<int>(o);
  return -1;
}

// NASLib's NAS-Bench-101 keys: the n x n adjacency matrix row by row, then the n node ops
// (0 input, 1 output, 2 maxpool3x3, 3 conv1x1-bn-relu, 4 conv3x3-bn-relu: NASLib's
// nasbench101 conversions, as zc_combine's get_ops_nb101), for a space of one graph cell.
std::optional<spec::Architecture> from_naslib_nb101(const spec::SearchSpace& space, const std::vector<int>& v) {
  if (space.cells.size() != 1 || space.cells[0].kind != spec::CellKind::graph) return std::nullopt;
  const spec::Cell& c = space.cells[0];
  const int n = c.nodes;
  if (static_cast<int>(v.size()) != n * n + n) return std::nullopt;
  static const char* const kOps[] = {"input", "output", "maxpool3x3", "conv1x1-bn-relu", "conv3x3-bn-relu"};
  spec::Architecture arch(space.decisions.size(), 0);
  int d = c.first_decision;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) arch[static_cast<std::size_t>(d++)] = v[static_cast<std::size_t>(i * n + j)] != 0;
  for (int k = 1; k < n - 1; ++k, ++d) {
    const int code = v[static_cast<std::size_t>(n * n + k)];
    if (code < 2 || code > 4) return std::nullopt;
    const int o = option_named(space.decisions[static_cast<std::size_t>(d)], kOps[code]);
    if (o < 0) return std::nullopt;
    arch[static_cast<std::size_t>(d)] = o;
  }
  spec::canonicalize(space, arch);  // NASLib keeps edges of nodes on no input-output path
  if (!spec::check(space, arch)) return std::nullopt;
  return arch;
}

// NASLib's compact NAS-Bench-301 keys: per cell (normal, reduce), per node, two (state, op)
// pairs; ops in NASLib's nasbench301 order (zc_combine's get_ops_nb301).
std::optional<spec::Architecture> from_naslib_darts(const spec::SearchSpace& space, const std::vector<int>& v) {
  static const char* const kOps[] = {"max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3",
                                     "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"};
  std::size_t slots = 0;
  for (const spec::Cell& c : space.cells) {
    if (c.kind != spec::CellKind::darts) return std::nullopt;
    slots += 2 * static_cast<std::size_t>(c.nodes);
  }
  if (slots == 0 || v.size() != 2 * slots) return std::nullopt;
  spec::Architecture arch(space.decisions.size(), 0);
  std::size_t next = 0;
  for (const spec::Cell& c : space.cells)
    for (int k = 0; k < c.nodes; ++k)
      for (int s = 0; s < 2; ++s, next += 2) {
        const int base = c.first_decision + 4 * k + 2 * s;
        const int code = v[next + 1];
        if (code > 6) return std::nullopt;
        const int state = option_valued(space.decisions[static_cast<std::size_t>(base)], v[next]);
        const int op = option_named(space.decisions[static_cast<std::size_t>(base + 1)], kOps[code]);
        if (state < 0 || op < 0) return std::nullopt;
        arch[static_cast<std::size_t>(base)] = state;
        arch[static_cast<std::size_t>(base + 1)] = op;
      }
  if (!spec::check(space, arch)) return std::nullopt;
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
    else if (!(arch = from_index_tuple(space, text))) {
      const std::vector<int> numbers = integers_of(text);
      if (!(arch = from_naslib_nb101(space, numbers))) arch = from_naslib_darts(space, numbers);
    }
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
