#pragma once
// Everything a search needs, assembled from its spec: the scorer (live or looked up), the
// cost model, the fitness (a combiner fitted on labelled architectures), the strategy, the
// ground truth to report, and a fingerprint that tells whether an output folder holds this
// very search (and may be resumed) or another one.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/run_config.hpp"
#include "plugin/plugin_host.hpp"
#include "score/score_run.hpp"
#include "search/candidate_scorer.hpp"
#include "search/cost_model.hpp"
#include "search/fitness.hpp"
#include "search/search_spec.hpp"
#include "zcnas/strategy.hpp"

namespace zcnas::store {
class RunStore;
}

namespace zcnas::search {

struct SetupContext {
  const plugin::PluginHost* host = nullptr;
  std::vector<config::ProxyInstance> configured;  // the run config's [proxies.*]
  // Live scores: the run's device, network seed (as `zcnas score --seed`), data folders,
  // BatchNorm mode, isolation and limits; the dataset fields come from [scores].
  score::ScoreOptions scoring;
  // Live scores come from and go to this run store (null: none), as in `zcnas score`.
  std::shared_ptr<store::RunStore> store;
  bool retry_failed = false;
};

struct SearchSetup {
  spec::SearchSpace space;
  std::vector<spec::Constraint> bounds;  // the space's and the config's
  std::unique_ptr<CandidateScorer> scorer;
  std::unique_ptr<CostModel> cost;
  std::unique_ptr<Fitness> fitness;
  // What the strategy sees of the space, and the strategy (a plugin), which holds on to the
  // view: declared in this order so that the strategy goes first.
  std::unique_ptr<SpaceView> space_view;
  std::unique_ptr<SearchStrategy> strategy;
  // Ground truth by canonical architecture: the [truth] column first, then `report` (none
  // when the truth is of another space).
  std::vector<std::string> truth_columns;
  std::vector<std::map<std::string, double>> truth;
  // The labels a search that labels as it goes may buy (FitnessSpec::label_every), by canonical architecture.
  std::map<std::string, double> labels;
  std::size_t fit_rows = 0;        // labelled architectures the combiner was fitted on
  std::size_t fit_evaluations = 0; // of them, scored by this search (not read from files)
  std::string fingerprint;
};

// `declarations`: the proxy declarations of the space's .zc program. `fit_space`: the space
// a combiner's fit_scores and the truth belong to, when not the search space (a combiner
// transferred from a benchmark with ground truth to a space without).
Expected<SearchSetup> prepare_search(const SearchSpec& spec, const spec::SearchSpace& space,
                                     const std::vector<spec::ProxyDecl>& declarations, const SetupContext& ctx,
                                     const spec::SearchSpace* fit_space = nullptr);

}  // namespace zcnas::search
