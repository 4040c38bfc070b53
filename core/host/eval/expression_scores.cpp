#include "eval/expression_scores.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "util/suggest.hpp"
#include "zcnas/stats/rank_fusion.hpp"

namespace zcnas::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using Column = std::vector<double>;

struct Evaluator {
  const ScoreTable& table;
  const std::vector<spec::ProxyDecl>& decls;
  std::vector<std::string> stack;  // declarations being evaluated (a cycle is a DSL error, caught earlier)

  Expected<Column> column(const std::string& name, const SourceLocation& at) {
    if (const long c = table.column_index(name); c >= 0) return table.columns[static_cast<std::size_t>(c)];
    for (const auto& d : decls) {
      if (d.name != name || d.is_plugin_instance()) continue;
      if (std::find(stack.begin(), stack.end(), name) != stack.end())
        return Error(ErrorKind::config, at.to_string() + ": proxy '" + name + "' refers to itself");
      stack.push_back(name);
      auto v = eval(d.expr);
      stack.pop_back();
      return v;
    }
    return Error(ErrorKind::config, at.to_string() + ": no score column '" + name + "'" +
                                        util::did_you_mean(name, table.proxies) + " (the table has: " +
                                        util::join(table.proxies) + ")");
  }

  Column map(const Column& a, double (*f)(double)) {
    Column out(a.size());
    std::transform(a.begin(), a.end(), out.begin(), f);
    return out;
  }

  Expected<Column> eval(const spec::ProxyExpr& e) {
    using K = spec::ProxyExpr::Kind;
    const std::size_t n = table.rows();
    switch (e.kind) {
      case K::number:
        return Column(n, e.value);
      case K::reference:
        return column(e.name, e.location);
      case K::plugin:
        if (!e.params.empty())
          return Error(ErrorKind::config, e.location.to_string() + ": '" + e.to_string() +
                                              "' needs a network run; in a score table name its column instead");
        return column(e.name, e.location);
      case K::negate: {
        auto a = eval(e.args[0]);
        if (!a) return a;
        for (double& x : *a) x = -x;
        return a;
      }
      case K::binary: {
        auto a = eval(e.args[0]);
        if (!a) return a;
        auto b = eval(e.args[1]);
        if (!b) return b;
        for (std::size_t i = 0; i < n; ++i) {
          double& x = (*a)[i];
          const double y = (*b)[i];
          x = e.op == '+' ? x + y : e.op == '-' ? x - y : e.op == '*' ? x * y : (y == 0 ? kNaN : x / y);
        }
        return a;
      }
      case K::function: {
        std::vector<Column> args;
        for (const auto& arg : e.args) {
          auto v = eval(arg);
          if (!v) return v;
          args.push_back(std::move(*v));
        }
        const std::string& f = e.name;
        if (f == "log") return map(args[0], [](double x) { return x > 0 ? std::log(x) : kNaN; });
        if (f == "abs") return map(args[0], [](double x) { return std::abs(x); });
        if (f == "exp") return map(args[0], [](double x) { return std::exp(x); });
        if (f == "rank") return stats::ranks_nan_lowest(args[0]);
        if (f == "normalise" || f == "normalize") {
          double lo = INFINITY, hi = -INFINITY;
          for (double x : args[0])
            if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
          for (double& x : args[0])
            if (!std::isnan(x)) x = hi > lo ? (std::clamp(x, lo, hi) - lo) / (hi - lo) : 1.0;
          return args[0];
        }
        if (f == "sum" || f == "product") {
          Column out(n, f == "sum" ? 0.0 : 1.0);
          for (const auto& a : args)
            for (std::size_t i = 0; i < n; ++i) out[i] = f == "sum" ? out[i] + a[i] : out[i] * a[i];
          return out;
        }
        if (f == "scale") {
          for (std::size_t i = 0; i < n; ++i) args[0][i] *= args[1][i];
          return args[0];
        }
        return Error(ErrorKind::config, e.location.to_string() + ": unknown function '" + f + "'");
      }
    }
    return Error(ErrorKind::internal, "unhandled expression kind");
  }
};

}  // namespace

Expected<std::vector<double>> evaluate_expression(const spec::ProxyDecl& decl, const ScoreTable& table,
                                                  const std::vector<spec::ProxyDecl>& declarations) {
  Evaluator ev{table, declarations, {decl.name}};
  return ev.eval(decl.expr);
}

}  // namespace zcnas::eval
