#pragma once
// FLOP counting from the weighted layers (multiply-accumulates, the convention of
// NAS-Bench-201 and NAS-Bench-Suite-Zero's "flops"): one forward pass at batch 1
// records every layer's shapes through its tap slot.

#include <cstdint>
#include <vector>

#include "zcnas/error.hpp"

namespace zcnas {

class Network;

struct FlopCount {
  double total = 0;                 // multiply-accumulates, batch 1, biases counted
  std::vector<double> per_layer;    // indexed by WeightedLayer::depth
};

// `input_shape` without the batch dimension, e.g. {3, 32, 32}. Runs on the network's
// current device and dtype under no_grad. Fails if a weighted layer is not tappable.
Expected<FlopCount> count_flops(Network& network, const std::vector<std::int64_t>& input_shape);

}  // namespace zcnas
