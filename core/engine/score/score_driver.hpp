#pragma once
// Drives a ScoreRun over a list of architectures, in one process or sharded over the ranks
// of an MPI world: rank 0 looks up the run store, deals what is missing round robin to
// every rank (itself included), and gathers each result into the writer and the store as
// it arrives; the other ranks compute and send. Results arrive architecture by
// architecture, so a run killed at any point keeps everything gathered so far.

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "distributed/mpi_world.hpp"
#include "score/indexed_arch.hpp"
#include "score/score_run.hpp"
#include "score/score_writer.hpp"

namespace zcnas::score {


struct DriveStats {
  std::size_t architectures = 0;  // written by this process
  std::size_t reused = 0;         // (architecture, proxy) results read from the store
  std::size_t computed = 0;       // (architecture, proxy) results computed by any rank
  std::size_t failures = 0;
  bool interrupted = false;  // `stop` was set: the architectures after the one at hand were left
};

// Called on rank 0 after each written architecture: (written, total, failed results).
using DriveProgress = std::function<void(std::size_t, std::size_t, std::size_t)>;

// `writer` is used on rank 0 only (other ranks may pass null). `stop` (set by a signal
// handler) is read between architectures in one process; under MPI, mpirun's own signal
// handling ends the ranks and the store keeps what was gathered.
Expected<DriveStats> drive_scoring(ScoreRun& run, const std::vector<IndexedArch>& archs, ScoreWriter* writer,
                                   const distributed::MpiWorld& world, const DriveProgress& progress = {},
                                   const std::atomic<bool>* stop = nullptr);

}  // namespace zcnas::score
