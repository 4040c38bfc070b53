#pragma once
// NAS-Bench-101's network (Ying et al., ICML 2019; the reference TF code's build_module,
// as ported to PyTorch by nasbench_pytorch / NASLib): stem ConvBnRelu 3x3, stacks of cells
// with 2x2 max-pool down-sampling and channel doubling between stacks, global average
// pooling, linear classifier. Inside a cell, channels are split by the output's in-degree
// and inputs truncated or projected to each vertex's width.

#include "spec/search_space.hpp"
#include "zcnas/error.hpp"
#include "zcnas/net/network.hpp"

namespace zcnas::net {

Expected<Network> build_nasbench101(const spec::SearchSpace& space, const spec::Architecture& arch);

}  // namespace zcnas::net
