#pragma once
// The evaluate job: proxies, expressions and combiners against ground truth, for experiment
// TOML files or one experiment described by flags. A live experiment (a [scores] space) is
// scored first, its CSV written as it goes so no score is lost, and evaluated from the
// results in memory. Torch-free header.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "run/environment.hpp"
#include "run/job_result.hpp"

namespace zcnas::run {

struct EvaluateJob {
  std::vector<std::string> experiments;  // experiment TOML files
  // or one experiment from flags:
  std::vector<std::string> scores;       // score files (zcnas CSV, wide CSV, Suite-Zero JSON)
  std::string task, name;
  std::vector<std::string> proxies;
  std::string truth, truth_key = "arch_str", truth_column, label;
  std::vector<std::string> combiners;    // plugin names, default parameters
  std::vector<std::int64_t> labelled;
  std::vector<std::uint64_t> seeds;
  std::int64_t bootstrap = 1000;
  double top_percent = 10;
  std::int64_t top_k = 10;
  // outputs: "" none ("" out: the markdown to standard output), "-" standard output
  std::string out, csv, json, heatmap;
};

struct EvaluateReport {
  std::size_t experiments = 0;
  std::string standard_output;  // the outputs named "-", in order: for the caller to print
  // Outputs that could not be written: the others were (exit code 1 in the CLI).
  std::vector<Error> output_errors;
};

// (experiment name, architectures scored, of total), while a live experiment is scored.
using LiveProgress = std::function<void(const std::string&, std::size_t, std::size_t)>;

JobResult<EvaluateReport> run_evaluate(const Environment& env, const EvaluateJob& job, const LiveProgress& progress = {});

}  // namespace zcnas::run
