#pragma once
// The DARTS evaluation network (Liu et al., ICLR 2019, NetworkCIFAR) as NAS-Bench-301 trains
// it: stem conv (3C) + BN, `layers` cells with reductions at 1/3 and 2/3 of the depth,
// each cell the concatenation of its 4 intermediate nodes; global pooling, classifier.
// No auxiliary head: it does not take part in scoring.

#include "spec/search_space.hpp"
#include "zcnas/error.hpp"
#include "zcnas/net/network.hpp"
#include "zcnas/search/supernet.hpp"

namespace zcnas::net {

Expected<Network> build_darts(const spec::SearchSpace& space, const spec::Architecture& arch);
// The slot supernet of TE-NAS-style pruning: each input slot of a node averages every alive
// (state, op) pair through its own module; each module's weights drawn from `seed` and its
// name (supernet_seed.hpp).
Expected<Network> build_darts_supernet(const spec::SearchSpace& space, const Supernet& supernet, std::uint64_t seed);

}  // namespace zcnas::net
