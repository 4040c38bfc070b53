#pragma once
// An evaluation experiment as a TOML file: where the scores come from (score files, or a
// live run of a space on a dataset), which proxies and DSL expressions, the ground truth,
// the combiners and the labelled sizes and seeds. Swapping the combiner is one line:
//
//   [experiment]
//   name = "nb201-cifar10"              # also the heat-map column
//   [scores]
//   files = ["../data/naslib_zc/zc_nasbench201.json"]   # paths relative to this file
//   task = "cifar10"                    # for NAS-Bench-Suite-Zero JSON
//   key = "net_str"                     # architecture column of a wide CSV (default: its first)
//   proxies = ["jacov", "nwot"]         # default: every column
//   expressions = "ideas.zc"            # optional: .zc whose expression proxies join the pool
//   # live instead of files: space = "../spaces/nasbench201.zc", dataset = "cifar10",
//   #   archs = "cells.txt" or sample = 1000, batch_size = 64, input_size = 16,
//   #   out = "scores.csv" (default: <name>.scores.csv in the working directory),
//   #   task = "jigsaw" (live: the task of a multi-task space, its head, data and loss)
//   [truth]
//   file = "../data/nb201/nb201_200ep_acc.csv"          # or: label = "val_accuracy" of the score file
//   key = "arch_str"
//   column = "cifar10-test"
//   [combiner]
//   plugin = "libra"                    # every other key is a parameter of the plugin
//   delta = 0.1
//   [rivals.azn]                        # more combiners, judged on the same splits
//   plugin = "log_rank"
//   proxies = "jacov,nwot,synflow,snip"
//   [evaluation]
//   labelled = [50, 100, 200, 1000]     # architectures a combiner may fit on
//   seeds = [0, 1, 2, 3, 4]
//   bootstrap = 1000
//   top_percent = 10                    # the top-k% overlap
//   top_k = 10                          # nDCG@k and the best of the top k
//   [features]
//   graph = true                        # GRAF's graph features as columns graph:* (xgboost's graph = true)
//   space = "../spaces/nasbench201.zc"  # whose cell they are read from (default: the live [scores] space)

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/source_location.hpp"
#include "zcnas/error.hpp"
#include "zcnas/params.hpp"

namespace zcnas::eval {

struct CombinerSpec {
  std::string name;    // "combiner" or the [rivals.<name>] key
  std::string plugin;
  std::map<std::string, ParamValue> params;
  SourceLocation location;
};

struct ExperimentSpec {
  std::string file, name;
  // scores
  std::vector<std::string> score_files;  // resolved against the TOML's folder
  std::string task;
  std::string score_key;  // architecture column of wide CSVs (default: the first column)
  std::vector<std::string> proxies;
  std::string expressions_file;
  // live scoring (when space is set)
  std::string space_file, space, dataset = "cifar10", archs_file, scores_out;
  std::int64_t sample = 0, batch_size = 64, input_size = 0;
  // truth
  std::string truth_file, truth_key = "arch_str", truth_column, truth_label;
  // combiners: the [combiner] first, then the rivals
  std::vector<CombinerSpec> combiners;
  // evaluation
  std::vector<std::int64_t> labelled = {100};
  std::vector<std::uint64_t> seeds = {0};
  std::int64_t bootstrap = 1000;
  double top_percent = 10;
  std::int64_t top_k = 10;
  // features
  bool graph_features = false;
  std::string features_space_file, features_space;
};

Expected<ExperimentSpec> parse_experiment(const std::string& text, const std::string& origin);
Expected<ExperimentSpec> load_experiment(const std::string& path);

}  // namespace zcnas::eval
