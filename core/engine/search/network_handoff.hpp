#pragma once
// The network a live candidate was measured on (params, FLOPs), handed on to its scoring,
// so that each candidate's network is built once. The cost model puts it, the live scorer
// takes it; one slot, because the loop measures and scores one candidate at a time. The
// FLOP count runs in eval mode under no_grad, so it leaves the weights and BatchNorm
// statistics as built.

#include <optional>
#include <string>

#include "zcnas/net/network.hpp"

namespace zcnas::search {

class NetworkHandoff {
 public:
  void put(std::string canonical, Network network) {
    canonical_ = std::move(canonical);
    network_.emplace(std::move(network));
  }
  // The network of `canonical`, if it is the one put last (then the slot is empty).
  std::optional<Network> take(const std::string& canonical) {
    if (!network_ || canonical != canonical_) return std::nullopt;
    std::optional<Network> out(std::move(*network_));
    network_.reset();
    return out;
  }

 private:
  std::string canonical_;
  std::optional<Network> network_;
};

}  // namespace zcnas::search
