#pragma once
// A candidate's cost (parameters, FLOPs, MACs) and the space's and the config's bounds on
// it: which bound a cost breaks, and which bounds need the FLOP-counting pass. Torch-free;
// the cost is measured by search/cost_model.hpp.

#include <string>
#include <vector>

#include "spec/search_space.hpp"

namespace zcnas::search {

struct Cost {
  double params = 0;
  double flops = 0;  // NAS-Bench-Suite-Zero's convention (zcnas/net/flops.hpp)
  double macs = 0;   // multiply-accumulates of convs and linears (+ biases), as thop and Zen-NAS count "FLOPs"
};

// The first bound `cost` breaks, as a sentence ("params 25.1M above the maximum 24M"), or "".
// `measured_flops` false: FLOPs and MACs bounds are not checked yet.
std::string broken_bound(const std::vector<spec::Constraint>& bounds, const Cost& cost, bool measured_flops);
// Whether checking a bound needs the forward pass that counts FLOPs and MACs, not just the
// parameter count.
bool needs_flops(const spec::Constraint& bound);
bool needs_flops(const std::vector<spec::Constraint>& bounds);

}  // namespace zcnas::search
