#pragma once
// A search as a TOML file: the space, the strategy, the budget, extra bounds, where the
// scores come from, what is maximised, and (optionally) the ground truth used to fit a
// combiner and to report how good the found architecture really is.
//
//   [search]
//   name = "nb201-cifar10"
//   space = "../../spaces/nasbench201.zc"    # paths relative to this file
//   strategy = "evolution"                  # a strategy plugin: random | evolution | exhaustive | prune | yours
//   seed = 0
//   evaluations = 1000                      # distinct architectures scored (0: no limit)
//   time_limit = 600                        # seconds of search (0: no limit)
//   out = "runs/nb201-cifar10"              # relative to the working directory
//   pick = "fitness"                        # the found one: best-rated, or "labelled": best truth bought
//   [strategy]                              # the strategy plugin's parameters (`zcnas plugins`)
//   population = 50                         # evolution: the last 50 candidates;
//   tournament = 10                         #   a parent is the fittest of 10 drawn;
//   crossover = 0.0                         #   chance a child is a crossover, not a mutation
//   # prune: prune_number = 1, drop = "none"; exhaustive: limit = 10000000
//   # ([evolution] is the older name of this table, for evolution only)
//   [settings]                              # the space's settings changed for this search:
//   stem = 3                                #   TE-NAS prunes NB201's supernet at C = 3, N = 1
//   stages = [3, 6, 12]
//   cells_per_stage = 1
//   [constraints]                           # on top of the space's `constraint` lines
//   params = [0, 1.5e6]                     # [min, max]; 0 as max: unbounded
//   flops = [0, 200e6]
//   [scores]                                # live: dataset, batch_size, batches, input_size, task
//                                           #   (a multi-task space's: TransNAS "jigsaw", ...)
//   dataset = "cifar10"
//   proxies = ["lswag"]                     # instances of the .zc, the config or plugins
//   # or looked up: files = ["../../data/naslib_zc/zc_nasbench201.json"], task = "cifar10"
//   [fitness]
//   proxy = "lswag"                         # or expression = "my_idea" (declared in the .zc)
//   # or combiner = "libra", labelled = 100, fit_seed (default: seed), fit_scores = [...], fit_task,
//   #    graph_features = true (GRAF's graph features as graph:* columns, for xgboost's graph = true),
//   #    label_every = 90, label_top = 10 (label the 10 best-rated candidates after every 90 and
//   #    refit; each label is an evaluation), label_column = "cifar10-valid" (what labels are),
//   #    and every other key a parameter of the combiner (delta = 0.1)
//   [truth]
//   file = "../../data/nb201/nb201_200ep_acc.csv"
//   key = "arch_str"
//   column = "cifar10-test"                 # fits the combiner; reported for the found net
//   report = ["cifar100-test"]              # more columns to report

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "search/fitness.hpp"
#include "util/source_location.hpp"
#include "zcnas/params.hpp"
#include "spec/search_space.hpp"
#include "zcnas/error.hpp"

namespace zcnas::search {

struct ScoreSourceSpec {
  std::vector<std::string> files;  // lookup when non-empty
  std::string task, key;
  std::vector<std::string> proxies;
  std::string dataset = "cifar10";
  std::int64_t batch_size = 64, batches = 0, input_size = 0;
  bool live() const noexcept { return files.empty(); }
};

// The strategy plugin and its parameters, bound to its declaration when the search is set up.
struct StrategySpec {
  std::string name = "evolution";
  std::map<std::string, ParamValue> params;
  SourceLocation location;  // of [strategy] (or [evolution]), for errors in its parameters
  std::map<std::string, SourceLocation> keys;  // where each parameter was set
  std::string table;        // "strategy" or "evolution"
  SourceLocation name_location;  // of [search] strategy
};

struct SearchSpec {
  std::string file, name;
  std::string space_file, space;
  StrategySpec strategy;
  std::uint64_t seed = 0;
  std::int64_t evaluations = 1000;
  double time_limit = 0;
  std::string out;
  std::string pick = "fitness";  // or "labelled"
  std::vector<spec::Constraint> constraints;
  // [settings]: integers by setting (spec::with_settings), and where each was written.
  std::map<std::string, std::vector<std::int64_t>> settings;
  std::map<std::string, SourceLocation> setting_locations;
  ScoreSourceSpec scores;
  FitnessSpec fitness;
  std::string truth_file, truth_key = "arch_str", truth_column;
  std::vector<std::string> truth_report;
};

Expected<SearchSpec> parse_search(const std::string& text, const std::string& origin);
Expected<SearchSpec> load_search(const std::string& path);

}  // namespace zcnas::search
