#pragma once
// The score job: architectures of a space scored with a pool of proxies on real image
// batches, streamed to a long-format CSV (and JSON), results read from and written to the
// run store, in one process or over MPI ranks. Torch-free header.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "run/architecture_selection.hpp"
#include "run/environment.hpp"
#include "run/job_result.hpp"

namespace zcnas::run {

struct ScoreJob {
  SpaceRef space;
  std::vector<std::string> proxies;  // empty: every loaded proxy plugin
  ArchSelection select;
  std::string dataset = "cifar10";
  std::int64_t batch_size = 64;
  std::int64_t batches = 0;     // 0: what the proxies need
  std::int64_t input_size = 0;  // 0: the space's
  std::string task;             // a multi-task space's task (score::ScoreOptions::task)
  std::string out = "-";        // CSV ("-": standard output); its protocol beside it
  std::string json;             // "" : none
  std::string shard;            // "i/N": architectures i, i+N, ... only
  // Set from outside (the CLI's SIGINT/SIGTERM handler): the job finishes the architecture at
  // hand, closes its outputs over what is done and returns interrupted; rerunning resumes.
  const std::atomic<bool>* stop = nullptr;
};

struct ScoreReport {
  bool lead = true;  // this process wrote the outputs (rank 0); the others only computed
  std::size_t architectures = 0, rows = 0, computed = 0, reused = 0, failures = 0;
  bool interrupted = false;
  std::string store_path;  // "" : no store
};

// (architectures written, of total, failed results) on the lead: once with 0 before the
// first, then after each architecture.
using ScoreProgress = std::function<void(std::size_t, std::size_t, std::size_t)>;

JobResult<ScoreReport> run_score(const Environment& env, const ScoreJob& job, const ScoreProgress& progress = {});

// The same from unresolved settings, as `zcnas score` runs it: under mpirun every rank
// resolves its environment (the ranks past 0 quiet) and scores its share; an error on any
// rank is logged and ends the world.
JobResult<ScoreReport> run_score(const RunSettings& settings, const ScoreJob& job, const ScoreProgress& progress = {});

}  // namespace zcnas::run
