#pragma once
// Which architectures a job works on (a file of canonical strings, a seeded sample, or the
// whole space), and which of them this process takes (--shard i/N). Torch-free.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "score/indexed_arch.hpp"
#include "spec/search_space.hpp"
#include "zcnas/error.hpp"

namespace zcnas::run {

// Exactly one of the three.
struct ArchSelection {
  std::string archs_file;   // one canonical string per line ('#' comments)
  std::int64_t sample = 0;  // or: this many seeded random architectures (unique)
  std::uint64_t sample_seed = 0;
  bool enumerate = false;   // or: every architecture of a finite space
};

// The selected architectures, parsed: each is checked against the space once, here.
using SelectedArch = score::IndexedArch;
Expected<std::vector<SelectedArch>> select_architectures(const spec::SearchSpace& space, const ArchSelection& c);

// "i/N" with 0 <= i < N.
Expected<std::pair<std::size_t, std::size_t>> parse_shard(const std::string& text);

}  // namespace zcnas::run
