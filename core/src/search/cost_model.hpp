#pragma once
// Parameters and FLOPs of a candidate, measured on its real network (built, one forward
// pass at batch 1) and checked against the space's and the config's bounds before any
// proxy runs. FLOPs follow NAS-Bench-Suite-Zero's convention (zcnas/net/flops.hpp).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "spec/search_space.hpp"
#include "zcnas/error.hpp"

namespace zcnas::search {

struct Cost {
  double params = 0;
  double flops = 0;  // NAS-Bench-Suite-Zero's convention (zcnas/net/flops.hpp)
  double macs = 0;   // multiply-accumulates of convs and linears (+ biases), as thop and Zen-NAS count "FLOPs"
};

class CostModel {
 public:
  // `classes` and `input_shape` (C, H, W) as the candidates are scored; 0 / empty: the space's.
  CostModel(spec::SearchSpace space, std::int64_t classes, std::vector<std::int64_t> input_shape);

  // The cost of `arch`; `flops` only when `with_flops`. Errors say why the network could
  // not be built or run.
  Expected<Cost> measure(const spec::Architecture& arch, const std::string& canonical, bool with_flops);

 private:
  spec::SearchSpace space_;
  std::vector<std::int64_t> input_shape_;
  std::map<std::string, Cost> cache_;
};

// The first bound `cost` breaks, as a sentence ("params 25.1M above the maximum 24M"), or "".
// `measured_flops` false: FLOPs and MACs bounds are not checked yet.
std::string broken_bound(const std::vector<spec::Constraint>& bounds, const Cost& cost, bool measured_flops);
// Whether checking a bound needs the forward pass that counts FLOPs and MACs, not just the
// parameter count.
bool needs_flops(const spec::Constraint& bound);
bool needs_flops(const std::vector<spec::Constraint>& bounds);

}  // namespace zcnas::search
