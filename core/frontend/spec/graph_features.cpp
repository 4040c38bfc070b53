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

// NAS-Bench-101 graph cells: ops on nodes. Only the nodes on an input-output path count (the
// pruned spec GRAF reads); node 0 is the input, the last node the output.
struct OpGraph {
  std::vector<int> nodes;                 // the kept nodes, in order
  std::vector<int> op;                    // per kept node: op index; -1 for the input and output
  std::vector<std::pair<int, int>> edges; // between positions in `nodes`
};

OpGraph op_graph_of(const Cell& c, const Architecture& arch) {
  const int n = c.nodes;
  auto edge = [&](int i, int j) { return arch[static_cast<std::size_t>(c.first_decision + i * n - i * (i + 1) / 2 + (j - i - 1))] != 0; };
  std::vector<bool> from_input(static_cast<std::size_t>(n), false), to_output(static_cast<std::size_t>(n), false);
  from_input[0] = true;
  for (int j = 1; j < n; ++j)
    for (int i = 0; i < j; ++i)
      if (from_input[static_cast<std::size_t>(i)] && edge(i, j)) from_input[static_cast<std::size_t>(j)] = true;
  to_output[static_cast<std::size_t>(n - 1)] = true;
  for (int i = n - 2; i >= 0; --i)
    for (int j = i + 1; j < n; ++j)
      if (to_output[static_cast<std::size_t>(j)] && edge(i, j)) to_output[static_cast<std::size_t>(i)] = true;
  OpGraph g;
  std::vector<int> position(static_cast<std::size_t>(n), -1);
  for (int k = 0; k < n; ++k) {
    if (!from_input[static_cast<std::size_t>(k)] || !to_output[static_cast<std::size_t>(k)]) continue;
    position[static_cast<std::size_t>(k)] = static_cast<int>(g.nodes.size());
    g.nodes.push_back(k);
    const bool io = k == 0 || k == n - 1;
    g.op.push_back(io ? -1 : arch[static_cast<std::size_t>(c.first_decision + n * (n - 1) / 2 + (k - 1))]);
  }
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j)
      if (position[static_cast<std::size_t>(i)] >= 0 && position[static_cast<std::size_t>(j)] >= 0 && edge(i, j))
        g.edges.emplace_back(position[static_cast<std::size_t>(i)], position[static_cast<std::size_t>(j)]);
  return g;
}

bool op_in(const OpGraph& g, int node, std::uint32_t set) { return g.op[static_cast<std::size_t>(node)] >= 0 && in_set(set, g.op[static_cast<std::size_t>(node)]); }

// DARTS cells: states in0 (c_{k-2}), in1 (c_{k-1}), the nodes 2.., and the output every node
// feeds (GRAF's darts_to_graph: an edge with its own 'out' op, in no op set).
struct DartsGraph {
  int states = 0;                          // 2 + nodes; the output is `states`
  std::vector<Edge> edges;                 // op -1: a node's edge into the output
};

DartsGraph darts_graph_of(const SearchSpace& space, const Cell& c, const Architecture& arch) {
  DartsGraph g;
  g.states = 2 + c.nodes;
  for (int k = 0; k < c.nodes; ++k)
    for (int s = 0; s < 2; ++s) {
      const int base = c.first_decision + 4 * k + 2 * s;
      const int from = static_cast<int>(space.decisions[static_cast<std::size_t>(base)].options[static_cast<std::size_t>(arch[static_cast<std::size_t>(base)])].as_integer());
      const std::string op = space.decisions[static_cast<std::size_t>(base + 1)].options[static_cast<std::size_t>(arch[static_cast<std::size_t>(base + 1)])].to_string();
      int index = 0;
      while (index < static_cast<int>(c.ops.size()) && c.ops[static_cast<std::size_t>(index)].to_string() != op) ++index;
      g.edges.push_back({from, 2 + k, index});
    }
  for (int k = 0; k < c.nodes; ++k) g.edges.push_back({2 + k, g.states, -1});
  return g;
}

// Most edges from `start` to the output through ops in `allowed` (output edges always); -1 if none.
int darts_max_path(const DartsGraph& g, int start, std::uint32_t allowed) {
  std::vector<int> best(static_cast<std::size_t>(g.states + 1), -1);
  best[static_cast<std::size_t>(start)] = 0;
  for (int v = 0; v <= g.states; ++v)   // states are in topological order, the output last
    for (const Edge& e : g.edges)
      if (e.to == v && (e.op < 0 || in_set(allowed, e.op)) && best[static_cast<std::size_t>(e.from)] >= 0)
        best[static_cast<std::size_t>(v)] = std::max(best[static_cast<std::size_t>(v)], best[static_cast<std::size_t>(e.from)] + 1);
  return best[static_cast<std::size_t>(g.states)];
}

}  // namespace

Expected<std::vector<std::string>> graph_feature_names(const SearchSpace& space) {
  if (space.cells.empty())
    return Error(ErrorKind::config, "space '" + space.name + "' has no cell: graph features are read off its cells");
  for (const Cell& c : space.cells)
    if (c.ops.size() > 16)
      return Error(ErrorKind::config, "space '" + space.name + "': cell '" + c.name + "' has " +
                                          std::to_string(c.ops.size()) + " ops; graph features enumerate op subsets, 16 at most");
  const bool several = space.cells.size() > 1;
  std::vector<std::string> out;
  for (const Cell& c : space.cells) {
    const std::string prefix = "graph:" + (several ? c.name + ":" : std::string());
    for (const Value& op : c.ops) out.push_back(prefix + "op_count:" + op.as_text());
    if (c.kind != CellKind::darts)
      for (std::uint32_t s = 0; s < full_set(c); ++s) out.push_back(prefix + "min_path_len:banned=" + set_name(c, s));
    for (std::uint32_t s = 1; s <= full_set(c); ++s) {
      const std::string name = prefix + "max_op_on_path:allowed=" + set_name(c, s);
      if (c.kind == CellKind::darts) {
        out.push_back(name + ":from=in0");
        out.push_back(name + ":from=in1");
      } else {
        out.push_back(name);
      }
    }
    for (std::uint32_t s = 1; s <= full_set(c); ++s) {
      if (c.kind == CellKind::darts) {
        for (const char* k : {"in0_degree", "in1_degree", "avg_in", "avg_out"})
          out.push_back(prefix + "node_degree:allowed=" + set_name(c, s) + ":" + k);
      } else {
        for (const char* k : kDegreeKinds) out.push_back(prefix + "node_degree:allowed=" + set_name(c, s) + ":" + k);
      }
    }
  }
  return out;
}

namespace {

void dag_features(const Cell& c, const Architecture& arch, std::vector<double>& out) {
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

void op_graph_features(const Cell& c, const Architecture& arch, std::vector<double>& out) {
  const OpGraph g = op_graph_of(c, arch);
  const int n = static_cast<int>(g.nodes.size()), output = n - 1;
  for (std::size_t op = 0; op < c.ops.size(); ++op) {
    int count = 0;
    for (int v = 0; v < n; ++v) count += g.op[static_cast<std::size_t>(v)] == static_cast<int>(op);
    out.push_back(count);
  }
  // Fewest edges from the input to the output through no node of a banned op; the node count if none.
  for (std::uint32_t banned = 0; banned < full_set(c); ++banned) {
    std::vector<int> dist(static_cast<std::size_t>(n), -1);
    dist[0] = 0;
    for (int v = 1; v < n; ++v)   // kept nodes are in topological order
      for (const auto& [a, b] : g.edges)
        if (b == v && dist[static_cast<std::size_t>(a)] >= 0 && !op_in(g, a, banned) && !op_in(g, b, banned) &&
            (dist[static_cast<std::size_t>(v)] < 0 || dist[static_cast<std::size_t>(a)] + 1 < dist[static_cast<std::size_t>(v)]))
          dist[static_cast<std::size_t>(v)] = dist[static_cast<std::size_t>(a)] + 1;
    out.push_back(dist[static_cast<std::size_t>(output)] < 0 ? n : dist[static_cast<std::size_t>(output)]);
  }
  // Most op nodes on an input-output path of allowed op nodes: 0 for the input-output edge alone, -1 if none.
  for (std::uint32_t allowed = 1; allowed <= full_set(c); ++allowed) {
    std::vector<int> best(static_cast<std::size_t>(n), -1);
    best[0] = 0;
    for (int v = 1; v < n; ++v)
      for (const auto& [a, b] : g.edges)
        if (b == v && best[static_cast<std::size_t>(a)] >= 0 && (v == output || op_in(g, v, allowed)))
          best[static_cast<std::size_t>(v)] = std::max(best[static_cast<std::size_t>(v)], best[static_cast<std::size_t>(a)] + (v == output ? 0 : 1));
    out.push_back(best[static_cast<std::size_t>(output)]);
  }
  for (std::uint32_t allowed = 1; allowed <= full_set(c); ++allowed) {
    int into_output = 0, from_input = 0, from_allowed = 0, to_allowed = 0;
    for (const auto& [a, b] : g.edges) {
      from_allowed += op_in(g, a, allowed);
      to_allowed += op_in(g, b, allowed);
      into_output += b == output && op_in(g, a, allowed);
      from_input += a == 0 && op_in(g, b, allowed);
    }
    out.insert(out.end(), {static_cast<double>(into_output), static_cast<double>(from_input),
                           static_cast<double>(from_allowed) / n, static_cast<double>(to_allowed) / n});
  }
}

void darts_features(const SearchSpace& space, const Cell& c, const Architecture& arch, std::vector<double>& out) {
  const DartsGraph g = darts_graph_of(space, c, arch);
  for (std::size_t op = 0; op < c.ops.size(); ++op) {
    int count = 0;
    for (const Edge& e : g.edges) count += e.op == static_cast<int>(op);
    out.push_back(count);
  }
  for (std::uint32_t allowed = 1; allowed <= full_set(c); ++allowed) {
    out.push_back(darts_max_path(g, 0, allowed));
    out.push_back(darts_max_path(g, 1, allowed));
  }
  const int graph_nodes = g.states + 1;   // both inputs are always used: node 0 takes both
  for (std::uint32_t allowed = 1; allowed <= full_set(c); ++allowed) {
    int from0 = 0, from1 = 0, total = 0;
    for (const Edge& e : g.edges) {
      if (e.op < 0 || !in_set(allowed, e.op)) continue;
      ++total;
      from0 += e.from == 0;
      from1 += e.from == 1;
    }
    const double per_node = static_cast<double>(total) / graph_nodes;
    out.insert(out.end(), {static_cast<double>(from0), static_cast<double>(from1), per_node, per_node});
  }
}

}  // namespace

std::vector<double> graph_features(const SearchSpace& space, const Architecture& arch) {
  std::vector<double> out;
  for (const Cell& c : space.cells) {
    if (c.kind == CellKind::dag) dag_features(c, arch, out);
    else if (c.kind == CellKind::graph) op_graph_features(c, arch, out);
    else darts_features(space, c, arch, out);
  }
  return out;
}

}  // namespace zcnas::spec
