#pragma once
// FLOP counting: one forward pass at batch 1 records every tapped module's shapes.
//
// Two conventions:
//  - macs: multiply-accumulates of Conv2d and Linear layers, biases included.
//  - suite_zero (default): NAS-Bench-Suite-Zero's "flops" (NASLib measures them with
//    tensorwatch's model stats): the MACs above, plus 1 per activation input element, 2 per
//    BatchNorm element, k*k per pooling output element and H*W per channel for global
//    pooling. Fitted on all 9,445 NAS-Bench-201 cells: exact per op, and within 0.01% overall.

#include <cstdint>
#include <numeric>
#include <vector>

#include "zcnas/error.hpp"

namespace zcnas {

class Network;

enum class FlopConvention : std::uint8_t { macs, suite_zero };

struct FlopCount {
  double total = 0;              // everything the convention counts, batch 1
  std::vector<double> per_layer; // MACs (+ bias) of each weighted layer, by WeightedLayer::depth
  double other = 0;              // activations, normalisation, pooling (suite_zero only)
  double hidden = 0;             // MACs (+ bias) of the layers Network::hide_layers hid

  // The weighted layers' MACs: the macs convention's total, whichever convention counted.
  double macs() const { return std::accumulate(per_layer.begin(), per_layer.end(), hidden); }
};

// `input_shape` without the batch dimension, e.g. {3, 32, 32}. Runs on the network's
// current device and dtype under no_grad. Fails if a weighted layer is not tappable.
Expected<FlopCount> count_flops(Network& network, const std::vector<std::int64_t>& input_shape,
                                FlopConvention convention = FlopConvention::suite_zero);

}  // namespace zcnas
