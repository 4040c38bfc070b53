#pragma once
// Turns (space, architecture) into a Network, by the space's family. Each family is one
// file in this folder; a family without a builder yet is refused by name, never faked.

#include <cstdint>

#include "spec/search_space.hpp"
#include "zcnas/error.hpp"
#include "zcnas/net/network.hpp"
#include "zcnas/probe/context.hpp"
#include "zcnas/search/supernet.hpp"

namespace zcnas::net {

// `seed` fixes the initial weights (LibTorch's default initialisation, seeded).
Expected<Network> build_network(const spec::SearchSpace& space, const spec::Architecture& arch, std::uint64_t seed);

// The probe contexts' factory for `arch`: builds it again for a seed, with changed space
// settings when asked (spec::with_settings names a setting the space lacks). `space` must
// outlive the factory.
NetworkFactory network_factory(const spec::SearchSpace& space, const spec::Architecture& arch);

// The network of a supernet (zcnas/search/supernet.hpp): every alive op of an edge run and
// averaged, for pruning searches. Built for spaces whose network is written in the DSL
// (NAS-Bench-201's), TransNAS micro and DARTS (input slots); the other families refuse by name.
Expected<Network> build_supernet(const spec::SearchSpace& space, const Supernet& supernet, std::uint64_t seed);
NetworkFactory supernet_factory(const spec::SearchSpace& space, const Supernet& supernet);

// Families with a builder, for messages and `zcnas space info`.
std::vector<std::string> buildable_families();

}  // namespace zcnas::net
