#pragma once
// Spaces whose network is written in the DSL (`network { ... }`): the bound template
// (spec/network_binder.hpp) built module for module from the registered ops. Blocks and
// cells are name scopes, so a parameter is called `mbconv3.conv1.weight` or
// `cell4.edge_0_1.op.conv.weight` after the DSL's own names.

#include <cstdint>

#include "spec/search_space.hpp"
#include "zcnas/error.hpp"
#include "zcnas/net/network.hpp"
#include "zcnas/search/supernet.hpp"

namespace zcnas::net {

Expected<Network> build_template_network(const spec::SearchSpace& space, const spec::Architecture& arch);
// The supernet's network: every alive op of an edge, averaged (spec::bind_supernet); each
// module's weights drawn from `seed` and its name (supernet_seed.hpp).
Expected<Network> build_template_supernet(const spec::SearchSpace& space, const Supernet& supernet, std::uint64_t seed);

}  // namespace zcnas::net
