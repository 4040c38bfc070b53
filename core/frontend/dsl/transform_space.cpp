#include <algorithm>
#include <set>

#include "dsl/transformer.hpp"
#include "spec/family.hpp"
#include "util/suggest.hpp"

namespace zcnas::dsl {

using P = zcnas_grammar::ZcnasParser;

namespace {
std::string quoted_list(const std::vector<std::string>& names) { return util::join(names); }

}  // namespace

bool Transformer::add_decision(spec::SearchSpace& space, spec::Decision decision, const SourceLocation& at) {
  if (space.decision_index(decision.name) >= 0) {
    diag_.error(at, "duplicate choice '" + decision.name + "' in space '" + space.name + "'");
    return false;
  }
  space.decisions.push_back(std::move(decision));
  return true;
}

std::vector<spec::Value> Transformer::choice_set(P::ChoiceSetContext* ctx, const std::string& key) {
  std::vector<spec::Value> options;
  if (auto* set = dynamic_cast<P::SetChoiceContext*>(ctx)) {
    for (auto* v : set->value()) {
      spec::Value option = value(v);
      if (option.is_list()) {
        diag_.error(at(v), "option of '" + key + "' is a list; options are numbers, names or strings");
        continue;
      }
      // Options are told apart by their text in canonical strings: 3.5 and "3.5" are one.
      const std::string text = option.to_string();
      if (std::any_of(options.begin(), options.end(), [&](const spec::Value& o) { return o.to_string() == text; })) {
        diag_.error(at(v), "option '" + option.to_string() + "' appears twice in the choices of '" + key + "'");
        continue;
      }
      options.push_back(std::move(option));
    }
    if (set->value().empty()) diag_.error(at(ctx), "empty choice set for '" + key + "'");
  } else if (auto* range = dynamic_cast<P::RangeChoiceContext*>(ctx)) {
    const spec::Value lo = number(range->lo), hi = number(range->hi);
    const spec::Value step = range->step ? number(range->step) : spec::Value::integer(1);
    if (!lo.is_integer() || !hi.is_integer() || !step.is_integer()) {
      diag_.error(at(ctx), "range(...) of '" + key + "' takes integers");
    } else if (step.as_integer() <= 0) {
      diag_.error(at(range->step), "range step of '" + key + "' must be positive, got " + step.to_string());
    } else if (lo.as_integer() > hi.as_integer()) {
      diag_.error(at(ctx), "empty range for '" + key + "': " + lo.to_string() + " > " + hi.to_string());
    } else if ((hi.as_integer() - lo.as_integer()) / step.as_integer() >= 100000) {
      diag_.error(at(ctx), "range of '" + key + "' has more than 100000 options");
    } else {
      for (std::int64_t v = lo.as_integer(); v <= hi.as_integer(); v += step.as_integer())
        options.push_back(spec::Value::integer(v));
    }
  }
  return options;
}

void Transformer::add_choice(spec::SearchSpace& space, P::ChoiceContext* ctx) {
  const std::string key = ctx->key->getText();
  auto options = choice_set(ctx->choiceSet(), key);
  if (options.empty()) return;
  add_decision(space, {key, std::move(options), -1, -1, key}, at(ctx->key));
}

void Transformer::add_per_layer(spec::SearchSpace& space, P::PerLayerContext* ctx, const std::string& suffix) {
  const std::string written = ctx->count->getText();
  const std::string count = written + suffix;
  const int count_index = space.decision_index(count);
  if (count_index < 0) {
    std::vector<std::string> names;
    for (const auto& d : space.decisions)
      if (d.count_decision < 0) names.push_back(suffix.empty() ? d.name : d.name.substr(0, d.name.find('[')));
    diag_.error(at(ctx->count), "per layer (" + written + "): unknown name '" + written + "'" +
                                    util::did_you_mean(written, names) +
                                    (suffix.empty() ? "; the count must be a choice declared before this block"
                                                    : "; the count must be a choice of this stage declared before it"));
    return;
  }
  const auto& count_options = space.decisions[count_index].options;
  std::int64_t max_layers = 0;
  for (const auto& o : count_options) {
    if (!o.is_integer() || o.as_integer() < 0) {
      diag_.error(at(ctx->count), "per layer (" + written + "): '" + written +
                                      "' must choose non-negative integers, it has option '" + o.to_string() + "'");
      return;
    }
    max_layers = std::max(max_layers, o.as_integer());
  }
  if (max_layers > 4096) {
    diag_.error(at(ctx->count), "per layer (" + written + "): at most 4096 layers, '" + written + "' allows " +
                                    std::to_string(max_layers));
    return;
  }
  if (ctx->choice().empty()) diag_.error(at(ctx), "per layer (" + written + ") declares no choices");
  for (auto* c : ctx->choice()) {
    const std::string key = c->key->getText();
    auto options = choice_set(c->choiceSet(), key);
    if (options.empty()) continue;
    for (std::int64_t layer = 0; layer < max_layers; ++layer) {
      if (!add_decision(space,
                        {key + suffix + "[" + std::to_string(layer) + "]", options, count_index, static_cast<int>(layer), key + suffix},
                        at(c->key)))
        break;
    }
  }
}

void Transformer::add_cell(spec::SearchSpace& space, P::CellDeclContext* ctx) {
  const std::string kind = ctx->kind->getText();
  spec::Cell cell;
  cell.location = at(ctx->kind);
  std::map<std::string, spec::Value> args;
  std::map<std::string, SourceLocation> arg_at;
  for (auto* a : ctx->namedValue()) {
    const std::string k = a->key->getText();
    if (args.count(k)) diag_.error(at(a->key), "cell argument '" + k + "' given twice");
    args[k] = value(a->value());
    arg_at[k] = at(a->value());
  }
  std::vector<std::string> allowed;
  if (kind == "dag") {
    cell.kind = spec::CellKind::dag;
    allowed = {"nodes"};
  } else if (kind == "graph") {
    cell.kind = spec::CellKind::graph;
    allowed = {"nodes", "max_edges"};
  } else if (kind == "darts") {
    cell.kind = spec::CellKind::darts;
    allowed = {"name", "nodes"};
  } else {
    diag_.error(at(ctx->kind), "unknown cell kind '" + kind + "'" + util::did_you_mean(kind, {"dag", "graph", "darts"}) +
                                   "; cells are dag, graph or darts");
    return;
  }
  bool ok = true;
  for (const auto& [k, v] : args) {
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      diag_.error(arg_at[k], "unknown argument '" + k + "' of a " + kind + " cell" + util::did_you_mean(k, allowed) +
                                 "; it takes " + quoted_list(allowed));
      ok = false;
    }
  }
  auto int_arg = [&](const std::string& k, std::int64_t lo, std::int64_t hi, bool required) -> int {
    auto it = args.find(k);
    if (it == args.end()) {
      if (required) {
        diag_.error(at(ctx->kind), "a " + kind + " cell needs '" + k + " = <integer>'");
        ok = false;
      }
      return 0;
    }
    if (!it->second.is_integer() || it->second.as_integer() < lo || it->second.as_integer() > hi) {
      diag_.error(arg_at[k], "cell argument '" + k + "' must be an integer in [" + std::to_string(lo) + ", " +
                                 std::to_string(hi) + "], got " + it->second.to_string());
      ok = false;
      return 0;
    }
    return static_cast<int>(it->second.as_integer());
  };
  // Graph cells are counted by walking every adjacency matrix, 2^(n(n-1)/2) of them: 2M at
  // NAS-Bench-101's 7 nodes, 268M at 8 (seconds per `size`, too slow for a language feature).
  cell.nodes = int_arg("nodes", cell.kind == spec::CellKind::darts ? 1 : 2, cell.kind == spec::CellKind::graph ? 7 : 32,
                       true);
  if (cell.kind == spec::CellKind::graph) cell.max_edges = int_arg("max_edges", 1, 1000, false);
  if (cell.kind == spec::CellKind::darts) {
    auto it = args.find("name");
    if (it == args.end() || !it->second.is_text()) {
      diag_.error(it == args.end() ? at(ctx->kind) : arg_at["name"], "a darts cell needs 'name = <identifier>'");
      ok = false;
    } else {
      cell.name = it->second.as_text();
    }
  }
  // The cell body: exactly one op declaration of the form its kind takes.
  std::vector<spec::Value> ops;
  std::string key;
  int declared = 0;
  for (auto* item : ctx->cellItem()) {
    ++declared;
    if (declared > 1) {
      diag_.error(at(item), "a " + kind + " cell declares one op choice; this is a second one");
      continue;
    }
    if (auto* e = dynamic_cast<P::EdgeChoiceContext*>(item)) {
      if (cell.kind != spec::CellKind::dag) {
        diag_.error(at(item), "'edge' choices belong in dag cells; a " + kind + " cell takes " +
                                  (cell.kind == spec::CellKind::graph ? "'node op in {...}'" : "'op in {...}'"));
        continue;
      }
      if (e->a->getText() != e->from->getText() || e->b->getText() != e->to->getText())
        diag_.error(at(e->a), "write 'edge (" + e->from->getText() + " -> " + e->to->getText() + ") for " +
                                  e->from->getText() + " < " + e->to->getText() + "'");
      key = e->key->getText();
      ops = choice_set(e->choiceSet(), key);
    } else if (auto* n = dynamic_cast<P::NodeChoiceContext*>(item)) {
      if (cell.kind != spec::CellKind::graph) {
        diag_.error(at(item), "'node' choices belong in graph cells");
        continue;
      }
      key = n->key->getText();
      ops = choice_set(n->choiceSet(), key);
    } else if (auto* c = dynamic_cast<P::CellChoiceContext*>(item)) {
      if (cell.kind != spec::CellKind::darts) {
        diag_.error(at(item), std::string("a ") + kind + " cell takes " +
                                  (cell.kind == spec::CellKind::dag ? "'edge (i -> j) for i < j : op in {...}'"
                                                                    : "'node op in {...}'"));
        continue;
      }
      key = c->key->getText();
      ops = choice_set(c->choiceSet(), key);
    }
  }
  if (declared == 0) diag_.error(at(ctx->kind), "the " + kind + " cell declares no op choice");
  if (!ok || ops.empty()) return;
  if (cell.kind != spec::CellKind::darts) cell.name = key;
  if (space.cell(cell.name) != nullptr) {
    diag_.error(at(ctx->kind), "duplicate cell '" + cell.name + "' in space '" + space.name + "'");
    return;
  }
  cell.ops = ops;
  cell.first_decision = static_cast<int>(space.decisions.size());
  auto ij = [](int i, int j) { return "(" + std::to_string(i) + "," + std::to_string(j) + ")"; };
  const SourceLocation here = at(ctx->kind);
  if (cell.kind == spec::CellKind::dag) {
    // By target node, then source: the order of NAS-Bench-201's strings.
    for (int j = 1; j < cell.nodes; ++j)
      for (int i = 0; i < j; ++i) add_decision(space, {key + ij(i, j), ops, -1, -1, key}, here);
  } else if (cell.kind == spec::CellKind::graph) {
    const std::vector<spec::Value> bit = {spec::Value::integer(0), spec::Value::integer(1)};
    for (int i = 0; i < cell.nodes; ++i)
      for (int j = i + 1; j < cell.nodes; ++j) add_decision(space, {"edge" + ij(i, j), bit, -1, -1, key}, here);
    for (int k = 1; k + 1 < cell.nodes; ++k)
      add_decision(space, {key + "(" + std::to_string(k) + ")", ops, -1, -1, key}, here);
  } else {
    for (int k = 0; k < cell.nodes; ++k) {
      std::vector<spec::Value> inputs;
      for (int s = 0; s < k + 2; ++s) inputs.push_back(spec::Value::integer(s));
      for (int s = 0; s < 2; ++s) {
        add_decision(space, {cell.name + ".in" + ij(k, s), inputs, -1, -1, cell.name}, here);
        add_decision(space, {cell.name + "." + key + ij(k, s), ops, -1, -1, cell.name}, here);
      }
    }
  }
  cell.decision_count = static_cast<int>(space.decisions.size()) - cell.first_decision;
  space.cells.push_back(std::move(cell));
}

void Transformer::add_constraint(spec::SearchSpace& space, P::ConstraintContext* ctx) {
  spec::Constraint c;
  c.location = at(ctx);
  auto number_of = [&](P::ValueContext* v, const char* what) -> std::optional<double> {
    spec::Value x = value(v);
    if (!x.is_number()) {
      diag_.error(at(v), std::string("constraint ") + what + " must be a number, got " + x.type_name() + " '" +
                             x.to_string() + "'");
      return std::nullopt;
    }
    return x.as_number();
  };
  antlr4::Token* key = nullptr;
  if (auto* r = dynamic_cast<P::RangeConstraintContext*>(ctx)) {
    key = r->key;
    c.min = number_of(r->lo, "bound");
    c.max = number_of(r->hi, "bound");
    if (c.min && c.max && *c.min > *c.max)
      diag_.error(at(r->lo), "empty range [" + value(r->lo).to_string() + ", " + value(r->hi).to_string() + "] for '" +
                                 r->key->getText() + "'");
  } else if (auto* b = dynamic_cast<P::BoundConstraintContext*>(ctx)) {
    key = b->key;
    auto bound = number_of(b->bound, "bound");
    (b->op->getText() == "<=" ? c.max : c.min) = bound;
  }
  if (key == nullptr) return;
  c.quantity = key->getText();
  if (c.quantity != "params" && c.quantity != "flops" && c.quantity != "macs") {
    diag_.error(at(key), "unknown constraint quantity '" + c.quantity + "'" +
                             util::did_you_mean(c.quantity, {"params", "flops", "macs"}) +
                             "; constraints bound params, flops (NAS-Bench-Suite-Zero's count) or macs (convs and "
                             "linears only, as thop and Zen-NAS count)");
    return;
  }
  space.constraints.push_back(std::move(c));
}

// A canonical string must read back: no option may contain the text that ends its field.
void Transformer::check_option_texts(spec::SearchSpace& space, const SourceLocation& at) {
  auto offending = [&](const spec::Decision& d, const std::string& stop) -> std::string {
    for (const auto& o : d.options)
      if (!stop.empty() && o.to_string().find(stop) != std::string::npos) return o.to_string();
    return {};
  };
  if (space.format.empty()) {
    for (const auto& d : space.decisions)
      for (const char* stop : {";", "="})
        if (auto bad = offending(d, stop); !bad.empty()) {
          diag_.error(at, "option \"" + bad + "\" of '" + d.name + "' contains '" + stop +
                              "', which separates fields of the canonical string");
          return;
        }
    return;
  }
  const std::string& f = space.format;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '{') continue;
    const std::size_t close = f.find('}', i);
    std::string name = f.substr(i + 1, close - i - 1);
    if (!name.empty() && name[0] == '#') {
      i = close;
      continue;  // indices are digits
    }
    const std::size_t next = f.find('{', close);
    const std::string literal = f.substr(close + 1, (next == std::string::npos ? f.size() : next) - close - 1);
    const spec::Decision& d = space.decisions[space.decision_index(name)];
    if (auto bad = offending(d, literal); !bad.empty()) {
      diag_.error(at, "option \"" + bad + "\" of '" + d.name + "' contains \"" + literal +
                          "\", which follows it in the format, so the string cannot be read back");
      return;
    }
    i = close;
  }
}

void Transformer::check_format(spec::SearchSpace& space, const SourceLocation& at_format) {
  std::set<std::string> used;
  std::vector<std::string> names;
  for (const auto& d : space.decisions) names.push_back(d.name);
  const std::string& f = space.format;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '}') {
      diag_.error(at_format, "format: '}' without '{' at character " + std::to_string(i + 1));
      return;
    }
    if (f[i] != '{') continue;
    const std::size_t close = f.find('}', i);
    if (close == std::string::npos || f.find('{', i + 1) < close) {
      diag_.error(at_format, "format: '{' at character " + std::to_string(i + 1) + " is not closed");
      return;
    }
    std::string name = f.substr(i + 1, close - i - 1);
    if (!name.empty() && name[0] == '#') name.erase(0, 1);  // {#name}: the option's index
    if (space.decision_index(name) < 0) {
      diag_.error(at_format, "format names '{" + name + "}', which is not a choice of space '" + space.name + "'" +
                                 util::did_you_mean(name, names));
      return;
    }
    // Back to back placeholders can be read back only when the first is one digit wide.
    const bool one_digit = f[i + 1] == '#' && space.decisions[space.decision_index(name)].options.size() <= 10;
    if (close + 1 < f.size() && f[close + 1] == '{' && !one_digit) {
      diag_.error(at_format, "format: '{" + name + "}' is followed by another placeholder with nothing between "
                             "them, so the string cannot be read back (only a {#index} of at most 10 options can)");
      return;
    }
    used.insert(name);
    i = close;
  }
  for (const auto& d : space.decisions) {
    if (!used.count(d.name)) {
      diag_.error(at_format, "format does not mention choice '" + d.name +
                                 "'; the canonical string must name every choice to be read back");
      return;
    }
  }
}

void Transformer::check_family(spec::SearchSpace& space, const std::map<std::string, SourceLocation>& setting_at,
                               bool items_broken) {
  const SourceLocation here = space.location;
  if (space.family.empty()) {
    diag_.error(here, "space '" + space.name + "' declares no family (family = " + util::join(spec::family_names(), " | ") +
                          ";)");
    return;
  }
  const spec::FamilySpec* family = spec::find_family(space.family);
  if (family == nullptr) {
    diag_.error(setting_at.at("family"), "unknown family '" + space.family + "'" +
                                             util::did_you_mean(space.family, spec::family_names()) +
                                             "; known: " + util::join(spec::family_names()));
    return;
  }
  std::vector<std::string> keys;
  for (const auto& s : family->settings) keys.push_back(s.key);
  for (const auto& [setting_key, v] : space.settings) {
    const std::string& key = setting_key;  // (a structured binding cannot be captured in C++17)
    auto spec_it = std::find_if(family->settings.begin(), family->settings.end(),
                                [&key](const spec::SettingSpec& s) { return s.key == key; });
    if (spec_it == family->settings.end()) {
      diag_.error(setting_at.at(key), "unknown setting '" + key + "' for family " + family->name +
                                          util::did_you_mean(key, keys) + "; it takes " + util::join(keys));
      continue;
    }
    bool ok = true;
    switch (spec_it->type) {
      case spec::SettingType::integer: ok = v.is_integer() && v.as_integer() > 0; break;
      case spec::SettingType::number: ok = v.is_number(); break;
      case spec::SettingType::identifier: ok = v.is_text(); break;
      case spec::SettingType::identifier_list:
        ok = v.is_list() && !v.as_list().empty() &&
             std::all_of(v.as_list().begin(), v.as_list().end(), [](const spec::Value& x) { return x.is_text(); });
        break;
      case spec::SettingType::integer_list:
        ok = v.is_list() && !v.as_list().empty() &&
             std::all_of(v.as_list().begin(), v.as_list().end(),
                         [](const spec::Value& x) { return x.is_integer() && x.as_integer() > 0; });
        break;
    }
    if (!ok)
      diag_.error(setting_at.at(key), "setting '" + key + "' must be " + to_string(spec_it->type) +
                                          (spec_it->type == spec::SettingType::integer ? " > 0" : "") + ", got " +
                                          v.type_name() + " " + v.to_string());
  }
  for (const auto& s : family->settings) {
    if (s.required && !space.settings.count(s.key))
      diag_.error(here, "space '" + space.name + "' (family " + family->name + ") needs setting '" + s.key + "': " + s.doc);
  }
  for (const auto& c : family->required_choices) {
    if (space.decision_index(c) < 0)
      diag_.error(here, "space '" + space.name + "' (family " + family->name + ") needs a choice '" + c + "'");
  }
  // Cells: the kinds (and darts names) the family is made of, in any order.
  std::vector<std::string> want, have;
  for (std::size_t i = 0; i < family->cells.size(); ++i)
    want.push_back(std::string(spec::to_string(family->cells[i])) +
                   (i < family->cell_names.size() ? " '" + family->cell_names[i] + "'" : ""));
  for (const auto& c : space.cells)
    have.push_back(std::string(spec::to_string(c.kind)) + (c.kind == spec::CellKind::darts ? " '" + c.name + "'" : ""));
  std::vector<std::string> want_sorted = want, have_sorted = have;
  std::sort(want_sorted.begin(), want_sorted.end());
  std::sort(have_sorted.begin(), have_sorted.end());
  if (want_sorted != have_sorted && !items_broken)
    diag_.error(here, "space '" + space.name + "' (family " + family->name + ") is made of " +
                          (want.empty() ? std::string("no cells") : "cells: " + util::join(want)) + "; it declares " +
                          (have.empty() ? std::string("none") : util::join(have)));
}

spec::SearchSpace Transformer::space(P::SpaceDeclContext* ctx) {
  spec::SearchSpace space;
  space.name = ctx->name->getText();
  space.file = file_;
  space.location = at(ctx->name);
  std::map<std::string, SourceLocation> setting_at;
  const std::size_t errors_before = diag_.count();
  SourceLocation format_at;
  bool has_format = false;
  for (auto* item : ctx->spaceItem()) {
    if (auto* s = item->setting()) {
      const std::string key = s->key->getText();
      if (setting_at.count(key)) {
        diag_.error(at(s->key), "duplicate setting '" + key + "' (first set at " + setting_at[key].to_string() + ")");
        continue;
      }
      setting_at[key] = at(s->key);
      spec::Value v = value(s->value());
      if (key == "family") {
        if (!v.is_text()) {
          diag_.error(at(s->value()), "family must be a name, got " + v.to_string());
          continue;
        }
        space.family = v.as_text();
        setting_at[key] = at(s->value());
      } else {
        space.settings[key] = std::move(v);
      }
    } else if (auto* c = item->choice()) {
      add_choice(space, c);
    } else if (auto* p = item->perLayer()) {
      add_per_layer(space, p);
    } else if (auto* st = item->perStage()) {
      add_per_stage(space, st);
    } else if (auto* n = item->networkDecl()) {
      if (space.network) {
        diag_.error(at(n), "duplicate network body (first at " + space.network->location.to_string() + ")");
        continue;
      }
      space.network = network(n);
    } else if (auto* cell = item->cellDecl()) {
      add_cell(space, cell);
    } else if (auto* k = item->constraint()) {
      add_constraint(space, k);
    } else if (auto* f = item->formatStmt()) {
      if (has_format) diag_.error(at(f), "duplicate format (first at " + format_at.to_string() + ")");
      has_format = true;
      format_at = at(f->STRING()->getSymbol());
      const std::string raw = f->STRING()->getText();
      space.format = raw.size() >= 2 ? raw.substr(1, raw.size() - 2) : "";
    }
  }
  // After a broken choice or cell, "no choices" or "wrong cells" would only repeat it.
  const bool items_broken = diag_.count() > errors_before;
  if (space.network) {
    // The network is in the file: no family, and a space without choices is one fixed network.
    if (!space.family.empty())
      diag_.error(setting_at.at("family"), "space '" + space.name + "' has a network body and a family; drop 'family = " +
                                               space.family + ";'");
    space.family = "network";
    for (const char* key : {"input", "classes"})
      if (!space.settings.count(key))
        diag_.error(space.location, "space '" + space.name + "' needs '" + key + " = ...;' (" +
                                        (std::string(key) == "input" ? "the input shape [C, H, W]" : "the classifier's outputs") + ")");
    for (const auto& c : space.cells)
      if (c.kind != spec::CellKind::dag)
        diag_.error(c.location, std::string("a network body uses dag cells; ") + spec::to_string(c.kind) +
                                    " cells are built by their families (family = " +
                                    (c.kind == spec::CellKind::graph ? "nasbench101" : "darts") + ")");
  } else {
    if (space.decisions.empty() && !items_broken)
      diag_.error(space.location, "space '" + space.name + "' declares no choices");
    check_family(space, setting_at, items_broken);
  }
  if (has_format) check_format(space, format_at);
  if (diag_.count() == errors_before) check_option_texts(space, has_format ? format_at : space.location);
  return space;
}

}  // namespace zcnas::dsl
