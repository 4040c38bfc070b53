#pragma once
// Evaluates a space's network template for one architecture: loops unrolled, expressions
// computed from the chosen options, blocks expanded, every op's arguments bound to its
// signature and every shape inferred. The result is a tree of concrete layers that the
// net layer turns into modules one for one. Torch-free, so `zcnas check` finds a width
// that does not fit (`file:line:col: block 'stage2' expects 64 channels, gets 32`)
// without building anything.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "spec/search_space.hpp"
#include "zcnas/error.hpp"
#include "zcnas/net/op_signature.hpp"
#include "zcnas/search/supernet.hpp"

namespace zcnas::spec {

// The ops a template may use (the loaded op plugins).
struct OpCatalog {
  std::function<const OpSignature*(const std::string& name)> find;
  std::vector<std::string> names;
};
// A catalogue over signatures held elsewhere (the plugin catalogue a file is checked against);
// `ops` must outlive it.
OpCatalog op_catalog_over(const std::map<std::string, OpSignature>& ops);

struct BoundOp {
  std::string op;
  ParamSet args;
  Shape input, output;
  SourceLocation location;
};

// One node of the bound network. Ops, blocks and cells are modules, named in the scope
// that holds them (`as name`, else <op><index>, e.g. conv0, relu6_1, mbconv3); residual and
// merge nodes only route tensors, their layers are named in the enclosing scope.
struct BoundNode {
  enum class Kind { op, block, residual, merge, cell };
  Kind kind = Kind::op;
  std::string name;
  BoundOp op;                                    // op
  std::vector<BoundNode> body;                   // block: its layers; residual: the main path
  std::vector<BoundNode> shortcut;               // residual: empty is the identity
  std::vector<std::vector<BoundNode>> branches;  // merge
  bool concat = false;                           // merge: concatenate channels (else sum)
  struct Edge {
    int from = 0, to = 0;
    BoundOp op;
    // A supernet's edge runs every alive op and averages them (equal architecture weights):
    // each op is an Edge of weight 1 / (alive ops), `mixed` when the edge has several.
    double weight = 1;
    bool mixed = false;
  };
  int nodes = 0;            // cell: a DAG cell of `nodes` nodes
  std::vector<Edge> edges;  // cell: by target node, then source (evaluation order)
  Shape input, output;
  SourceLocation location;
};

struct BoundNetwork {
  std::vector<BoundNode> body;
  Shape input, output;
};

// `error_at`, when given, receives the location of a failure; the error's message then
// leaves it out (the DSL front end renders it with the line and a caret).
Expected<BoundNetwork> bind_network(const SearchSpace& space, const Architecture& arch, const OpCatalog& ops,
                                    SourceLocation* error_at = nullptr);

// The network of a supernet (zcnas/search/supernet.hpp): every alive op of a cell edge on
// that edge, averaged. Every decision of the space must be a cell edge (spec::full_supernet).
Expected<BoundNetwork> bind_supernet(const SearchSpace& space, const Supernet& supernet, const OpCatalog& ops,
                                     SourceLocation* error_at = nullptr);

// The architectures `zcnas check` binds a template with: every first option, every last
// option, and a few seeded samples (valid ones only).
std::vector<Architecture> representative_architectures(const SearchSpace& space);

}  // namespace zcnas::spec
