#pragma once
// A small fixed CNN (two Conv-BN-ReLU blocks, global pooling, a classifier) built from the
// tappable zcnas::nn modules. It backs `zcnas doctor` and the tests of the tensor
// interface; the real network families are built from DSL space declarations.

#include <cstdint>

#include "zcnas/net/network.hpp"

namespace zcnas::net {

struct ToyCnnOptions {
  std::int64_t in_channels = 3;
  std::int64_t width = 8;  // first block's channels; the second has twice as many
  std::int64_t num_classes = 10;
  std::uint64_t seed = 0;  // weights are drawn from this seed
};

Network make_toy_cnn(const ToyCnnOptions& options = {});

}  // namespace zcnas::net
