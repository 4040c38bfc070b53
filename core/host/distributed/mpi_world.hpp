#pragma once
// The MPI world this process belongs to: a world of one unless it was started by mpirun
// (or srun/another PMI launcher), then OpenMPI's ranks. Only what sharded scoring needs:
// rank and size, broadcast of text from rank 0, and text messages to rank 0. mpi.h stays
// in the .cpp; a build without MPI has a world of one and says so when launched by mpirun.

#include <optional>
#include <string>

#include "zcnas/error.hpp"

namespace zcnas::distributed {

struct Message {
  int source = 0;
  int tag = 0;
  std::string text;
};

class MpiWorld {
 public:
  // Joins the MPI world when a launcher started this process; a world of one otherwise.
  // MPI is initialised once per process and finalised at exit.
  static Expected<MpiWorld*> join();

  // Whether this process was started by mpirun/srun (their environment variables).
  static bool launched_by_mpi();
  // The ranks of this world on this machine (for threads per rank).
  static int local_size();
  // This rank's index among them, 0 .. local_size() - 1 (for one GPU per rank).
  static int local_rank();

  int rank() const noexcept { return rank_; }
  int size() const noexcept { return size_; }
  bool distributed() const noexcept { return size_ > 1; }

  // `text` on rank 0 becomes `text` on every rank.
  void broadcast(std::string& text) const;
  void send(int destination, int tag, const std::string& text) const;
  // Blocks until a message arrives.
  Message receive() const;
  // A message if one is waiting.
  std::optional<Message> poll() const;
  void barrier() const;
  // Ends every rank of the job (a rank that cannot go on would leave the others waiting).
  [[noreturn]] void abort(int code) const;

 private:
  MpiWorld() = default;
  int rank_ = 0, size_ = 1;
};

}  // namespace zcnas::distributed
