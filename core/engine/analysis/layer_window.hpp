#pragma once
// L-SWAG's layer-window analysis: over many random networks of a space, the mean and spread
// of log sigma (the spread of a layer's weight gradients across batches) in each
// depth-percentile bin, and the window a researcher would read off that curve: where its
// spike starts and ends. The rule is stated in propose_window() and printed with every result.

#include <cstdint>
#include <string>
#include <vector>

#include "zcnas/error.hpp"

namespace zcnas {
class ProbeContext;
}

namespace zcnas::analysis {

struct BinSummary {
  int bin = 0;
  std::int64_t layers = 0;     // layer values that fell into the bin, over every network
  double mean_log_sigma = 0;   // mean over those layers of log(mean_w sigma_w)
  double std_log_sigma = 0;    // their population standard deviation
  double mean_lambda_term = 0; // mean of the layer's Lambda term log(sum_w 1/sigma_w)
};

struct WindowProposal {
  int lo = 0, hi = 0;
  int peak = 0;          // the bin furthest from the curve's median
  double baseline = 0;   // the median of the bin means
  double threshold = 0;  // |mean - baseline| that a bin must reach to be in the spike
  bool trend = false;    // the extreme bin is at an end: no spike, the window is every bin
  std::string rule;      // the rule, in words
};

class LayerProfile {
 public:
  explicit LayerProfile(int bins = 10, std::int64_t batches = 2, bool of_magnitude = true);

  // Adds one network's layers (the gradient passes of `ctx`, batches 0..batches-1).
  Expected<void> add(ProbeContext& ctx);

  int bins() const noexcept { return bins_; }
  std::int64_t networks() const noexcept { return networks_; }
  std::vector<BinSummary> summary() const;

 private:
  int bins_;
  std::int64_t batches_;
  bool of_magnitude_;
  std::int64_t networks_ = 0;
  std::vector<double> sum_, sum_sq_, lambda_sum_;
  std::vector<std::int64_t> count_;
};

// The spike: the bin whose mean log sigma lies furthest from the median of the bin means,
// widened over its neighbours while they stay at least half as far from the median on the
// same side (a full width at half maximum). Bins without layers break the run. An extreme
// at the first or last bin is a trend (log sigma falling or rising with depth), not a
// spike: then the window is every bin. NAS-Bench-201's curve is such a trend.
WindowProposal propose_window(const std::vector<BinSummary>& bins);

}  // namespace zcnas::analysis
