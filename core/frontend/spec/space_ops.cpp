#include "spec/space_ops.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "util/fnv_hash.hpp"

namespace zcnas::spec {

namespace {

// The layer count a per-layer decision depends on, as chosen in `arch`.
std::int64_t layer_count(const SearchSpace& space, const Architecture& arch, int count_decision) {
  return space.decisions[count_decision].options[arch[count_decision]].as_integer();
}

const Cell* cell_of(const SearchSpace& space, int decision) {
  for (const auto& c : space.cells) {
    if (decision >= c.first_decision && decision < c.first_decision + c.decision_count) return &c;
  }
  return nullptr;
}

// NAS-Bench-101 graph cells: decisions are edge(i,j) for i<j (row-major), then op(k) for
// k = 1 .. n-2.
struct GraphView {
  int n;
  int first;
  int edge_index(int i, int j) const { return first + i * n - i * (i + 1) / 2 + (j - i - 1); }
  int op_index(int k) const { return first + n * (n - 1) / 2 + (k - 1); }
};

// Nodes on some input -> output path.
std::vector<bool> on_path(const GraphView& g, const Architecture& arch) {
  std::vector<bool> from_input(g.n, false), to_output(g.n, false);
  from_input[0] = true;
  for (int j = 1; j < g.n; ++j)
    for (int i = 0; i < j; ++i)
      if (from_input[i] && arch[g.edge_index(i, j)]) from_input[j] = true;
  to_output[g.n - 1] = true;
  for (int i = g.n - 2; i >= 0; --i)
    for (int j = i + 1; j < g.n; ++j)
      if (to_output[j] && arch[g.edge_index(i, j)]) to_output[i] = true;
  std::vector<bool> both(g.n);
  for (int k = 0; k < g.n; ++k) both[k] = from_input[k] && to_output[k];
  return both;
}

std::string check_graph(const Cell& c, const Architecture& arch) {
  const GraphView g{c.nodes, c.first_decision};
  const auto path = on_path(g, arch);
  if (!path[g.n - 1]) return "cell '" + c.name + "': the output is not reachable from the input";
  int edges = 0;
  for (int i = 0; i < g.n; ++i)
    for (int j = i + 1; j < g.n; ++j) {
      if (!arch[g.edge_index(i, j)]) continue;
      if (!path[i] || !path[j])
        return "cell '" + c.name + "': edge " + std::to_string(i) + "->" + std::to_string(j) +
               " is not on an input-output path (not canonical: prune it)";
      ++edges;
    }
  if (c.max_edges > 0 && edges > c.max_edges)
    return "cell '" + c.name + "': " + std::to_string(edges) + " edges, at most " + std::to_string(c.max_edges);
  for (int k = 1; k < g.n - 1; ++k)
    if (!path[k] && arch[g.op_index(k)] != 0)
      return "cell '" + c.name + "': node " + std::to_string(k) + " is unused, its op must be the first (canonical)";
  return {};
}

// Removes edges off every input-output path and resets unused nodes' ops: the canonical
// form of a NAS-Bench-101 graph.
void prune_graph(const Cell& c, Architecture& arch) {
  const GraphView g{c.nodes, c.first_decision};
  const auto path = on_path(g, arch);
  for (int i = 0; i < g.n; ++i)
    for (int j = i + 1; j < g.n; ++j)
      if (!path[i] || !path[j]) arch[g.edge_index(i, j)] = 0;
  for (int k = 1; k < g.n - 1; ++k)
    if (!path[k]) arch[g.op_index(k)] = 0;
}

// DARTS cells: per node k, decisions in(k,0), op(k,0), in(k,1), op(k,1).
std::string check_darts(const Cell& c, const Architecture& arch) {
  for (int k = 0; k < c.nodes; ++k) {
    const int base = c.first_decision + 4 * k;
    if (arch[base] == arch[base + 2])
      return "cell '" + c.name + "': node " + std::to_string(k) + " takes state " + std::to_string(arch[base]) +
             " twice (its two inputs must differ)";
  }
  return {};
}

std::string check_cells(const SearchSpace& space, const Architecture& arch) {
  for (const auto& c : space.cells) {
    std::string problem;
    if (c.kind == CellKind::graph) problem = check_graph(c, arch);
    if (c.kind == CellKind::darts) problem = check_darts(c, arch);
    if (!problem.empty()) return problem;
  }
  return {};
}

bool is_valid(const SearchSpace& space, const Architecture& arch) { return check_cells(space, arch).empty(); }

}  // namespace

bool is_active(const SearchSpace& space, const Architecture& arch, int decision) {
  const Decision& d = space.decisions[decision];
  if (d.count_decision < 0) return true;
  return d.layer < layer_count(space, arch, d.count_decision);
}

Expected<void> check(const SearchSpace& space, const Architecture& arch) {
  if (arch.size() != space.decisions.size())
    return Error(ErrorKind::invalid_argument, "space '" + space.name + "' has " +
                                                  std::to_string(space.decisions.size()) + " decisions, got " +
                                                  std::to_string(arch.size()));
  for (std::size_t i = 0; i < arch.size(); ++i) {
    const Decision& d = space.decisions[i];
    if (arch[i] < 0 || arch[i] >= static_cast<int>(d.options.size()))
      return Error(ErrorKind::invalid_argument, "decision '" + d.name + "' has option " + std::to_string(arch[i]) +
                                                    " of " + std::to_string(d.options.size()));
  }
  for (std::size_t i = 0; i < arch.size(); ++i) {
    if (!is_active(space, arch, static_cast<int>(i)) && arch[i] != 0)
      return Error(ErrorKind::invalid_argument, "decision '" + space.decisions[i].name +
                                                    "' is beyond the chosen layer count and must be 0");
  }
  if (auto problem = check_cells(space, arch); !problem.empty()) return Error(ErrorKind::invalid_argument, problem);
  return {};
}

BigUint size(const SearchSpace& space) {
  BigUint total(1);
  std::vector<bool> counted(space.decisions.size(), false);
  // Cells with rules are counted on their own.
  for (const auto& c : space.cells) {
    for (int i = 0; i < c.decision_count; ++i) counted[c.first_decision + i] = true;
    if (c.kind == CellKind::dag) {
      for (int i = 0; i < c.decision_count; ++i) total *= BigUint(space.decisions[c.first_decision + i].options.size());
    } else if (c.kind == CellKind::darts) {
      for (int k = 0; k < c.nodes; ++k)
        total *= BigUint(static_cast<std::uint64_t>((k + 2) * (k + 1)) * c.ops.size() * c.ops.size());
    } else {
      // Count canonical adjacency matrices; each used intermediate node takes any op.
      // Bit masks, since this walks all 2^(n(n-1)/2) matrices (2M for NAS-Bench-101).
      const int n = c.nodes;
      const int edges = n * (n - 1) / 2;
      std::map<int, std::uint64_t> by_used_nodes;
      std::vector<std::uint32_t> out(n), in(n);
      for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << edges); ++mask) {
        const int edge_count = __builtin_popcountll(mask);
        if (c.max_edges > 0 && edge_count > c.max_edges) continue;
        std::fill(out.begin(), out.end(), 0u);
        std::fill(in.begin(), in.end(), 0u);
        int e = 0;
        for (int i = 0; i < n; ++i)
          for (int j = i + 1; j < n; ++j, ++e)
            if ((mask >> e) & 1) {
              out[i] |= 1u << j;
              in[j] |= 1u << i;
            }
        std::uint32_t forward = 1u;  // reachable from the input (node order is topological)
        for (int j = 1; j < n; ++j)
          if (in[j] & forward) forward |= 1u << j;
        std::uint32_t backward = 1u << (n - 1);  // reaches the output
        for (int i = n - 2; i >= 0; --i)
          if (out[i] & backward) backward |= 1u << i;
        const std::uint32_t path = forward & backward;
        if (!(path >> (n - 1) & 1)) continue;
        bool canonical = true;  // every edge joins two on-path nodes
        for (int i = 0; i < n && canonical; ++i)
          if (out[i] && (!(path >> i & 1) || (out[i] & ~path))) canonical = false;
        if (!canonical) continue;
        ++by_used_nodes[__builtin_popcount(path) - 2];
      }
      BigUint cell_total(0);
      for (const auto& [used, count] : by_used_nodes) {
        BigUint term(count);
        for (int u = 0; u < used; ++u) term *= BigUint(c.ops.size());
        cell_total += term;
      }
      total *= cell_total;
    }
  }
  // Per-layer blocks: for each value of the count, the product over its active layers.
  std::map<int, std::vector<int>> dependents;
  for (std::size_t i = 0; i < space.decisions.size(); ++i) {
    if (space.decisions[i].count_decision >= 0) {
      dependents[space.decisions[i].count_decision].push_back(static_cast<int>(i));
      counted[i] = true;
    }
  }
  for (const auto& [count, deps] : dependents) {
    counted[count] = true;
    BigUint block(0);
    for (const auto& v : space.decisions[count].options) {
      BigUint term(1);
      for (int d : deps) {
        if (space.decisions[d].layer < v.as_integer()) term *= BigUint(space.decisions[d].options.size());
      }
      block += term;
    }
    total *= block;
  }
  for (std::size_t i = 0; i < space.decisions.size(); ++i) {
    if (!counted[i]) total *= BigUint(space.decisions[i].options.size());
  }
  return total;
}

void enumerate(const SearchSpace& space, const std::function<bool(const Architecture&)>& visit) {
  const int n = static_cast<int>(space.decisions.size());
  Architecture arch(n, 0);
  while (true) {
    if (is_valid(space, arch) && !visit(arch)) return;
    int i = n - 1;
    for (; i >= 0; --i) {
      if (!is_active(space, arch, i)) continue;
      if (++arch[i] < static_cast<int>(space.decisions[i].options.size())) break;
      arch[i] = 0;
    }
    if (i < 0) return;
    // A smaller layer count leaves later layers inactive: they are already 0 (reset by the carry).
  }
}

void canonicalize(const SearchSpace& space, Architecture& arch) {
  for (std::size_t i = 0; i < arch.size(); ++i)
    if (!is_active(space, arch, static_cast<int>(i))) arch[i] = 0;
  for (const auto& c : space.cells)
    if (c.kind == CellKind::graph) prune_graph(c, arch);
}

namespace {
void draw(const SearchSpace& space, Architecture& arch, int i, Rng& rng) {
  arch[i] = static_cast<int>(rng.below(space.decisions[i].options.size()));
}
}  // namespace

Architecture sample(const SearchSpace& space, Rng& rng) {
  Architecture arch(space.decisions.size(), 0);
  for (int attempt = 0;; ++attempt) {
    for (std::size_t i = 0; i < arch.size(); ++i) draw(space, arch, static_cast<int>(i), rng);
    // Graph cells whose limits make valid draws rare (many nodes, few edges) would spin for
    // ever: after 1000 rejections, draw sparser graphs, halving the edge density each 1000.
    if (attempt >= 1000) {
      const double density = std::ldexp(0.5, -(attempt / 1000));
      for (const auto& c : space.cells) {
        if (c.kind != CellKind::graph) continue;
        for (int e = 0; e < c.nodes * (c.nodes - 1) / 2; ++e)
          arch[c.first_decision + e] = static_cast<double>(rng.next() >> 11) * 0x1.0p-53 < density;
      }
    }
    canonicalize(space, arch);
    if (is_valid(space, arch)) return arch;
  }
}

Architecture mutate(const SearchSpace& space, const Architecture& arch, Rng& rng) {
  std::vector<int> candidates;
  for (std::size_t i = 0; i < arch.size(); ++i)
    if (is_active(space, arch, static_cast<int>(i)) && space.decisions[i].options.size() > 1)
      candidates.push_back(static_cast<int>(i));
  if (candidates.empty()) return arch;
  // One decision at a time first; where no single change survives validity and pruning
  // (a NAS-Bench-101 cell of one input-output edge), two, then three at once.
  for (int attempt = 0; attempt < 1000; ++attempt) {
    Architecture child = arch;
    const int changes = 1 + attempt / 50;
    for (int c = 0; c < changes; ++c) {
      const int i = candidates[rng.below(candidates.size())];
      const auto options = space.decisions[i].options.size();
      const Architecture before = child;
      child[i] = static_cast<int>((child[i] + 1 + rng.below(options - 1)) % options);
      // Layers that a larger count switches on get fresh draws.
      for (std::size_t j = 0; j < child.size(); ++j)
        if (space.decisions[j].count_decision == i && is_active(space, child, static_cast<int>(j)) &&
            !is_active(space, before, static_cast<int>(j)))
          draw(space, child, static_cast<int>(j), rng);
    }
    canonicalize(space, child);
    if (child != arch && is_valid(space, child)) return child;
  }
  return arch;
}

Architecture crossover(const SearchSpace& space, const Architecture& a, const Architecture& b, Rng& rng) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    Architecture child = a;
    std::vector<bool> done(a.size(), false);
    for (const auto& c : space.cells) {
      const bool from_b = rng.below(2) == 1;
      for (int k = 0; k < c.decision_count; ++k) {
        child[c.first_decision + k] = (from_b ? b : a)[c.first_decision + k];
        done[c.first_decision + k] = true;
      }
    }
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!done[i]) child[i] = rng.below(2) ? b[i] : a[i];
    // A layer that is active in the child but in neither parent at that depth keeps a parent's
    // value when it has one, else a fresh draw.
    for (std::size_t i = 0; i < child.size(); ++i) {
      const int idx = static_cast<int>(i);
      if (!is_active(space, child, idx)) continue;
      if (space.decisions[i].count_decision >= 0 && !is_active(space, a, idx) && !is_active(space, b, idx))
        draw(space, child, idx, rng);
      else if (space.decisions[i].count_decision >= 0 && !is_active(space, a, idx))
        child[i] = b[i];
      else if (space.decisions[i].count_decision >= 0 && !is_active(space, b, idx))
        child[i] = a[i];
    }
    canonicalize(space, child);
    if (is_valid(space, child)) return child;
  }
  return a;
}

namespace {

// Splits a format template into literal text and {placeholders}.
struct FormatPiece {
  bool placeholder;
  std::string text;
};

std::vector<FormatPiece> split_format(const std::string& format) {
  std::vector<FormatPiece> pieces;
  std::string literal;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '{') {
      const std::size_t close = format.find('}', i);
      if (!literal.empty()) pieces.push_back({false, literal});
      literal.clear();
      pieces.push_back({true, format.substr(i + 1, close - i - 1)});
      i = close;
    } else {
      literal += format[i];
    }
  }
  if (!literal.empty()) pieces.push_back({false, literal});
  return pieces;
}

std::string graph_edges_key(const Cell& c) { return c.name + ".edges"; }

}  // namespace

std::string to_canonical(const SearchSpace& space, const Architecture& arch) {
  if (!space.format.empty()) {
    std::string out;
    for (const auto& piece : split_format(space.format)) {
      if (!piece.placeholder) {
        out += piece.text;
        continue;
      }
      // {name} renders the option, {#name} its index (for benchmarks that code ops as digits).
      const bool by_index = !piece.text.empty() && piece.text[0] == '#';
      const int i = space.decision_index(by_index ? piece.text.substr(1) : piece.text);
      out += by_index ? std::to_string(arch[i]) : space.decisions[i].options[arch[i]].to_string();
    }
    return out;
  }
  // key=value;key=value over active decisions; a graph cell's edges as one bit string.
  std::string out;
  auto add = [&](const std::string& key, const std::string& value) {
    if (!out.empty()) out += ';';
    out += key + "=" + value;
  };
  for (std::size_t i = 0; i < arch.size(); ++i) {
    const int idx = static_cast<int>(i);
    if (!is_active(space, arch, idx)) continue;
    const Cell* c = cell_of(space, idx);
    if (c != nullptr && c->kind == CellKind::graph) {
      const GraphView g{c->nodes, c->first_decision};
      if (idx == c->first_decision) {
        std::string bits;
        for (int e = 0; e < c->nodes * (c->nodes - 1) / 2; ++e) bits += arch[c->first_decision + e] ? '1' : '0';
        add(graph_edges_key(*c), bits);
      }
      if (idx < g.op_index(1)) continue;
    }
    add(space.decisions[i].name, space.decisions[i].options[arch[i]].to_string());
  }
  return out;
}

namespace {
Expected<int> option_of(const SearchSpace& space, int decision, const std::string& text) {
  const auto& options = space.decisions[decision].options;
  for (std::size_t k = 0; k < options.size(); ++k)
    if (options[k].to_string() == text) return static_cast<int>(k);
  std::string known;
  for (std::size_t k = 0; k < options.size(); ++k) known += (k ? ", " : "") + options[k].to_string();
  return Error(ErrorKind::invalid_argument, "'" + text + "' is not an option of '" + space.decisions[decision].name +
                                                "' (options: " + known + ")");
}
}  // namespace

namespace {
Error not_an_architecture(const SearchSpace& space, const std::string& text, const std::string& why) {
  return Error(ErrorKind::invalid_argument, "'" + text + "' is not an architecture of space '" + space.name + "': " + why);
}
}  // namespace

Expected<std::string> canonical_spelling(const SearchSpace& space, const std::string& text) {
  auto arch = parse_architecture(space, text);
  if (!arch) return std::move(arch).error();
  canonicalize(space, *arch);
  if (auto ok = check(space, *arch); !ok) return not_an_architecture(space, text, ok.error().message());
  return to_canonical(space, *arch);
}

std::optional<std::string> canonical_text(const SearchSpace& space, const std::string& text) {
  auto spelled = canonical_spelling(space, text);
  if (!spelled) return std::nullopt;
  return *std::move(spelled);
}

Expected<Architecture> parse_architecture(const SearchSpace& space, const std::string& text) {
  Architecture arch(space.decisions.size(), 0);
  auto fail = [&](const std::string& why) { return not_an_architecture(space, text, why); };
  if (!space.format.empty()) {
    const auto pieces = split_format(space.format);
    std::size_t pos = 0;
    for (std::size_t p = 0; p < pieces.size(); ++p) {
      if (!pieces[p].placeholder) {
        if (text.compare(pos, pieces[p].text.size(), pieces[p].text) != 0)
          return fail("expected '" + pieces[p].text + "' at character " + std::to_string(pos + 1));
        pos += pieces[p].text.size();
        continue;
      }
      std::size_t end = text.size();
      if (p + 1 < pieces.size() && pieces[p + 1].placeholder) {
        end = std::min(pos + 1, text.size());  // a one-digit {#index} (the DSL checks it is one)
      } else if (p + 1 < pieces.size()) {
        end = text.find(pieces[p + 1].text, pos);
        if (end == std::string::npos) return fail("expected '" + pieces[p + 1].text + "' after character " + std::to_string(pos));
      }
      const bool by_index = !pieces[p].text.empty() && pieces[p].text[0] == '#';
      const int i = space.decision_index(by_index ? pieces[p].text.substr(1) : pieces[p].text);
      const std::string field = text.substr(pos, end - pos);
      if (by_index) {
        const auto& options = space.decisions[i].options;
        if (field.empty() || field.size() > 6 || field.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(field) >= static_cast<int>(options.size()))
          return fail("'" + field + "' is not an option index of '" + space.decisions[i].name + "' (0.." +
                      std::to_string(options.size() - 1) + ")");
        arch[i] = std::stoi(field);
      } else {
        auto option = option_of(space, i, field);
        if (!option) return fail(option.error().message());
        arch[i] = *option;
      }
      pos = end;
    }
    if (pos != text.size()) return fail("unexpected text after character " + std::to_string(pos));
  } else {
    std::set<std::string> seen;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find(';', start);
      if (end == std::string::npos) end = text.size();
      const std::string item = text.substr(start, end - start);
      start = end + 1;
      const std::size_t eq = item.find('=');
      if (eq == std::string::npos) return fail("'" + item + "' is not key=value");
      const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
      if (!seen.insert(key).second) return fail("'" + key + "' given twice");
      const Cell* graph = nullptr;
      for (const auto& c : space.cells)
        if (c.kind == CellKind::graph && graph_edges_key(c) == key) graph = &c;
      if (graph != nullptr) {
        const int edges = graph->nodes * (graph->nodes - 1) / 2;
        if (static_cast<int>(value.size()) != edges || value.find_first_not_of("01") != std::string::npos)
          return fail("'" + key + "' must be " + std::to_string(edges) + " bits of 0/1");
        for (int e = 0; e < edges; ++e) arch[graph->first_decision + e] = value[e] == '1';
        continue;
      }
      const int i = space.decision_index(key);
      if (i < 0) return fail("no decision named '" + key + "'");
      auto option = option_of(space, i, value);
      if (!option) return fail(option.error().message());
      arch[i] = *option;
    }
    for (std::size_t i = 0; i < arch.size(); ++i) {
      const int idx = static_cast<int>(i);
      const Cell* c = cell_of(space, idx);
      const bool edge_bit = c != nullptr && c->kind == CellKind::graph && idx < GraphView{c->nodes, c->first_decision}.op_index(1);
      if (!edge_bit && is_active(space, arch, idx) && !seen.count(space.decisions[i].name))
        return fail("'" + space.decisions[i].name + "' is missing");
    }
  }
  return arch;
}

Expected<Architecture> from_canonical(const SearchSpace& space, const std::string& text) {
  auto arch = parse_architecture(space, text);
  if (!arch) return arch;
  if (auto ok = check(space, *arch); !ok) return not_an_architecture(space, text, ok.error().message());
  return arch;
}

std::uint64_t stable_hash(const SearchSpace& space, const Architecture& arch) {
  std::uint64_t h = util::fnv1a64(space.name);
  h = util::fnv1a64(std::string_view("\0", 1), h);
  return util::fnv1a64(to_canonical(space, arch), h);
}

}  // namespace zcnas::spec
