#pragma once
// One architecture of a job's list: parsed once, where the list is made, and carried as
// such to every stage (store lookup, network build, isolated worker, MPI rank). Torch-free.

#include <cstddef>
#include <optional>
#include <string>

#include "spec/search_space.hpp"
#include "zcnas/search/supernet.hpp"

namespace zcnas::score {

struct IndexedArch {
  std::size_t index = 0;  // position in the user's list (kept through shards)
  std::string canonical;
  spec::Architecture arch;
  // Set when this is a supernet of a pruning search (canonical is then its "supernet:" key
  // and arch its first alive path): the network built runs every alive op of an edge.
  std::optional<Supernet> supernet;
};

}  // namespace zcnas::score
