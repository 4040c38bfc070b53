#pragma once
// Turns (space, architecture) into a Network, by the space's family. Each family is one
// file in this folder; a family without a builder yet is refused by name, never faked.

#include <cstdint>

#include "spec/search_space.hpp"
#include "zcnas/error.hpp"
#include "zcnas/net/network.hpp"
#include "zcnas/probe/context.hpp"

namespace zcnas::net {

// `seed` fixes the initial weights (LibTorch's default initialisation, seeded).
Expected<Network> build_network(const spec::SearchSpace& space, const spec::Architecture& arch, std::uint64_t seed);

// The probe contexts' factory for `arch`: builds it again for a seed, with changed space
// settings when asked (spec::with_settings names a setting the space lacks). `space` must
// outlive the factory.
NetworkFactory network_factory(const spec::SearchSpace& space, const spec::Architecture& arch);

// Families with a builder, for messages and `zcnas space info`.
std::vector<std::string> buildable_families();

}  // namespace zcnas::net
