#include "dsl/transformer.hpp"
#include "util/suggest.hpp"

namespace zcnas::dsl {

using P = zcnas_grammar::ZcnasParser;
using spec::ProxyExpr;

spec::ProxyDecl Transformer::proxy(P::ProxyDeclContext* ctx) {
  spec::ProxyDecl decl;
  decl.name = ctx->name->getText();
  decl.location = at(ctx->name);
  decl.expr = expr(ctx->expr());
  return decl;
}

ProxyExpr Transformer::expr(P::ExprContext* ctx) {
  ProxyExpr e;
  e.location = at(ctx);
  if (auto* n = dynamic_cast<P::NumExprContext*>(ctx)) {
    e.kind = ProxyExpr::Kind::number;
    e.value = number(n->signedNumber()).as_number();
  } else if (auto* r = dynamic_cast<P::RefExprContext*>(ctx)) {
    // Resolved once every declaration is known: another proxy, or a plugin with defaults.
    e.kind = ProxyExpr::Kind::reference;
    e.name = r->ident()->getText();
  } else if (auto* p = dynamic_cast<P::ParenExprContext*>(ctx)) {
    return expr(p->expr());
  } else if (auto* neg = dynamic_cast<P::NegExprContext*>(ctx)) {
    ProxyExpr inner = expr(neg->expr());
    if (inner.kind == ProxyExpr::Kind::number) {  // -2 is a number, not negate(2)
      inner.value = -inner.value;
      inner.location = e.location;
      return inner;
    }
    e.kind = ProxyExpr::Kind::negate;
    e.args.push_back(std::move(inner));
  } else if (auto* m = dynamic_cast<P::MulExprContext*>(ctx)) {
    e.kind = ProxyExpr::Kind::binary;
    e.op = m->op->getText()[0];
    e.args = {expr(m->expr(0)), expr(m->expr(1))};
  } else if (auto* a = dynamic_cast<P::AddExprContext*>(ctx)) {
    e.kind = ProxyExpr::Kind::binary;
    e.op = a->op->getText()[0];
    e.args = {expr(a->expr(0)), expr(a->expr(1))};
  } else if (auto* c = dynamic_cast<P::CallExprContext*>(ctx)) {
    return call(c);
  }
  return e;
}

ProxyExpr Transformer::call(P::CallExprContext* ctx) {
  ProxyExpr e;
  e.location = at(ctx);
  e.name = ctx->fn->getText();
  const auto& functions = spec::proxy_functions();
  auto fn = functions.find(e.name);
  if (fn != functions.end()) {
    e.kind = ProxyExpr::Kind::function;
    for (auto* arg : ctx->arg()) {
      if (auto* named = dynamic_cast<P::NamedArgContext*>(arg)) {
        diag_.error(at(named->key), "function '" + e.name + "' takes proxy expressions, not named arguments");
        continue;
      }
      e.args.push_back(expr(dynamic_cast<P::PositionalArgContext*>(arg)->expr()));
    }
    const int arity = fn->second;
    const int got = static_cast<int>(e.args.size());
    if ((arity < 0 && got < 1) || (arity >= 0 && got != arity))
      diag_.error(e.location, "function '" + e.name + "' takes " +
                                  (arity < 0 ? std::string("one or more arguments") : std::to_string(arity) + " argument(s)") +
                                  ", got " + std::to_string(got));
    if (e.name == "scale" && got == 2 && e.args[1].kind != ProxyExpr::Kind::number)
      diag_.error(e.args[1].location, "scale(x, k): k must be a number");
    return e;
  }
  // Otherwise a plugin instance: named arguments only, checked against the catalog.
  e.kind = ProxyExpr::Kind::plugin;
  const std::vector<ParamSpec>* specs = nullptr;
  if (options_.catalog != nullptr) {
    auto it = options_.catalog->proxies.find(e.name);
    if (it == options_.catalog->proxies.end()) {
      std::vector<std::string> names;
      for (const auto& [n, s] : options_.catalog->proxies) names.push_back(n);
      for (const auto& [n, a] : functions) names.push_back(n);
      diag_.error(at(ctx->fn), "unknown proxy plugin or function '" + e.name + "'" + util::did_you_mean(e.name, names));
      return e;
    }
    specs = &it->second;
  }
  for (auto* arg : ctx->arg()) {
    auto* named = dynamic_cast<P::NamedArgContext*>(arg);
    if (named == nullptr) {
      diag_.error(at(arg), "plugin '" + e.name + "' takes named parameters (name = value)");
      continue;
    }
    const std::string key = named->key->getText();
    if (e.params.count(key)) {
      diag_.error(at(named->key), "parameter '" + key + "' given twice");
      continue;
    }
    auto v = to_param_value(value(named->value()));
    if (!v) {
      diag_.error(at(named->value()), v.error().message());
      continue;
    }
    if (specs != nullptr) {
      auto bound = bind_params(e.name, *specs, {{key, *v}});
      if (!bound) {
        diag_.error(at(named->key), bound.error().message());
        continue;
      }
    }
    e.params[key] = std::move(*v);
  }
  return e;
}

}  // namespace zcnas::dsl
