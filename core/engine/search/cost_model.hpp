#pragma once
// Parameters and FLOPs of a candidate, measured on its real network (built, one forward
// pass at batch 1) before any proxy runs. FLOPs follow NAS-Bench-Suite-Zero's convention
// (zcnas/net/flops.hpp). The bounds they are checked against: search/cost_bounds.hpp.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "search/cost_bounds.hpp"
#include "spec/search_space.hpp"
#include "zcnas/error.hpp"

namespace zcnas::score {
class NetworkHandoff;
}

namespace zcnas::search {


class CostModel {
 public:
  // `classes` and `input_shape` (C, H, W) as the candidates are scored; 0 / empty: the space's.
  CostModel(spec::SearchSpace space, std::int64_t classes, std::vector<std::int64_t> input_shape);

  // Each network measured is built with `seed` (as it is scored) and put into `handoff`
  // for the scorer, instead of being dropped.
  void hand_networks_to(std::shared_ptr<score::NetworkHandoff> handoff, std::uint64_t seed);

  // The cost of `arch`; `flops` only when `with_flops`. Errors say why the network could
  // not be built or run.
  Expected<Cost> measure(const spec::Architecture& arch, const std::string& canonical, bool with_flops);

 private:
  spec::SearchSpace space_;
  std::vector<std::int64_t> input_shape_;
  std::map<std::string, Cost> cache_;
  std::shared_ptr<score::NetworkHandoff> handoff_;
  std::uint64_t seed_ = 0;
};

}  // namespace zcnas::search
