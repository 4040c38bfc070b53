#pragma once
// A search space as the DSL declares it, in plain types. An architecture is one option
// index per decision; the decisions are laid out when the space is declared:
//   - a choice `k in {...}` is one decision named k;
//   - `per layer (depth) { k in {...}; }` is one decision per possible layer, k[0] .. k[D-1],
//     active only while the layer index is below the chosen depth (inactive ones are 0);
//   - a `dag` cell's `edge (i -> j) for i < j : op in {...}` is one decision op(i,j) per edge;
//   - a `graph` cell (NAS-Bench-101) is one 0/1 decision edge(i,j) per node pair and one
//     op(k) per intermediate node;
//   - a `darts` cell named c is, for each node k and input slot s, c.in(k,s) (which earlier
//     state) and c.op(k,s).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/source_location.hpp"
#include "spec/network_template.hpp"
#include "spec/value.hpp"

namespace zcnas::spec {

using zcnas::SourceLocation;

struct Decision {
  std::string name;
  std::vector<Value> options;
  int count_decision = -1;  // per-layer: index of the decision that sets the layer count
  int layer = -1;           // per-layer: this decision's layer
  std::string group;        // the choice, cell or per-layer block it came from
};

enum class CellKind { dag, graph, darts };

struct Cell {
  CellKind kind = CellKind::dag;
  std::string name;  // darts: "normal" / "reduce"; others: the op key
  int nodes = 0;
  int max_edges = 0;           // graph cells: the edge limit (0: none)
  int first_decision = 0;      // decisions [first_decision, first_decision + decision_count)
  int decision_count = 0;
  std::vector<Value> ops;
  SourceLocation location;
};

struct Constraint {
  std::string quantity;  // "params", "flops" (Suite-Zero's convention) or "macs" (convs and linears)
  std::optional<double> min, max;
  SourceLocation location;
};

struct SearchSpace {
  std::string name;
  std::string family;
  std::string file;  // where it was declared
  SourceLocation location;
  std::map<std::string, Value> settings;  // input, classes, stem, stages, patch, ...
  std::vector<Decision> decisions;
  std::vector<Cell> cells;
  std::vector<Constraint> constraints;
  std::string format;  // canonical string template; empty: key=value form
  // The network written in the file (`network { ... }`); then `family` is "network".
  std::shared_ptr<const NetworkTemplate> network;

  int decision_index(const std::string& name) const;  // -1 if none
  const Cell* cell(const std::string& name) const;
};

// One architecture: an option index per decision.
using Architecture = std::vector<int>;

}  // namespace zcnas::spec
