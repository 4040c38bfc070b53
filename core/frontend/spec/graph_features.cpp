#include "spec/graph_features.hpp"

#include <cstdint>
#include <algorithm>
#include <deque>

#include "spec/family.hpp"

namespace zcnas::spec {

namespace {

struct Edge {
  int from, to, op;
};

// The cell's edges in decision order (by target node, then source), each with its op index.
std::vector<Edge> edges_of(const Cell& c, const Architecture& arch) {
  std::vector<Edge> out;
  int d = c.first_decision;
  for (int j = 1; j < c.nodes; ++j)
    for (int i = 0; i < j; ++i) out.push_back({i, j, arch[static_cast<std::size_t>(d++)]});
  return out;
}

bool in_set(std::uint32_t set, int op) { return (set >> op) & 1u; }

// Fewest edges from the input to the output with ops outside `banned`; nodes + 1 if none.
int min_path_len(const std::vector<Edge>& edges, int nodes, std::uint32_t banned) {
  std::vector<int> dist(static_cast<std::size_t>(nodes), -1);
  std::deque<int> queue{0};
  dist[0] = 0;
  while (!queue.empty()) {
    const int u = queue.front();
    queue.pop_front();
    for (const Edge& e : edges)
      if (e.from == u && !in_set(banned, e.op) && dist[static_cast<std::size_t>(e.to)] < 0) {
        dist[static_cast<std::size_t>(e.to)] = dist[static_cast<std::size_t>(u)] + 1;
        queue.push_back(e.to);
      }
  }
  const int d = dist[static_cast<std::size_t>(nodes - 1)];
  return d < 0 ? nodes + 1 : d;
}

// Most edges from the input to the output with ops in `allowed`; -1 if none. Nodes are in
// topological order already (edges go from lower to higher), so one sweep finds it.
int max_op_on_path(const std::vector<Edge>& edges, int nodes, std::uint32_t allowed) {
  std::vector<int> best(static_cast<std::size_t>(nodes), -1);
  best[0] = 0;
  for (int v = 1; v < nodes; ++v)
    for (const Edge& e : edges)
      if (e.to == v && in_set(allowed, e.op) && best[static_cast<std::size_t>(e.from)] >= 0)
        best[static_cast<std::size_t>(v)] = std::max(best[static_cast<std::size_t>(v)], best[static_cast<std::size_t>(e.from)] + 1);
  return best[static_cast<std::size_t>(nodes - 1)];
}

std::string set_name(const Cell& c, std::uint32_t set) {
  std::string out;
  for (std::size_t op = 0; op < c.ops.size(); ++op)
    if (in_set(set, static_cast<int>(op))) out += (out.empty() ? "" : "+") + c.ops[op].as_text();
  return out.empty() ? "-" : out;
}

std::uint32_t full_set(const Cell& c) { return (std::uint32_t{1} << c.ops.size()) - 1; }

const char* const kDegreeKinds[] = {"in_degree", "out_degree", "avg_in", "avg_out"};

}  // namespace

Expected<std::vector<std::string>> graph_feature_names(const SearchSpace& space) {
  if (space.cells.empty())
    return Error(ErrorKind::config, "space '" + space.name + "' has no cell: graph features are read off a dag cell");
  int dags = 0;
  for (const Cell& c : space.cells) {
    if (c.kind != CellKind::dag)
      return Error(ErrorKind::config, "space '" + space.name + "': graph features are defined for dag cells; cell '" +
                                          c.name + "' is a " + to_string(c.kind) + " cell");
    if (c.ops.size() > 16)
      return Error(ErrorKind::config, "space '" + space.name + "': cell '" + c.name + "' has " +
                                          std::to_string(c.ops.size()) + " ops; graph features enumerate op subsets, 16 at most");
    ++dags;
  }
  std::vector<std::string> out;
  for (const Cell& c : space.cells) {
    const std::string prefix = "graph:" + (dags > 1 ? c.name + ":" : std::string());
    for (const Value& op : c.ops) out.push_back(prefix + "op_count:" + op.as_text());
    for (std::uint32_t s = 0; s < full_set(c); ++s) out.push_back(prefix + "min_path_len:banned=" + set_name(c, s));
    for (std::uint32_t s = 1; s <= full_set(c); ++s) out.push_back(prefix + "max_op_on_path:allowed=" + set_name(c, s));
    for (std::uint32_t s = 1; s <= full_set(c); ++s)
      for (const char* k : kDegreeKinds) out.push_back(prefix + "node_degree:allowed=" + set_name(c, s) + ":" + k);
  }
  return out;
}

std::vector<double> graph_features(const SearchSpace& space, const Architecture& arch) {
  std::vector<double> out;
  for (const Cell& c : space.cells) {
    const std::vector<Edge> edges = edges_of(c, arch);
    for (std::size_t op = 0; op < c.ops.size(); ++op) {
      int n = 0;
      for (const Edge& e : edges) n += e.op == static_cast<int>(op);
      out.push_back(n);
    }
    for (std::uint32_t s = 0; s < full_set(c); ++s) out.push_back(min_path_len(edges, c.nodes, s));
    for (std::uint32_t s = 1; s <= full_set(c); ++s) out.push_back(max_op_on_path(edges, c.nodes, s));
    for (std::uint32_t s = 1; s <= full_set(c); ++s) {
      int from_input = 0, into_output = 0, total = 0;
      for (const Edge& e : edges) {
        if (!in_set(s, e.op)) continue;
        ++total;
        from_input += e.from == 0;
        into_output += e.to == c.nodes - 1;
      }
      const double per_node = static_cast<double>(total) / c.nodes;
      out.insert(out.end(), {static_cast<double>(from_input), static_cast<double>(into_output), per_node, per_node});
    }
  }
  return out;
}

}  // namespace zcnas::spec
