#pragma once
// The check every fidelity test makes: build an architecture and compare its parameter count
// with a reference printed in millions to 6 decimals (NAS-Bench-Suite-Zero's precision).

#include <catch2/catch.hpp>

#include <cmath>

#include "net/families/build_network.hpp"

namespace zcnas::test {

// True when the built network's count matches; a mismatch is also a failed check.
inline bool params_match(const spec::SearchSpace& space, const spec::Architecture& arch, double reference_millions) {
  auto net = net::build_network(space, arch, 0);
  CATCH_REQUIRE(net);
  const double ours = static_cast<double>(net->parameter_count()) / 1e6;
  const bool match = std::fabs(ours - reference_millions) <= 0.5e-6;
  if (!match) CATCH_CHECK(ours == Approx(reference_millions).margin(0.5e-6));
  return match;
}

}  // namespace zcnas::test
