#pragma once
// The search job: a search TOML assembled into a search (space, scorer, cost model, fitness,
// strategy), an interrupted search in the output folder resumed from its trajectory, and
// best.json, trajectory.csv, best_so_far.csv and its figure written there. Torch-free header.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "run/environment.hpp"
#include "run/job_result.hpp"

namespace zcnas::run {

struct SearchJob {
  std::string config;                 // search TOML (format: core/host/search/search_spec.hpp)
  std::optional<std::uint64_t> seed;  // overrides [search] seed
  std::optional<std::int64_t> evaluations;
  std::optional<double> time_limit;   // seconds
  std::string out;                    // overrides [search] out (default search-<name>)
  bool fresh = false;                 // discard an interrupted run in `out` instead of resuming it
};

// Where the search stands, after each candidate.
struct SearchTick {
  std::size_t evaluations = 0, replayed = 0, rejected = 0;
  std::int64_t budget = 0;  // evaluations (0: no limit)
  double elapsed = 0, eta = -1;
  bool has_best = false;
  double best_fitness = 0;
};

struct SearchReport {
  std::string name, out, stop_reason;
  std::size_t candidates = 0;
  std::size_t supernets = 0, rounds = 0;  // a pruning search's, scored before its candidates
  bool interrupted = false;
  // The best candidate.
  std::string best;
  double best_fitness = 0, params = 0, flops = 0;
  std::size_t best_evaluation = 0;  // 1-based
  double elapsed = 0;
  // Its true value in each reported truth column, with the space's best.
  struct TruthLine {
    std::string column;
    double value = 0, optimum = 0;
  };
  std::vector<TruthLine> truth;
  // best_so_far could not be written (best.json and the trajectory were).
  std::optional<Error> late_error;
};

// `stop`: set (from a signal handler) to stop cleanly after the candidate in flight.
JobResult<SearchReport> run_search(const Environment& env, const SearchJob& job,
                                   const std::function<void(const SearchTick&)>& progress = {},
                                   const std::atomic<bool>* stop = nullptr);

}  // namespace zcnas::run
