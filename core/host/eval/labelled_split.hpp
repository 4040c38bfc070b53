#pragma once
// Which architectures a combiner may learn from and which it is judged on: a seeded split of
// the rows into a labelled subset and the held-out rest, so nobody measures on the
// architectures they selected with.

#include <cstdint>
#include <vector>

namespace zcnas::eval {

struct Split {
  std::vector<std::size_t> labelled, held_out;  // row indices, ascending
};

// `labelled` rows drawn without replacement by `seed` (SplitMix64 Fisher-Yates: the same on
// every platform); the rest held out. labelled >= rows leaves nothing to judge on: all
// rows labelled, none held out.
Split split_rows(std::size_t rows, std::size_t labelled, std::uint64_t seed);

}  // namespace zcnas::eval
