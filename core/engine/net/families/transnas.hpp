#pragma once
// TransNAS-Bench-101 (Duan et al., CVPR 2021) networks, as its MacroNet builds the encoder:
// stem conv 3x3/2 (half the base width) + BN, ReLUConvBN 3x3/2 (base width); then one layer
// of two blocks per macro code digit (1 plain, 2 width x2, 3 stride 2, 4 both). The micro
// family's blocks are its searched 4-node cell; the macro family's are ResNet basic blocks.
// Head: global average pooling and a linear classifier, as NASLib's classification tasks
// (class_object 100 classes, class_scene 63) put on the encoder.

#include "spec/search_space.hpp"
#include "zcnas/error.hpp"
#include "zcnas/net/network.hpp"
#include "zcnas/search/supernet.hpp"

namespace zcnas::net {

Expected<Network> build_transnas_micro(const spec::SearchSpace& space, const spec::Architecture& arch);
// The micro supernet: every alive op of an edge, averaged (TE-NAS's pruning); each op's
// weights drawn from `seed` and its name (supernet_seed.hpp).
Expected<Network> build_transnas_micro_supernet(const spec::SearchSpace& space, const Supernet& supernet,
                                                std::uint64_t seed);
Expected<Network> build_transnas_macro(const spec::SearchSpace& space, const spec::Architecture& arch);

}  // namespace zcnas::net
