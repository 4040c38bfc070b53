#pragma once
// NAS-Bench-201's network (Dong & Yang, ICLR 2020; xautodl's TinyNetwork + InferCell):
// stem conv 3x3 + BN; stages of identical DAG cells with a residual reduction block between
// stages; BN-ReLU, global average pooling, linear classifier.

#include "spec/search_space.hpp"
#include "zcnas/error.hpp"
#include "zcnas/net/network.hpp"

namespace zcnas::net {

Expected<Network> build_cell_network(const spec::SearchSpace& space, const spec::Architecture& arch);

}  // namespace zcnas::net
