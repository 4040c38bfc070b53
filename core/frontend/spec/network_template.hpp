#pragma once
// A network written in the DSL: the statements of a space's `network { ... }` body and of
// the `block`s it uses, as plain values with their source locations. Torch-free: the
// binder (spec/network_binder.hpp) evaluates a template for one architecture, checking
// shapes, and the net layer builds LibTorch modules from the result.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "spec/value.hpp"
#include "util/source_location.hpp"

namespace zcnas::spec {

using zcnas::SourceLocation;

// An expression over the space's choices and settings, loop variables and block parameters.
struct NetExpr {
  enum class Kind {
    literal,      // value
    name,         // text: a loop variable, block parameter, setting or choice
    in_channels,  // `in`: the channels entering the current block
    list,         // args
    index,        // args[0][args[1]]; `width[s]` also names the decision width[<s>]
    unary,        // text ("-" or "!"), args[0]
    binary,       // text (the operator), args[0], args[1]
    ternary,      // args[0] ? args[1] : args[2]
    call,         // text (the function), args
  };
  Kind kind = Kind::literal;
  Value value = Value::integer(0);
  std::string text;
  std::vector<NetExpr> args;
  SourceLocation location;
};

struct NetArg {
  std::string key;  // empty: positional
  NetExpr value;
  SourceLocation location;
};

struct NetStmt {
  enum class Kind {
    layer,     // op(args) [as label]: an op from the registry, a DSL block, or `cell`
    for_each,  // for var in exprs[0]: body
    repeat,    // repeat [var in] exprs[0]: body
    residual,  // residual [(when = exprs[0])] body [shortcut [(when = exprs[1])] alt]
    merge,     // concat / sum (text) of branches
    branch_if, // if exprs[0] body [else alt]
  };
  Kind kind = Kind::layer;
  std::string op;     // layer: the op or block name ("cell" for a cell)
  std::string label;  // layer: `as name`
  std::vector<NetExpr> label_expr;  // layer: `as (expr)`, a name computed per use
  std::string text;   // merge: "concat" or "sum"
  std::string var;    // for_each / repeat
  std::vector<NetArg> args;
  std::vector<NetExpr> exprs;
  std::vector<NetStmt> body, alt;
  std::vector<std::vector<NetStmt>> branches;
  SourceLocation location;
};

struct BlockParam {
  std::string name;
  bool has_default = false;
  NetExpr default_value;
  SourceLocation location;
};

// `block name(params) { ... }`: layers any network may use by name, its own name scope.
struct BlockDecl {
  std::string name;
  std::vector<BlockParam> params;
  std::vector<NetStmt> body;
  std::string text;  // its tokens, space-separated, comments and layout dropped: what a space's fingerprint hashes
  SourceLocation location;
};

struct NetworkTemplate {
  std::vector<NetStmt> body;
  // The blocks of the whole program (includes too), resolved when the file is parsed.
  std::map<std::string, std::shared_ptr<const BlockDecl>> blocks;
  std::string text;  // as BlockDecl::text
  SourceLocation location;
};

}  // namespace zcnas::spec
