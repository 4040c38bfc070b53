#pragma once
// The initial weights of a supernet's modules are drawn per module, from the network seed and
// the module's name, so that an op has the same weights in every supernet it is alive in:
// TE-NAS copies the unpruned supernet's weights into each pruned one, so that a round compares
// removals and not draws. Architectures keep drawing from one stream in construction order
// (their stored scores depend on it).

#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "util/fnv_hash.hpp"

namespace zcnas::net {

inline void seed_supernet_module(std::uint64_t seed, const std::string& name) {
  torch::manual_seed(util::fnv1a64(name, util::fnv1a64(std::to_string(seed) + "/")));
}

}  // namespace zcnas::net
