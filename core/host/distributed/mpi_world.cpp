#include "distributed/mpi_world.hpp"

#include <algorithm>
#include <cstdlib>

#ifdef ZCNAS_HAVE_MPI
#include <mpi.h>
#endif

namespace zcnas::distributed {

namespace {
const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}
}  // namespace

bool MpiWorld::launched_by_mpi() {
  return env("OMPI_COMM_WORLD_SIZE") || env("PMI_SIZE") || env("PMIX_RANK") || env("MPI_LOCALNRANKS");
}

int MpiWorld::local_size() {
  for (const char* name : {"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS"})
    if (const char* v = env(name)) return std::max(1, std::atoi(v));
  return 1;
}

int MpiWorld::local_rank() {
  for (const char* name : {"OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID"})
    if (const char* v = env(name)) return std::max(0, std::atoi(v));
  return 0;
}

#ifdef ZCNAS_HAVE_MPI

namespace {
void finalize_at_exit() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}
}  // namespace

Expected<MpiWorld*> MpiWorld::join() {
  static MpiWorld world;
  static bool joined = false;
  if (joined || !launched_by_mpi()) return &world;
  joined = true;
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (!initialised && MPI_Init(nullptr, nullptr) != MPI_SUCCESS)
    return Error(ErrorKind::internal, "MPI_Init failed");
  std::atexit(finalize_at_exit);
  MPI_Comm_rank(MPI_COMM_WORLD, &world.rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &world.size_);
  return &world;
}

void MpiWorld::broadcast(std::string& text) const {
  if (size_ == 1) return;
  unsigned long long length = text.size();
  MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  text.resize(length);
  // Large texts go in pieces: MPI counts are int.
  for (unsigned long long done = 0; done < length;) {
    const int piece = static_cast<int>(std::min<unsigned long long>(length - done, 1u << 30));
    MPI_Bcast(text.data() + done, piece, MPI_CHAR, 0, MPI_COMM_WORLD);
    done += piece;
  }
}

void MpiWorld::send(int destination, int tag, const std::string& text) const {
  MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, destination, tag, MPI_COMM_WORLD);
}

Message MpiWorld::receive() const {
  MPI_Status status;
  MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  Message m;
  m.source = status.MPI_SOURCE;
  m.tag = status.MPI_TAG;
  m.text.resize(static_cast<std::size_t>(count));
  MPI_Recv(m.text.data(), count, MPI_CHAR, m.source, m.tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return m;
}

std::optional<Message> MpiWorld::poll() const {
  int waiting = 0;
  MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &waiting, MPI_STATUS_IGNORE);
  if (!waiting) return std::nullopt;
  return receive();
}

void MpiWorld::barrier() const {
  if (size_ > 1) MPI_Barrier(MPI_COMM_WORLD);
}

void MpiWorld::abort(int code) const {
  if (size_ > 1) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

#else  // built without MPI: a world of one

Expected<MpiWorld*> MpiWorld::join() {
  static MpiWorld world;
  if (launched_by_mpi())
    return Error(ErrorKind::invalid_argument,
                 "started by an MPI launcher, but this zcnas was built without MPI (install libopenmpi-dev and "
                 "rebuild); use --shard i/N to split a run instead");
  return &world;
}
void MpiWorld::broadcast(std::string&) const {}
void MpiWorld::send(int, int, const std::string&) const {}
Message MpiWorld::receive() const { return {}; }
std::optional<Message> MpiWorld::poll() const { return std::nullopt; }
void MpiWorld::barrier() const {}
void MpiWorld::abort(int code) const { std::exit(code); }

#endif

}  // namespace zcnas::distributed
