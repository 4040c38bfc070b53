#pragma once
// Proxy declarations: a named plugin instance with parameter values, or an expression over
// other proxies that a researcher composes without C++.

#include <map>
#include <string>
#include <vector>

#include "util/source_location.hpp"
#include "zcnas/params.hpp"

namespace zcnas::spec {

using zcnas::SourceLocation;

struct ProxyExpr {
  enum class Kind {
    number,     // value
    reference,  // name: another declared proxy
    plugin,     // name: a plugin instance with params
    function,   // name: log, abs, exp, rank, normalise, sum, product, scale; args
    binary,     // op: + - * /; args[0], args[1]
    negate,     // args[0]
  };
  Kind kind = Kind::number;
  double value = 0;
  std::string name;
  char op = 0;
  std::map<std::string, ParamValue> params;
  std::vector<ProxyExpr> args;
  SourceLocation location;

  // Canonical text: rank(lswag_nb201) + 0.5 * log(synflow(...))
  std::string to_string() const;
};

struct ProxyDecl {
  std::string name;
  ProxyExpr expr;
  SourceLocation location;
  bool is_plugin_instance() const noexcept { return expr.kind == ProxyExpr::Kind::plugin; }
};

// The functions an expression may call, with their arity (-1: one or more).
const std::map<std::string, int>& proxy_functions();

}  // namespace zcnas::spec
