#pragma once
// What a search maximises: one proxy's score, a DSL proxy expression over the scored
// proxies, or a combiner plugin fitted on labelled architectures (LIBRA-NAS and rivals).
// Evaluated over the whole archive at once, because ranks and fused scores are relative
// to the candidates seen so far.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "eval/graph_feature_columns.hpp"
#include "plugin/plugin_registry.hpp"
#include "spec/proxy_decl.hpp"
#include "spec/search_space.hpp"
#include "util/source_location.hpp"
#include "zcnas/combiner.hpp"
#include "zcnas/error.hpp"
#include "zcnas/params.hpp"

namespace zcnas::search {

struct FitnessSpec {
  enum class Kind { proxy, expression, combiner };
  Kind kind = Kind::proxy;
  std::string name;  // the proxy column, the expression's declaration, or the combiner plugin
  std::map<std::string, ParamValue> params;  // the combiner's parameters
  // A combiner learns from `labelled` architectures with known truth, drawn with
  // `fit_seed` (default: the search's seed, so that seeds repeat the whole procedure): from
  // `fit_scores` (score files) when given, else scored like candidates.
  std::int64_t labelled = 100;
  std::optional<std::uint64_t> fit_seed;
  std::vector<std::string> fit_scores;
  std::string fit_task;
  // With fit_scores: the columns the combiner may choose from (empty: the scored proxies).
  // The search then only has to score what it picked.
  std::vector<std::string> candidates;
  // The .zc file (and space) fit_scores and the truth belong to, when not the search space:
  // LIBRA fitted on NAS-Bench-201, say, to guide a search of a space without ground truth.
  std::string fit_space_file, fit_space;
  // GRAF's graph features of the search space's cell join the table as graph:* columns
  // (for a combiner that learns from them: xgboost's graph = true).
  bool graph_features = false;
  // Labelling as the search goes: after every `label_every` candidates the `label_top`
  // best-rated ones not yet labelled get their truth (`label_column` of the truth file,
  // default its [truth] column) and the combiner is refitted on every labelled
  // architecture. Each label counts against the search's evaluations.
  std::int64_t label_every = 0, label_top = 0;
  std::string label_column;
  SourceLocation location;
};

class Fitness {
 public:
  // `declarations`: the .zc program's proxy declarations (expressions are looked up there).
  // `space`: the search space, whose cell the graph features are read from (a copy is kept).
  static Expected<Fitness> make(const FitnessSpec& spec, const plugin::PluginRegistry& host,
                                std::vector<spec::ProxyDecl> declarations, const spec::SearchSpace* space = nullptr);

  // Whether a row's fitness depends on that row alone (a raw proxy), so that a growing
  // archive only needs the new row rated; ranks and fused scores need every row again.
  bool per_row() const noexcept { return spec_.kind == FitnessSpec::Kind::proxy; }
  bool needs_fit() const noexcept { return spec_.kind == FitnessSpec::Kind::combiner; }
  Expected<void> fit(const ScoreTable& table, const std::vector<double>& truth);
  // Fits again on the first fit's rows and `more` (same columns, by name) with their truth.
  Expected<void> refit_with(const ScoreTable& more, const std::vector<double>& truth);
  std::size_t fitted_rows() const noexcept { return fit_table_.rows(); }

  // One value per row, higher is better; a row it cannot rate (a NaN score) is -inf.
  Expected<std::vector<double>> evaluate(const ScoreTable& table) const;

  // "proxy lswag", "expression my_idea", "combiner libra: z1 = ...", for logs and best.json.
  std::string describe() const;
  const FitnessSpec& spec() const noexcept { return spec_; }

 private:
  FitnessSpec spec_;
  bool lower_is_better_ = false;
  std::vector<spec::ProxyDecl> declarations_;
  // `table` with the graph-feature columns when asked for.
  Expected<ScoreTable> with_features(const ScoreTable& table) const;

  std::shared_ptr<Combiner> combiner_;
  bool fitted_ = false;
  std::shared_ptr<const spec::SearchSpace> space_;
  // Graph features by architecture: the archive is rated again after every candidate.
  mutable eval::GraphFeatureCache graph_cache_;
  ScoreTable fit_table_;  // the first fit's rows (with features), for refit_with
  std::vector<double> fit_truth_;
};

}  // namespace zcnas::search
