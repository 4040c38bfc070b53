#pragma once
// Runs an experiment on a score table: every proxy (and expression) against the ground
// truth, then every combiner fitted on a seeded labelled subset and judged on the
// held-out rest, for each labelled size and seed. Also the in-sample number (fit and judge
// on every architecture), the protocol papers report, kept apart and labelled as such.

#include <string>
#include <vector>

#include "eval/agreement.hpp"
#include "eval/experiment.hpp"
#include "eval/score_import.hpp"
#include "plugin/plugin_registry.hpp"

namespace zcnas::eval {

struct ProxyResult {
  std::string proxy;
  Agreement agreement;
};

struct CombinerRun {
  std::string name, plugin;
  std::int64_t labelled = 0;  // 0: in-sample (fitted and judged on every row)
  std::uint64_t seed = 0;
  std::size_t judged = 0;     // held-out rows it was judged on
  Agreement agreement;        // on the held-out rows (no bootstrap)
  std::string explain;
  std::string error;          // non-empty: the fit or the scoring failed
};

struct CombinerSummary {
  std::string name, plugin;
  std::int64_t labelled = 0;
  std::size_t seeds = 0;
  double mean_spearman = 0, sd_spearman = 0, min_spearman = 0, max_spearman = 0;
  double mean_kendall = 0, mean_top_overlap = 0, mean_regret = 0;
  double mean_ndcg = 0, mean_top_k_best = 0;
};

// What a scatter plot of each proxy against the truth shows: every judged row, or a sample
// of kScatterPoints of them chosen by a hash of the architecture (the same rows for every
// proxy, run and machine).
inline constexpr std::size_t kScatterPoints = 1500;
struct ScatterPoints {
  std::size_t sampled_from = 0;
  std::vector<std::string> archs;
  std::vector<double> truth;
  std::vector<std::string> proxies;
  std::vector<std::vector<double>> scores;  // scores[p][i]
};

struct EvaluationResult {
  std::string name, source, truth;
  std::size_t rows = 0;         // architectures with a truth value
  std::size_t dropped_rows = 0; // rows without one
  std::vector<ProxyResult> proxies;  // sorted by Spearman, best first
  std::vector<CombinerRun> runs;
  std::vector<CombinerSummary> summary;
  AgreementOptions options;
  ScatterPoints points;
};

// The experiment's score table: its files joined on the architecture (or `live` when the
// caller scored it), the proxies it names, its expressions appended as columns.
Expected<LabelledTable> load_experiment_scores(const ExperimentSpec& x, const plugin::PluginRegistry& host,
                                               const LabelledTable* live = nullptr);
// The truth column for the table's rows (NaN where it has none).
Expected<std::vector<double>> experiment_truth(const ExperimentSpec& x, const LabelledTable& table);

Expected<EvaluationResult> run_evaluation(const ExperimentSpec& x, const LabelledTable& table,
                                          const std::vector<double>& truth, const plugin::PluginRegistry& host);

}  // namespace zcnas::eval
