// The window rule on curves drawn by hand.
#include <catch2/catch.hpp>

#include "analysis/layer_window.hpp"

using namespace zcnas;

namespace {
std::vector<analysis::BinSummary> curve(const std::vector<double>& means) {
  std::vector<analysis::BinSummary> bins;
  for (std::size_t i = 0; i < means.size(); ++i) {
    analysis::BinSummary b;
    b.bin = static_cast<int>(i);
    b.layers = 5;
    b.mean_log_sigma = means[i];
    bins.push_back(b);
  }
  return bins;
}
}  // namespace

CATCH_TEST_CASE("the window spans the spike at half its height above the median", "[analysis]") {
  // Median 0; peak 4 at bin 5; half height 2: bins 4 (2.5), 5, 6 (3) are in, 3 (1.9) is not.
  const auto w = analysis::propose_window(curve({0, 0, 0, 1.9, 2.5, 4, 3, 0, 0, 0}));
  CATCH_CHECK(w.peak == 5);
  CATCH_CHECK(w.lo == 4);
  CATCH_CHECK(w.hi == 6);
  CATCH_CHECK(w.baseline == 0);
  CATCH_CHECK(w.threshold == 2);
}

CATCH_TEST_CASE("a dip counts as a spike, and empty bins break it", "[analysis]") {
  auto bins = curve({1, 1, -3, -2.5, 1, 1});
  CATCH_CHECK(analysis::propose_window(bins).lo == 2);
  CATCH_CHECK(analysis::propose_window(bins).hi == 3);
  bins[3].layers = 0;
  CATCH_CHECK(analysis::propose_window(bins).hi == 2);
}

CATCH_TEST_CASE("a curve that only falls with depth has no spike: the window is every bin", "[analysis]") {
  // NAS-Bench-201's shape: log sigma highest at the stem, lowest near the classifier.
  const auto w = analysis::propose_window(curve({-5, -5.7, -6.2, -6.3, -7, -7.4, -7.4, -8.1, -8.4, -7.4}));
  CATCH_CHECK(w.trend);
  CATCH_CHECK(w.peak == 0);
  CATCH_CHECK(w.lo == 0);
  CATCH_CHECK(w.hi == 9);
}
