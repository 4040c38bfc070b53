#pragma once
// The lswag-window job: L-SWAG's layer-window analysis, log sigma per depth-percentile bin
// over many random networks of a space, and the window its spike proposes; the table, a
// figure and JSON written where the job says. Torch-free header.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "analysis/layer_window.hpp"
#include "run/architecture_selection.hpp"
#include "run/environment.hpp"
#include "run/job_result.hpp"

namespace zcnas::run {

struct LswagWindowJob {
  SpaceRef space;
  ArchSelection select;  // default (nothing chosen): a sample of 200
  std::string dataset = "cifar10";
  std::int64_t batch_size = 64;
  std::int64_t batches = 2;
  int bins = 10;
  bool signed_grad = false;  // variance of g instead of |g|
  std::int64_t input_size = 0;
  std::string task;          // a multi-task space's task (score::ScoreOptions::task)
  std::string out = "-";     // the per-bin table (CSV); "-": returned in the report
  std::string plot;          // .svg or .png
  std::string json;
};

struct LswagWindowReport {
  std::string space;
  std::int64_t networks = 0;
  std::size_t failed = 0, asked = 0;
  std::vector<analysis::BinSummary> bins;
  analysis::WindowProposal window;
  std::string title;  // one line: what was analysed
  std::string table;  // the CSV, when the job's out is "-"
};

// (networks done, of total, failed so far), after each network.
using NetworkProgress = std::function<void(std::size_t, std::size_t, std::size_t)>;

JobResult<LswagWindowReport> run_lswag_window(const Environment& env, const LswagWindowJob& job,
                                              const NetworkProgress& progress = {});

}  // namespace zcnas::run
