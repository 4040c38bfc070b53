#pragma once
// Supernets of a space (zcnas/search/supernet.hpp): which spaces have one, which supernets
// still hold a valid architecture, and their text. A supernet exists where every decision
// is an edge of a dag cell (NAS-Bench-201, TransNAS-Bench-101 micro) or an input slot of a
// darts cell (its state and its op). Torch-free; the net layer builds their networks.

#include <string>

#include "spec/search_space.hpp"
#include "zcnas/error.hpp"
#include "zcnas/search/supernet.hpp"

namespace zcnas::spec {

using zcnas::Supernet;

// Every option of every decision alive, or why the space has no supernet (naming the
// decision that is no cell edge or input slot).
Expected<Supernet> full_supernet(const SearchSpace& space);

// Whether every decision has an alive option and, for darts cells, each node's two slots
// can still take distinct states.
bool can_complete(const SearchSpace& space, const Supernet& supernet);

// Shape and range checks (decision count, options in range, ascending, none empty).
Expected<void> check(const SearchSpace& space, const Supernet& supernet);

// "op(0,1)={skip_connect,nor_conv_3x3} op(0,2)={none} ...": every decision with its alive options.
std::string to_text(const SearchSpace& space, const Supernet& supernet);

// The supernet holding only `arch`.
Supernet supernet_of(const Architecture& arch);

}  // namespace zcnas::spec
