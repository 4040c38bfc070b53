// Network bodies and blocks: parse trees to spec::NetworkTemplate. Only structure is checked
// here (names of layers, arguments); what the names mean and whether shapes fit is the
// binder's (spec/network_binder.cpp), run when the whole program is known.

#include <set>

#include "dsl/transformer.hpp"

namespace zcnas::dsl {

using P = zcnas_grammar::ZcnasParser;

namespace {
bool valid_name(const std::string& name) { return !name.empty() && name.find('.') == std::string::npos; }

// The tokens under a parse tree, one space between each: the same text however the source is
// laid out or commented, and unlike getText() `bn relu` and `bnrelu` stay apart.
void append_tokens(antlr4::tree::ParseTree* tree, std::string& out) {
  if (auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(tree)) {
    if (t->getSymbol()->getType() == antlr4::Token::EOF) return;
    if (!out.empty()) out += ' ';
    out += t->getText();
    return;
  }
  for (auto* child : tree->children) append_tokens(child, out);
}

std::string token_text(antlr4::tree::ParseTree* tree) {
  std::string out;
  append_tokens(tree, out);
  return out;
}
}  // namespace

spec::NetExpr Transformer::net_expr(P::NetExprContext* ctx) {
  spec::NetExpr e;
  e.location = at(ctx);
  using K = spec::NetExpr::Kind;
  auto binary = [&](const std::string& op, P::NetExprContext* a, P::NetExprContext* b) {
    e.kind = K::binary;
    e.text = op;
    e.args = {net_expr(a), net_expr(b)};
  };
  if (auto* x = dynamic_cast<P::IndexNetExprContext*>(ctx)) {
    e.kind = K::index;
    e.args = {net_expr(x->netExpr(0)), net_expr(x->index)};
    e.location = at(x->index);
  } else if (auto* x = dynamic_cast<P::UnaryNetExprContext*>(ctx)) {
    e.kind = K::unary;
    e.text = x->op->getText();
    e.args = {net_expr(x->netExpr())};
  } else if (auto* x = dynamic_cast<P::MulNetExprContext*>(ctx)) {
    binary(x->op->getText(), x->netExpr(0), x->netExpr(1));
    e.location = at(x->op);
  } else if (auto* x = dynamic_cast<P::AddNetExprContext*>(ctx)) {
    binary(x->op->getText(), x->netExpr(0), x->netExpr(1));
    e.location = at(x->op);
  } else if (auto* x = dynamic_cast<P::CompareNetExprContext*>(ctx)) {
    binary(x->op->getText(), x->netExpr(0), x->netExpr(1));
    e.location = at(x->op);
  } else if (auto* x = dynamic_cast<P::EqualNetExprContext*>(ctx)) {
    binary(x->op->getText(), x->netExpr(0), x->netExpr(1));
    e.location = at(x->op);
  } else if (auto* x = dynamic_cast<P::AndNetExprContext*>(ctx)) {
    binary("&&", x->netExpr(0), x->netExpr(1));
  } else if (auto* x = dynamic_cast<P::OrNetExprContext*>(ctx)) {
    binary("||", x->netExpr(0), x->netExpr(1));
  } else if (auto* x = dynamic_cast<P::TernaryNetExprContext*>(ctx)) {
    e.kind = K::ternary;
    e.args = {net_expr(x->netExpr(0)), net_expr(x->netExpr(1)), net_expr(x->netExpr(2))};
  } else if (auto* x = dynamic_cast<P::CallNetExprContext*>(ctx)) {
    e.kind = K::call;
    e.text = x->fn ? x->fn->getText() : "range";
    for (auto* a : x->netExpr()) e.args.push_back(net_expr(a));
  } else if (auto* x = dynamic_cast<P::NumberNetExprContext*>(ctx)) {
    e.value = number_text(x->NUMBER()->getText(), false);
  } else if (auto* x = dynamic_cast<P::StringNetExprContext*>(ctx)) {
    e.value = string_literal(x->STRING()->getText());
  } else if (auto* x = dynamic_cast<P::BoolNetExprContext*>(ctx)) {
    e.value = spec::Value::boolean(x->getText() == "true");
  } else if (dynamic_cast<P::InNetExprContext*>(ctx)) {
    e.kind = K::in_channels;
  } else if (auto* x = dynamic_cast<P::NameNetExprContext*>(ctx)) {
    e.kind = K::name;
    e.text = x->getText();
  } else if (auto* x = dynamic_cast<P::ListNetExprContext*>(ctx)) {
    e.kind = K::list;
    for (auto* a : x->netExpr()) e.args.push_back(net_expr(a));
  } else if (auto* x = dynamic_cast<P::ParenNetExprContext*>(ctx)) {
    return net_expr(x->netExpr());
  }
  return e;
}

std::vector<spec::NetStmt> Transformer::statements(const std::vector<P::StmtContext*>& ctxs) {
  std::vector<spec::NetStmt> out;
  for (auto* s : ctxs) {
    spec::NetStmt stmt = statement(s);
    // A chain is layers in a row: one statement each.
    if (stmt.kind == spec::NetStmt::Kind::layer && stmt.op.empty()) {
      for (auto& l : stmt.body) out.push_back(std::move(l));
    } else {
      out.push_back(std::move(stmt));
    }
  }
  return out;
}

std::vector<spec::NetStmt> Transformer::body(P::BodyContext* ctx) {
  if (ctx == nullptr) return {};
  if (ctx->stmt().size() == 1 && ctx->getStart()->getText() != "{") return statements({ctx->stmt(0)});
  return statements(ctx->stmt());
}

spec::NetStmt Transformer::statement(P::StmtContext* ctx) {
  spec::NetStmt s;
  s.location = at(ctx);
  using K = spec::NetStmt::Kind;
  if (auto* c = dynamic_cast<P::ChainStmtContext*>(ctx)) {
    // Returned as a layer without op whose body holds the chain (statements() unpacks it).
    for (auto* l : c->layer()) {
      spec::NetStmt layer;
      layer.kind = K::layer;
      layer.location = at(l);
      layer.op = l->op ? l->op->getText() : "cell";
      if (l->label) {
        layer.label = l->label->getText();
        if (!valid_name(layer.label)) diag_.error(at(l->label), "layer name '" + layer.label + "' may not contain '.'");
      }
      if (l->labelExpr) layer.label_expr.push_back(net_expr(l->labelExpr));
      std::set<std::string> keys;
      for (auto* a : l->netArg()) {
        spec::NetArg arg;
        arg.location = at(a);
        if (a->key) {
          arg.key = a->key->getText();
          if (!keys.insert(arg.key).second) diag_.error(at(a->key), "argument '" + arg.key + "' given twice");
        } else if (!keys.empty()) {
          diag_.error(at(a), "a positional argument after named ones");
        }
        arg.value = net_expr(a->netExpr());
        layer.args.push_back(std::move(arg));
      }
      s.body.push_back(std::move(layer));
    }
    s.kind = K::layer;
  } else if (auto* f = dynamic_cast<P::ForStmtContext*>(ctx)) {
    s.kind = K::for_each;
    s.var = f->var->getText();
    s.exprs = {net_expr(f->netExpr())};
    s.body = body(f->body());
  } else if (auto* r = dynamic_cast<P::RepeatStmtContext*>(ctx)) {
    s.kind = K::repeat;
    if (r->var) s.var = r->var->getText();
    s.exprs = {net_expr(r->count)};
    s.body = body(r->body());
  } else if (auto* r = dynamic_cast<P::ResidualStmtContext*>(ctx)) {
    s.kind = K::residual;
    if (r->when) s.exprs = {net_expr(r->when)};
    s.body = body(r->main);
    if (r->shortcut) {
      // exprs[1]: when the shortcut is projected; otherwise it is the identity.
      if (r->projectWhen) {
        if (s.exprs.empty()) s.exprs.push_back(spec::NetExpr{spec::NetExpr::Kind::literal, spec::Value::boolean(true), {}, {}, at(ctx)});
        s.exprs.push_back(net_expr(r->projectWhen));
      }
      s.alt = body(r->shortcut);
      if (s.alt.empty()) diag_.error(at(r->shortcut), "an empty shortcut is the identity: leave 'shortcut { }' out");
    }
    if (s.body.empty()) diag_.error(at(ctx), "a residual needs layers on its main path");
  } else if (auto* m = dynamic_cast<P::MergeStmtContext*>(ctx)) {
    s.kind = K::merge;
    s.text = m->kind->getText();
    for (auto* b : m->branch()) s.branches.push_back(statements(b->stmt()));
    if (s.branches.size() < 2) diag_.error(at(ctx), s.text + " needs at least two branches");
  } else if (auto* i = dynamic_cast<P::IfStmtContext*>(ctx)) {
    s.kind = K::branch_if;
    s.exprs = {net_expr(i->netExpr())};
    s.body = body(i->then);
    s.alt = body(i->otherwise);
  }
  return s;
}

std::shared_ptr<spec::NetworkTemplate> Transformer::network(P::NetworkDeclContext* ctx) {
  auto t = std::make_shared<spec::NetworkTemplate>();
  t->location = at(ctx);
  t->body = statements(ctx->stmt());
  t->text = token_text(ctx);
  if (t->body.empty()) diag_.error(at(ctx), "the network body is empty");
  return t;
}

std::shared_ptr<spec::BlockDecl> Transformer::block(P::BlockDeclContext* ctx) {
  auto b = std::make_shared<spec::BlockDecl>();
  b->name = ctx->name->getText();
  b->location = at(ctx->name);
  std::set<std::string> seen;
  for (auto* p : ctx->blockParam()) {
    spec::BlockParam param;
    param.name = p->name->getText();
    param.location = at(p->name);
    if (param.name == "in") diag_.error(param.location, "'in' is the block's input channels; name the parameter otherwise");
    if (!seen.insert(param.name).second)
      diag_.error(param.location, "parameter '" + param.name + "' of block '" + b->name + "' declared twice");
    if (p->netExpr()) {
      param.has_default = true;
      param.default_value = net_expr(p->netExpr());
    } else if (!b->params.empty() && b->params.back().has_default) {
      diag_.error(param.location, "parameter '" + param.name + "' without a default after one with a default");
    }
    b->params.push_back(std::move(param));
  }
  b->body = statements(ctx->stmt());
  b->text = token_text(ctx);
  if (b->body.empty()) diag_.error(at(ctx->name), "block '" + b->name + "' has no layers");
  return b;
}

void Transformer::add_per_stage(spec::SearchSpace& space, P::PerStageContext* ctx) {
  const spec::Value lo = number_text(ctx->lo->getText(), false), hi = number_text(ctx->hi->getText(), false);
  if (!lo.is_integer() || !hi.is_integer() || lo.as_integer() > hi.as_integer() || hi.as_integer() - lo.as_integer() >= 4096) {
    diag_.error(at(ctx->lo), "per stage (" + ctx->var->getText() + " in lo..hi) needs integers lo <= hi, at most 4096 stages");
    return;
  }
  if (ctx->choice().empty() && ctx->perLayer().empty())
    diag_.error(at(ctx), "per stage (...) declares no choices");
  const std::size_t errors_before = diag_.count();
  for (std::int64_t s = lo.as_integer(); s <= hi.as_integer(); ++s) {
    if (diag_.count() > errors_before) return;  // the first stage said it; the others would repeat it
    const std::string suffix = "[" + std::to_string(s) + "]";
    // Items in their written order: a stage's depth comes before the per-layer block it counts.
    for (auto* child : ctx->children) {
      if (auto* c = dynamic_cast<P::ChoiceContext*>(child)) {
        const std::string key = c->key->getText();
        auto options = choice_set(c->choiceSet(), key);
        if (options.empty()) continue;
        add_decision(space, {key + suffix, std::move(options), -1, -1, key + suffix}, at(c->key));
      } else if (auto* p = dynamic_cast<P::PerLayerContext*>(child)) {
        add_per_layer(space, p, suffix);
      }
    }
  }
}

}  // namespace zcnas::dsl
