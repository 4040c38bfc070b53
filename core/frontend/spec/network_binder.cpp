#include "spec/network_binder.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "spec/space_ops.hpp"
#include "spec/supernet.hpp"
#include "util/suggest.hpp"

namespace zcnas::spec {

namespace {

// A failure at a place in the source; caught at the top of bind_network.
struct BindFailure {
  SourceLocation at;
  std::string message;
};
[[noreturn]] void fail(const SourceLocation& at, std::string message) { throw BindFailure{at, std::move(message)}; }

constexpr std::int64_t kMaxRepeat = 100000;
constexpr int kMaxBlockDepth = 64;
constexpr std::size_t kMaxLayers = 1000000;

std::string describe(const Value& v) { return std::string(v.type_name()) + " " + v.to_string(); }

// What `in` and channels() mean: the channels of an image [C, H, W], the width of a token
// sequence [T, D] or of features [F].
std::int64_t width_of(const Shape& shape) {
  if (shape.empty()) return 0;
  return shape.size() == 3 ? shape.front() : shape.back();
}

// Names visible to an expression: innermost scope first.
class Scope {
 public:
  explicit Scope(const Scope* parent = nullptr) : parent_(parent) {}
  void set(const std::string& name, Value v) { vars_[name] = std::move(v); }
  const Value* find(const std::string& name) const {
    if (auto it = vars_.find(name); it != vars_.end()) return &it->second;
    return parent_ ? parent_->find(name) : nullptr;
  }
  void names(std::vector<std::string>& out) const {
    for (const auto& [n, v] : vars_) out.push_back(n);
    if (parent_) parent_->names(out);
  }

 private:
  const Scope* parent_;
  std::map<std::string, Value> vars_;
};

// The module names of one block (or of the network): labels are unique, the rest numbered
// per op so that the same template always names its layers the same way.
class NameScope {
 public:
  std::string take(const std::string& op, const std::string& label, const SourceLocation& at) {
    if (!label.empty()) {
      if (!used_.insert(label).second)
        fail(at, "duplicate layer name '" + label + "' in this block (a labelled layer inside a loop repeats its name)");
      return label;
    }
    while (true) {
      const int n = next_[op]++;
      const std::string name = op + (!op.empty() && std::isdigit(static_cast<unsigned char>(op.back())) ? "_" : "") +
                               std::to_string(n);
      if (used_.insert(name).second) return name;
    }
  }

 private:
  std::map<std::string, int> next_;
  std::set<std::string> used_;
};

class Binder {
 public:
  Binder(const SearchSpace& space, const Architecture& arch, const OpCatalog& ops, const Supernet* supernet = nullptr)
      : space_(space), arch_(arch), ops_(ops), supernet_(supernet) {
    for (std::size_t i = 0; i < space.decisions.size(); ++i)
      decisions_[space.decisions[i].name] = static_cast<int>(i);
  }

  BoundNetwork bind() {
    BoundNetwork out;
    const NetworkTemplate& t = *space_.network;
    auto input = space_.settings.find("input");
    if (input == space_.settings.end()) fail(space_.location, "space '" + space_.name + "' needs 'input = [C, H, W];'");
    out.input = shape_of(input->second, space_.location, "input");
    Scope root;
    NameScope names;
    Shape shape = out.input;
    in_channels_.push_back(width_of(shape));
    run(t.body, root, names, shape, out.body);
    in_channels_.pop_back();
    out.output = shape;
    // A head that is not a classifier (an autoencoder's image) says what it ends in.
    if (auto output = space_.settings.find("output"); output != space_.settings.end()) {
      const Shape want = shape_of(output->second, space_.location, "output");
      if (shape != want)
        fail(t.location, "the network ends in shape " + to_string(shape) + "; it must end in its setting output = " +
                             to_string(want));
      return out;
    }
    auto classes = space_.settings.find("classes");
    if (classes != space_.settings.end() && classes->second.is_integer()) {
      const Shape want{classes->second.as_integer()};
      if (shape != want)
        fail(t.location, "the network ends in shape " + to_string(shape) + "; it must end in [classes] = " +
                             to_string(want) + " (e.g. global_pool linear(classes))");
    }
    return out;
  }

 private:
  // ---- expressions -------------------------------------------------------------------
  Value lookup(const std::string& name, const Scope& scope, const SourceLocation& at) const {
    if (const Value* v = scope.find(name)) return *v;
    if (auto it = decisions_.find(name); it != decisions_.end())
      return space_.decisions[it->second].options[arch_[it->second]];
    if (auto it = space_.settings.find(name); it != space_.settings.end()) return it->second;
    std::vector<std::string> known;
    scope.names(known);
    for (const auto& [n, v] : space_.settings) known.push_back(n);
    bool indexed = false;
    for (const auto& d : space_.decisions) {
      known.push_back(d.name);
      indexed = indexed || d.name.rfind(name + "[", 0) == 0;
    }
    fail(at, "unknown name '" + name + "'" + util::did_you_mean(name, known) +
                 (indexed ? "; '" + name + "' is chosen per stage or layer: index it, e.g. " + name + "[s]" : ""));
  }

  // `width[s][l]` names the decision width[<s>][<l>] when there is one.
  std::optional<std::string> decision_path(const NetExpr& e, const Scope& scope) {
    if (e.kind == NetExpr::Kind::name) {
      if (scope.find(e.text)) return std::nullopt;
      return e.text;
    }
    if (e.kind != NetExpr::Kind::index) return std::nullopt;
    auto base = decision_path(e.args[0], scope);
    if (!base) return std::nullopt;
    const Value i = eval(e.args[1], scope);
    if (!i.is_integer()) return std::nullopt;
    return *base + "[" + std::to_string(i.as_integer()) + "]";
  }

  std::int64_t integer(const NetExpr& e, const Scope& scope, const std::string& what) {
    const Value v = eval(e, scope);
    if (v.is_integer()) return v.as_integer();
    if (v.is_number() && std::floor(v.as_number()) == v.as_number() && std::abs(v.as_number()) < 9e15)
      return static_cast<std::int64_t>(v.as_number());
    fail(e.location, what + " must be an integer, got " + describe(v));
  }

  bool truth(const NetExpr& e, const Scope& scope, const std::string& what) {
    const Value v = eval(e, scope);
    if (!v.is_boolean()) fail(e.location, what + " must be true or false, got " + describe(v));
    return v.as_boolean();
  }

  static bool equal(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) return a.as_number() == b.as_number();
    if (a.is_text() && b.is_text()) return a.as_text() == b.as_text();
    if (a.is_boolean() && b.is_boolean()) return a.as_boolean() == b.as_boolean();
    if (a.is_list() && b.is_list()) {
      if (a.as_list().size() != b.as_list().size()) return false;
      for (std::size_t i = 0; i < a.as_list().size(); ++i)
        if (!equal(a.as_list()[i], b.as_list()[i])) return false;
      return true;
    }
    return false;
  }

  static std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
  }

  Value arithmetic(const std::string& op, const Value& a, const Value& b, const SourceLocation& at) {
    // "stage" + 2 is "stage2": names of layers made in loops.
    if (op == "+" && (a.is_text() || b.is_text()) && !a.is_list() && !b.is_list())
      return Value::string(a.to_string() + b.to_string());
    if (!a.is_number() || !b.is_number())
      fail(at, "'" + op + "' takes numbers, got " + describe(a) + " and " + describe(b));
    if (a.is_integer() && b.is_integer()) {
      const std::int64_t x = a.as_integer(), y = b.as_integer();
      if ((op == "/" || op == "%") && y == 0) fail(at, "division by zero");
      if (op == "+") return Value::integer(x + y);
      if (op == "-") return Value::integer(x - y);
      if (op == "*") return Value::integer(x * y);
      if (op == "/") return Value::integer(floor_div(x, y));  // integers stay integers (rounds down)
      return Value::integer(x - floor_div(x, y) * y);
    }
    const double x = a.as_number(), y = b.as_number();
    if ((op == "/" || op == "%") && y == 0) fail(at, "division by zero");
    if (op == "+") return Value::real(x + y);
    if (op == "-") return Value::real(x - y);
    if (op == "*") return Value::real(x * y);
    if (op == "/") return Value::real(x / y);
    return Value::real(std::fmod(x, y));
  }

  Value call(const NetExpr& e, const Scope& scope) {
    std::vector<Value> a;
    for (const auto& x : e.args) a.push_back(eval(x, scope));
    const std::string& f = e.text;
    auto arity = [&](std::size_t lo, std::size_t hi) {
      if (a.size() < lo || a.size() > hi)
        fail(e.location, f + "(...) takes " + (lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi)) +
                             " arguments, got " + std::to_string(a.size()));
    };
    auto number = [&](std::size_t i) {
      if (!a[i].is_number()) fail(e.args[i].location, f + "(...) takes numbers, got " + describe(a[i]));
      return a[i].as_number();
    };
    auto whole = [&](double v) {
      if (!std::isfinite(v) || std::abs(v) > 9e15) fail(e.location, f + "(...) is out of range");
      return Value::integer(static_cast<std::int64_t>(v));
    };
    if (f == "min" || f == "max") {
      if (a.empty()) fail(e.location, f + "(...) takes at least one argument");
      Value best = a[0];
      for (std::size_t i = 0; i < a.size(); ++i) {
        number(i);
        if (f == "min" ? a[i].as_number() < best.as_number() : a[i].as_number() > best.as_number()) best = a[i];
      }
      return best;
    }
    if (f == "abs") {
      arity(1, 1);
      return a[0].is_integer() ? Value::integer(std::abs(a[0].as_integer())) : Value::real(std::abs(number(0)));
    }
    if (f == "int") return arity(1, 1), whole(std::trunc(number(0)));
    if (f == "round") return arity(1, 1), whole(std::round(number(0)));
    if (f == "floor") return arity(1, 1), whole(std::floor(number(0)));
    if (f == "ceil") return arity(1, 1), whole(std::ceil(number(0)));
    if (f == "len") {
      arity(1, 1);
      if (!a[0].is_list()) fail(e.args[0].location, "len(...) takes a list, got " + describe(a[0]));
      return Value::integer(static_cast<std::int64_t>(a[0].as_list().size()));
    }
    if (f == "channels" || f == "shape") {
      // The tensor entering the statement being bound: channels() its first dimension.
      arity(0, 0);
      if (current_ == nullptr || current_->empty()) fail(e.location, f + "() has no tensor here");
      if (f == "channels") return Value::integer(width_of(*current_));
      ValueList dims;
      for (auto d : *current_) dims.push_back(Value::integer(d));
      return Value::list(std::move(dims));
    }
    if (f == "make_divisible") {
      // MobileNet's _make_divisible: the nearest multiple of d, at least d, never more than
      // 10% below v (torchvision/models/_utils.py).
      arity(2, 2);
      const double v = number(0), d = number(1);
      if (d <= 0) fail(e.args[1].location, "make_divisible(v, d) needs d > 0");
      double out = std::max(d, std::floor((v + d / 2) / d) * d);
      if (out < 0.9 * v) out += d;
      return whole(out);
    }
    if (f == "range") {
      // Inclusive, as in choice sets: range(1, 3) is [1, 2, 3].
      arity(2, 3);
      for (std::size_t i = 0; i < a.size(); ++i)
        if (!a[i].is_integer()) fail(e.args[i].location, "range(...) takes integers, got " + describe(a[i]));
      const std::int64_t lo = a[0].as_integer(), hi = a[1].as_integer(), step = a.size() > 2 ? a[2].as_integer() : 1;
      if (step <= 0) fail(e.location, "range(...) needs a positive step");
      if ((hi - lo) / step > kMaxRepeat) fail(e.location, "range(...) has more than 100000 values");
      ValueList out;
      for (std::int64_t v = lo; v <= hi; v += step) out.push_back(Value::integer(v));
      return Value::list(std::move(out));
    }
    fail(e.location, "unknown function '" + f + "'" +
                         util::did_you_mean(f, {"min", "max", "abs", "int", "round", "floor", "ceil", "len",
                                                "make_divisible", "range", "channels", "shape"}) +
                         "; functions: min, max, abs, int, round, floor, ceil, len, make_divisible, range, channels, shape");
  }

  Value eval(const NetExpr& e, const Scope& scope) {
    switch (e.kind) {
      case NetExpr::Kind::literal: return e.value;
      case NetExpr::Kind::name: return lookup(e.text, scope, e.location);
      case NetExpr::Kind::in_channels:
        if (in_channels_.empty()) fail(e.location, "'in' is the channel count entering a block; there is none here");
        return Value::integer(in_channels_.back());
      case NetExpr::Kind::list: {
        ValueList out;
        for (const auto& x : e.args) out.push_back(eval(x, scope));
        return Value::list(std::move(out));
      }
      case NetExpr::Kind::index: {
        if (auto path = decision_path(e, scope); path && decisions_.count(*path)) {
          const int d = decisions_.at(*path);
          return space_.decisions[d].options[arch_[d]];
        }
        const Value base = eval(e.args[0], scope);
        const Value i = eval(e.args[1], scope);
        if (!base.is_list()) fail(e.args[0].location, "only lists can be indexed, this is " + describe(base));
        if (!i.is_integer()) fail(e.args[1].location, "an index must be an integer, got " + describe(i));
        const auto n = static_cast<std::int64_t>(base.as_list().size());
        if (i.as_integer() < 0 || i.as_integer() >= n)
          fail(e.args[1].location, "index " + i.to_string() + " is out of range for a list of " + std::to_string(n));
        return base.as_list()[static_cast<std::size_t>(i.as_integer())];
      }
      case NetExpr::Kind::unary: {
        const Value v = eval(e.args[0], scope);
        if (e.text == "!") {
          if (!v.is_boolean()) fail(e.location, "'!' takes true or false, got " + describe(v));
          return Value::boolean(!v.as_boolean());
        }
        if (!v.is_number()) fail(e.location, "'-' takes a number, got " + describe(v));
        return v.is_integer() ? Value::integer(-v.as_integer()) : Value::real(-v.as_number());
      }
      case NetExpr::Kind::binary: {
        const std::string& op = e.text;
        if (op == "&&" || op == "||") {
          const bool left = truth(e.args[0], scope, "'" + op + "'");
          if (op == "&&" && !left) return Value::boolean(false);
          if (op == "||" && left) return Value::boolean(true);
          return Value::boolean(truth(e.args[1], scope, "'" + op + "'"));
        }
        const Value a = eval(e.args[0], scope), b = eval(e.args[1], scope);
        if (op == "==") return Value::boolean(equal(a, b));
        if (op == "!=") return Value::boolean(!equal(a, b));
        if (op == "<" || op == "<=" || op == ">" || op == ">=") {
          if (!a.is_number() || !b.is_number())
            fail(e.location, "'" + op + "' compares numbers, got " + describe(a) + " and " + describe(b));
          const double x = a.as_number(), y = b.as_number();
          return Value::boolean(op == "<" ? x < y : op == "<=" ? x <= y : op == ">" ? x > y : x >= y);
        }
        return arithmetic(op, a, b, e.location);
      }
      case NetExpr::Kind::ternary:
        return truth(e.args[0], scope, "the condition of '?'") ? eval(e.args[1], scope) : eval(e.args[2], scope);
      case NetExpr::Kind::call: return call(e, scope);
    }
    fail(e.location, "unknown expression");
  }

  static Shape shape_of(const Value& v, const SourceLocation& at, const std::string& what) {
    Shape out;
    if (v.is_list())
      for (const auto& x : v.as_list())
        if (x.is_integer() && x.as_integer() > 0) out.push_back(x.as_integer());
    if (out.empty() || out.size() != v.as_list().size())
      fail(at, "'" + what + "' must be a list of positive integers, e.g. [3, 32, 32]");
    return out;
  }

  static ParamValue to_param(const Value& v, const SourceLocation& at) {
    if (v.is_boolean()) return v.as_boolean();
    if (v.is_integer()) return v.as_integer();
    if (v.is_number()) return v.as_number();
    if (v.is_text()) return v.as_text();
    std::vector<double> list;
    for (const auto& x : v.as_list()) {
      if (!x.is_number()) fail(at, "a list argument holds numbers only, got " + describe(x));
      list.push_back(x.as_number());
    }
    return list;
  }

  // ---- statements --------------------------------------------------------------------
  void count_layer(const SourceLocation& at) {
    if (++layers_ > kMaxLayers) fail(at, "the network has more than 1000000 layers");
  }

  BoundOp bind_op(const OpSignature& sig, const std::vector<ParamValue>& positional,
                  const std::map<std::string, ParamValue>& named, const Shape& input, const SourceLocation& at) {
    auto args = bind_op_args(sig, positional, named);
    if (!args) fail(at, args.error().message());
    BoundOp op{sig.name, std::move(*args), input, {}, at};
    Expected<Shape> out = Error(ErrorKind::internal, "op '" + sig.name + "' declares no shape function");
    if (sig.infer) out = sig.infer(OpCall{op.args, input});
    if (!out) fail(at, "op '" + sig.name + "' on input " + to_string(input) + ": " + out.error().message());
    for (std::int64_t d : *out)
      if (d <= 0) fail(at, "op '" + sig.name + "' on input " + to_string(input) + " gives shape " + to_string(*out));
    op.output = *out;
    return op;
  }

  std::string label_of(const NetStmt& s, const Scope& scope) {
    if (s.label_expr.empty()) return s.label;
    const Value v = eval(s.label_expr[0], scope);
    if (!v.is_text() && !v.is_integer()) fail(s.label_expr[0].location, "a layer name must be text, got " + describe(v));
    const std::string name = v.to_string();
    if (name.empty() || name.find('.') != std::string::npos)
      fail(s.label_expr[0].location, "layer name '" + name + "' must be non-empty and contain no '.'");
    return name;
  }

  void layer(const NetStmt& s, const Scope& scope, NameScope& names, Shape& shape, std::vector<BoundNode>& out) {
    count_layer(s.location);
    if (s.op == "cell") return cell(s, scope, names, shape, out);
    std::vector<Value> positional;
    std::map<std::string, Value> named;
    for (const auto& a : s.args) {
      if (a.key.empty()) {
        if (!named.empty()) fail(a.location, "a positional argument after named ones");
        positional.push_back(eval(a.value, scope));
      } else {
        if (named.count(a.key)) fail(a.location, "argument '" + a.key + "' given twice");
        named[a.key] = eval(a.value, scope);
      }
    }
    const auto& blocks = space_.network->blocks;
    if (auto it = blocks.find(s.op); it != blocks.end()) {
      return block(*it->second, s, label_of(s, scope), positional, named, names, shape, out);
    }
    const OpSignature* sig = ops_.find ? ops_.find(s.op) : nullptr;
    if (sig == nullptr) {
      std::vector<std::string> known = ops_.names;
      for (const auto& [n, b] : blocks) known.push_back(n);
      std::vector<std::string> block_names;
      for (const auto& [n, b] : blocks) block_names.push_back(n);
      fail(s.location, "no op or block named '" + s.op + "'" + util::did_you_mean(s.op, known) + "; ops: " +
                           (ops_.names.empty() ? std::string("none loaded (is the standard op plugin on the plugin path?)")
                                               : util::join(ops_.names)) +
                           (block_names.empty() ? "" : "; blocks: " + util::join(block_names)));
    }
    std::vector<ParamValue> pos;
    std::map<std::string, ParamValue> nam;
    for (std::size_t i = 0; i < positional.size(); ++i) pos.push_back(to_param(positional[i], s.args[i].location));
    for (const auto& a : s.args)
      if (!a.key.empty()) nam[a.key] = to_param(named[a.key], a.location);
    BoundNode node;
    node.kind = BoundNode::Kind::op;
    node.op = bind_op(*sig, pos, nam, shape, s.location);
    node.name = names.take(s.op, label_of(s, scope), s.location);
    node.input = shape;
    node.output = node.op.output;
    node.location = s.location;
    shape = node.output;
    out.push_back(std::move(node));
  }

  void block(const BlockDecl& b, const NetStmt& s, const std::string& label, const std::vector<Value>& positional,
             const std::map<std::string, Value>& named, NameScope& names, Shape& shape, std::vector<BoundNode>& out) {
    if (static_cast<int>(in_channels_.size()) > kMaxBlockDepth)
      fail(s.location, "blocks nested deeper than " + std::to_string(kMaxBlockDepth) + " (does block '" + b.name +
                           "' use itself?)");
    std::vector<std::string> params;
    for (const auto& p : b.params) params.push_back(p.name);
    const std::string takes = params.empty() ? "it takes no arguments" : "it takes (" + util::join(params) + ")";
    if (positional.size() > b.params.size())
      fail(s.location, "block '" + b.name + "' got " + std::to_string(positional.size()) + " positional arguments; " + takes);
    for (const auto& [k, v] : named)
      if (std::find(params.begin(), params.end(), k) == params.end())
        fail(s.location, "unknown argument '" + k + "' of block '" + b.name + "'" + util::did_you_mean(k, params) + "; " + takes);
    // Parameters see only each other and the space: a block means the same wherever it is used.
    Scope inner;
    in_channels_.push_back(width_of(shape));
    for (std::size_t i = 0; i < b.params.size(); ++i) {
      const BlockParam& p = b.params[i];
      if (i < positional.size()) {
        if (named.count(p.name)) fail(s.location, "argument '" + p.name + "' of block '" + b.name + "' given twice");
        inner.set(p.name, positional[i]);
      } else if (auto it = named.find(p.name); it != named.end()) {
        inner.set(p.name, it->second);
      } else if (p.has_default) {
        inner.set(p.name, eval(p.default_value, inner));
      } else {
        fail(s.location, "block '" + b.name + "' needs argument '" + p.name + "'; " + takes);
      }
    }
    BoundNode node;
    node.kind = BoundNode::Kind::block;
    node.name = names.take(b.name, label, s.location);
    node.input = shape;
    node.location = s.location;
    NameScope own;
    try {
      run(b.body, inner, own, shape, node.body);
    } catch (BindFailure& f) {
      // Located where the block is used (the same block fits in one place and not in
      // another), with the place inside it that failed.
      f.message = "block '" + b.name + "' on input " + to_string(node.input) + ": " + f.at.to_string() + ": " + f.message;
      f.at = s.location;
      in_channels_.pop_back();
      throw;
    }
    in_channels_.pop_back();
    node.output = shape;
    out.push_back(std::move(node));
  }

  void cell(const NetStmt& s, const Scope& scope, NameScope& names, Shape& shape, std::vector<BoundNode>& out) {
    std::vector<const Cell*> dags;
    for (const auto& c : space_.cells)
      if (c.kind == CellKind::dag) dags.push_back(&c);
    const Cell* chosen = nullptr;
    if (s.args.empty()) {
      if (dags.size() != 1)
        fail(s.location, dags.empty() ? "'cell' uses a dag cell, and this space declares none"
                                      : "this space declares several dag cells: say which, cell(name)");
      chosen = dags[0];
    } else {
      const NetArg& a = s.args[0];
      if (s.args.size() > 1 || (!a.key.empty() && a.key != "name"))
        fail(s.location, "'cell' takes one argument, the cell's name");
      const std::string wanted = a.value.kind == NetExpr::Kind::name ? a.value.text : eval(a.value, scope).to_string();
      std::vector<std::string> names_known;
      for (const Cell* c : dags) {
        names_known.push_back(c->name);
        if (c->name == wanted) chosen = c;
      }
      if (chosen == nullptr)
        fail(a.location, "no dag cell named '" + wanted + "'" + util::did_you_mean(wanted, names_known) +
                             "; dag cells: " + util::join(names_known));
    }
    check_cell_ops(*chosen);
    BoundNode node;
    node.kind = BoundNode::Kind::cell;
    node.name = names.take("cell", label_of(s, scope), s.location);
    node.nodes = chosen->nodes;
    node.input = shape;
    node.location = s.location;
    int d = chosen->first_decision;
    for (int j = 1; j < chosen->nodes; ++j)
      for (int i = 0; i < j; ++i, ++d) {
        const std::vector<int> one{arch_[d]};
        const std::vector<int>& alive = supernet_ ? supernet_->alive[d] : one;
        for (int option : alive) {
          const std::string op = space_.decisions[d].options[option].to_string();
          BoundOp bound = bind_op(*ops_.find(op), {}, {}, shape, s.location);
          if (bound.output != shape)
            fail(chosen->location, "cell op '" + op + "' turns " + to_string(shape) + " into " +
                                       to_string(bound.output) + "; a cell edge must keep the shape");
          BoundNode::Edge edge{i, j, std::move(bound)};
          edge.weight = 1.0 / static_cast<double>(alive.size());
          edge.mixed = alive.size() > 1;
          node.edges.push_back(std::move(edge));
        }
      }
    node.output = shape;
    out.push_back(std::move(node));
  }

  // Every option of a cell must be an op that may stand on an edge, whatever is chosen now.
  void check_cell_ops(const Cell& c) {
    if (!checked_cells_.insert(c.name).second) return;
    std::vector<std::string> cell_ops;
    for (const auto& n : ops_.names)
      if (const OpSignature* sig = ops_.find(n); sig && sig->cell_op) cell_ops.push_back(n);
    for (const auto& option : c.ops) {
      const std::string op = option.to_string();
      const OpSignature* sig = ops_.find ? ops_.find(op) : nullptr;
      if (sig == nullptr)
        fail(c.location, "cell op '" + op + "' is provided by no loaded op plugin" + util::did_you_mean(op, cell_ops) +
                             "; cell ops: " + (cell_ops.empty() ? std::string("none") : util::join(cell_ops)));
      if (!sig->cell_op)
        fail(c.location, "op '" + op + "' cannot stand on a cell edge (it needs arguments or changes the shape); cell ops: " +
                             util::join(cell_ops));
    }
  }

  void run(const std::vector<NetStmt>& stmts, const Scope& scope, NameScope& names, Shape& shape,
           std::vector<BoundNode>& out) {
    for (const auto& s : stmts) statement(s, scope, names, shape, out);
  }

  void statement(const NetStmt& s, const Scope& scope, NameScope& names, Shape& shape, std::vector<BoundNode>& out) {
    current_ = &shape;
    switch (s.kind) {
      case NetStmt::Kind::layer: return layer(s, scope, names, shape, out);
      case NetStmt::Kind::for_each: {
        const Value list = eval(s.exprs[0], scope);
        if (!list.is_list()) fail(s.exprs[0].location, "'for " + s.var + " in ...' needs a list, got " + describe(list));
        for (const auto& v : list.as_list()) {
          Scope inner(&scope);
          inner.set(s.var, v);
          run(s.body, inner, names, shape, out);
        }
        return;
      }
      case NetStmt::Kind::repeat: {
        const std::int64_t n = integer(s.exprs[0], scope, "a repeat count");
        if (n < 0 || n > kMaxRepeat)
          fail(s.exprs[0].location, "a repeat count must be in [0, 100000], got " + std::to_string(n));
        for (std::int64_t i = 0; i < n; ++i) {
          Scope inner(&scope);
          if (!s.var.empty()) inner.set(s.var, Value::integer(i));
          run(s.body, inner, names, shape, out);
        }
        return;
      }
      case NetStmt::Kind::branch_if: {
        if (truth(s.exprs[0], scope, "an 'if' condition")) {
          Scope inner(&scope);
          run(s.body, inner, names, shape, out);
        } else {
          Scope inner(&scope);
          run(s.alt, inner, names, shape, out);
        }
        return;
      }
      case NetStmt::Kind::residual: {
        if (!s.exprs.empty() && !truth(s.exprs[0], scope, "'when'")) {
          Scope inner(&scope);
          return run(s.body, inner, names, shape, out);  // no skip connection: the main path alone
        }
        BoundNode node;
        node.kind = BoundNode::Kind::residual;
        node.input = shape;
        node.location = s.location;
        Shape main = shape, skip = shape;
        {
          Scope inner(&scope);
          run(s.body, inner, names, main, node.body);
        }
        current_ = &shape;  // the shortcut's condition sees the residual's input
        if (!s.alt.empty() && (s.exprs.size() < 2 || truth(s.exprs[1], scope, "the shortcut's 'when'"))) {
          Scope inner(&scope);
          run(s.alt, inner, names, skip, node.shortcut);
        }
        if (main != skip)
          fail(s.location, "residual: the main path gives " + to_string(main) + " but the " +
                               (node.shortcut.empty() ? "identity shortcut carries " : "shortcut gives ") + to_string(skip) +
                               (node.shortcut.empty() ? " (add 'when = ...' or a 'shortcut { ... }' that matches)" : ""));
        node.output = main;
        shape = main;
        out.push_back(std::move(node));
        return;
      }
      case NetStmt::Kind::merge: {
        BoundNode node;
        node.kind = BoundNode::Kind::merge;
        node.concat = s.text == "concat";
        node.input = shape;
        node.location = s.location;
        std::vector<Shape> outs;
        for (const auto& b : s.branches) {
          Scope inner(&scope);
          Shape x = shape;
          node.branches.emplace_back();
          run(b, inner, names, x, node.branches.back());
          outs.push_back(x);
        }
        Shape result = outs.at(0);
        for (std::size_t i = 1; i < outs.size(); ++i) {
          const Shape& o = outs[i];
          const bool fits = node.concat ? o.size() == result.size() && !o.empty() &&
                                              std::equal(o.begin() + 1, o.end(), result.begin() + 1)
                                        : o == result;
          if (!fits)
            fail(s.location, s.text + ": branch " + std::to_string(i + 1) + " gives " + to_string(o) + ", branch 1 " +
                                 to_string(outs[0]) +
                                 (node.concat ? " (concat joins channels; the other dimensions must agree)" : ""));
          if (node.concat) result[0] += o[0];
        }
        node.output = result;
        shape = result;
        out.push_back(std::move(node));
        return;
      }
    }
  }

  const SearchSpace& space_;
  const Architecture& arch_;
  const OpCatalog& ops_;
  const Supernet* supernet_;  // null: the one architecture arch_
  std::map<std::string, int> decisions_;
  std::vector<std::int64_t> in_channels_;
  std::set<std::string> checked_cells_;
  std::size_t layers_ = 0;
  const Shape* current_ = nullptr;  // the shape entering the statement being bound
};

}  // namespace

Expected<BoundNetwork> bind_network(const SearchSpace& space, const Architecture& arch, const OpCatalog& ops,
                                    SourceLocation* error_at) {
  if (!space.network) return Error(ErrorKind::invalid_argument, "space '" + space.name + "' declares no network body");
  if (arch.size() != space.decisions.size())
    return Error(ErrorKind::invalid_argument, "architecture has " + std::to_string(arch.size()) + " decisions, space '" +
                                                  space.name + "' " + std::to_string(space.decisions.size()));
  try {
    return Binder(space, arch, ops).bind();
  } catch (const BindFailure& f) {
    if (error_at != nullptr) {
      *error_at = f.at;
      return Error(ErrorKind::parse, f.message);
    }
    return Error(ErrorKind::parse, f.at.to_string() + ": " + f.message);
  }
}

Expected<BoundNetwork> bind_supernet(const SearchSpace& space, const Supernet& supernet, const OpCatalog& ops,
                                     SourceLocation* error_at) {
  if (!space.network) return Error(ErrorKind::invalid_argument, "space '" + space.name + "' declares no network body");
  if (auto ok = check(space, supernet); !ok) return std::move(ok).error();
  if (auto full = full_supernet(space); !full) return std::move(full).error();
  // Decisions outside cells would read arch_: full_supernet refused those spaces already.
  const Architecture first = supernet.architecture();
  try {
    return Binder(space, first, ops, &supernet).bind();
  } catch (const BindFailure& f) {
    if (error_at != nullptr) {
      *error_at = f.at;
      return Error(ErrorKind::parse, f.message);
    }
    return Error(ErrorKind::parse, f.at.to_string() + ": " + f.message);
  }
}

OpCatalog op_catalog_over(const std::map<std::string, OpSignature>& ops) {
  OpCatalog catalog;
  catalog.find = [&ops](const std::string& name) -> const OpSignature* {
    auto it = ops.find(name);
    return it == ops.end() ? nullptr : &it->second;
  };
  for (const auto& [name, op] : ops) catalog.names.push_back(name);
  return catalog;
}

std::vector<Architecture> representative_architectures(const SearchSpace& space) {
  std::vector<Architecture> out;
  auto add = [&](Architecture a) {
    canonicalize(space, a);
    if (!check(space, a)) return;
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(std::move(a));
  };
  add(Architecture(space.decisions.size(), 0));
  Architecture last(space.decisions.size(), 0);
  for (std::size_t i = 0; i < last.size(); ++i) last[i] = static_cast<int>(space.decisions[i].options.size()) - 1;
  add(last);
  Rng rng(0);
  for (int i = 0; i < 3 && !space.decisions.empty(); ++i) add(sample(space, rng));
  return out;
}

}  // namespace zcnas::spec
