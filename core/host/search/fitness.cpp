#include "search/fitness.hpp"

#include <cmath>
#include <limits>

#include "eval/expression_scores.hpp"
#include "spec/graph_features.hpp"

namespace zcnas::search {

namespace {

constexpr double kWorst = -std::numeric_limits<double>::infinity();

std::vector<double> finite_or_worst(std::vector<double> v, bool negate) {
  for (double& x : v) x = std::isfinite(x) ? (negate ? -x : x) : kWorst;
  return v;
}

}  // namespace

Expected<Fitness> Fitness::make(const FitnessSpec& spec, const plugin::PluginRegistry& host,
                                std::vector<spec::ProxyDecl> declarations, const spec::SearchSpace* space) {
  Fitness f;
  f.spec_ = spec;
  if (space) f.space_ = std::make_shared<const spec::SearchSpace>(*space);
  if (spec.graph_features) {
    if (!space) return Error(ErrorKind::internal, "graph features need the search space").with_context(spec.location.to_string());
    if (auto names = spec::graph_feature_names(*space); !names)
      return std::move(names).error().with_context(spec.location.to_string() + " graph_features");
  }
  f.declarations_ = std::move(declarations);
  const std::string where = spec.location.to_string();
  switch (spec.kind) {
    case FitnessSpec::Kind::proxy: {
      // A proxy instance named in the .zc keeps its plugin's direction.
      std::string plugin_name = spec.name;
      for (const auto& d : f.declarations_)
        if (d.name == spec.name && d.is_plugin_instance()) plugin_name = d.expr.name;
      if (const PluginMetadata* m = host.metadata(plugin_name))
        f.lower_is_better_ = m->direction == ScoreDirection::lower_is_better;
      break;
    }
    case FitnessSpec::Kind::expression: {
      bool found = false;
      for (const auto& d : f.declarations_) found = found || d.name == spec.name;
      if (!found)
        return Error(ErrorKind::config, "fitness expression '" + spec.name +
                                            "' is not declared in the space's .zc file (proxy " + spec.name +
                                            " = ...)")
            .with_context(where);
      break;
    }
    case FitnessSpec::Kind::combiner: {
      auto c = host.make_combiner(spec.name, spec.params);
      if (!c) return std::move(c).error().with_context(where);
      f.combiner_ = std::shared_ptr<Combiner>(std::move(*c));
      if (spec.labelled < 2)
        return Error(ErrorKind::config, "a combiner fitness needs labelled >= 2, got " + std::to_string(spec.labelled))
            .with_context(where);
      break;
    }
  }
  return f;
}

Expected<ScoreTable> Fitness::with_features(const ScoreTable& table) const {
  if (!spec_.graph_features) return table;
  ScoreTable out = table;
  auto ok = eval::append_graph_features(out, *space_, &graph_cache_);
  if (!ok) return std::move(ok).error();
  return out;
}

Expected<void> Fitness::fit(const ScoreTable& table, const std::vector<double>& truth) {
  if (!combiner_) return {};
  auto full = with_features(table);
  if (!full) return std::move(full).error();
  if (auto ok = combiner_->fit(*full, truth); !ok)
    return std::move(ok).error().with_context("fitting combiner '" + spec_.name + "' on " +
                                              std::to_string(table.rows()) + " labelled architectures");
  fit_table_ = std::move(*full);
  fit_truth_ = truth;
  fitted_ = true;
  return {};
}

Expected<void> Fitness::refit_with(const ScoreTable& more, const std::vector<double>& truth) {
  if (!combiner_ || !fitted_) return Error(ErrorKind::invalid_argument, "refit_with before a first fit");
  auto extra = with_features(more);
  if (!extra) return std::move(extra).error();
  ScoreTable all = fit_table_;
  std::vector<double> y = fit_truth_;
  for (std::size_t c = 0; c < all.proxies.size(); ++c) {
    const long e = extra->column_index(all.proxies[c]);
    if (e < 0)
      return Error(ErrorKind::config, "labelling during the search: the combiner was fitted on '" + all.proxies[c] +
                                          "', which the search does not score");
    const auto& from = extra->columns[static_cast<std::size_t>(e)];
    all.columns[c].insert(all.columns[c].end(), from.begin(), from.end());
  }
  all.archs.insert(all.archs.end(), extra->archs.begin(), extra->archs.end());
  if (!all.params.empty()) all.params.insert(all.params.end(), extra->params.begin(), extra->params.end());
  y.insert(y.end(), truth.begin(), truth.end());
  if (auto ok = combiner_->fit(all, y); !ok)
    return std::move(ok).error().with_context("refitting combiner '" + spec_.name + "' on " +
                                              std::to_string(all.rows()) + " labelled architectures");
  return {};
}

Expected<std::vector<double>> Fitness::evaluate(const ScoreTable& table) const {
  switch (spec_.kind) {
    case FitnessSpec::Kind::proxy: {
      const long c = table.column_index(spec_.name);
      if (c < 0) return Error(ErrorKind::config, "fitness proxy '" + spec_.name + "' is not among the scored proxies");
      return finite_or_worst(table.columns[static_cast<std::size_t>(c)], lower_is_better_);
    }
    case FitnessSpec::Kind::expression: {
      const spec::ProxyDecl* decl = nullptr;
      for (const auto& d : declarations_)
        if (d.name == spec_.name) decl = &d;
      auto v = eval::evaluate_expression(*decl, table, declarations_);
      if (!v) return std::move(v).error();
      return finite_or_worst(std::move(*v), false);
    }
    case FitnessSpec::Kind::combiner: {
      if (!fitted_) return Error(ErrorKind::invalid_argument, "combiner fitness used before it was fitted");
      // A fused rank needs two rows to mean anything; one candidate is simply the best so far.
      if (table.rows() < 2) return std::vector<double>(table.rows(), 0.0);
      auto full = with_features(table);
      if (!full) return std::move(full).error();
      auto v = combiner_->score(*full);
      if (!v) return std::move(v).error().with_context("combiner '" + spec_.name + "'");
      return finite_or_worst(std::move(*v), false);
    }
  }
  return Error(ErrorKind::internal, "unknown fitness kind");
}

std::string Fitness::describe() const {
  switch (spec_.kind) {
    case FitnessSpec::Kind::proxy:
      return "proxy " + spec_.name + (lower_is_better_ ? " (lower is better)" : "");
    case FitnessSpec::Kind::expression:
      return "expression " + spec_.name;
    case FitnessSpec::Kind::combiner:
      return "combiner " + spec_.name + (fitted_ ? ": " + combiner_->explain() : "");
  }
  return "";
}

}  // namespace zcnas::search
