#pragma once
// One architecture of a job's list: parsed once, where the list is made, and carried as
// such to every stage (store lookup, network build, isolated worker, MPI rank). Torch-free.

#include <cstddef>
#include <string>

#include "spec/search_space.hpp"

namespace zcnas::score {

struct IndexedArch {
  std::size_t index = 0;  // position in the user's list (kept through shards)
  std::string canonical;
  spec::Architecture arch;
};

}  // namespace zcnas::score
