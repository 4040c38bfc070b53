#pragma once
// A network built already, handed on to where it is scored, so that it is built once: a
// live search's cost model puts the network it measured (params, FLOPs), the search's
// ScoreRun takes it for that candidate. One slot, because candidates are measured and
// scored one at a time. The FLOP count runs in eval mode under no_grad, so it leaves the
// weights and BatchNorm statistics as built.

#include <optional>
#include <string>

#include "zcnas/net/network.hpp"

namespace zcnas::score {

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
  void clear() { network_.reset(); }

 private:
  std::string canonical_;
  std::optional<Network> network_;
};

}  // namespace zcnas::score
