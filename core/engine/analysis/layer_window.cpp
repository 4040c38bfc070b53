#include "analysis/layer_window.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <zcnas/probe/context.hpp>
#include <zcnas/probe/layer_gradients.hpp>

namespace zcnas::analysis {

LayerProfile::LayerProfile(int bins, std::int64_t batches, bool of_magnitude)
    : bins_(bins), batches_(batches), of_magnitude_(of_magnitude), sum_(bins), sum_sq_(bins), lambda_sum_(bins),
      count_(bins) {}

Expected<void> LayerProfile::add(ProbeContext& ctx) {
  auto stats = gradients::layer_gradient_stats(ctx, batches_, of_magnitude_);
  if (!stats) return std::move(stats).error();
  const int layer_count = static_cast<int>(stats->size());
  for (const auto& layer : *stats) {
    if (!layer.on_path || layer.kept == 0) continue;
    const int bin = gradients::percentile_bin(layer.depth, layer_count, bins_);
    const double v = std::log(layer.mean_sigma);
    sum_[bin] += v;
    sum_sq_[bin] += v * v;
    lambda_sum_[bin] += std::log(layer.sum_inverse_sigma);
    ++count_[bin];
  }
  ++networks_;
  return {};
}

std::vector<BinSummary> LayerProfile::summary() const {
  std::vector<BinSummary> out(bins_);
  for (int b = 0; b < bins_; ++b) {
    out[b].bin = b;
    out[b].layers = count_[b];
    if (count_[b] == 0) continue;
    const double n = static_cast<double>(count_[b]);
    out[b].mean_log_sigma = sum_[b] / n;
    out[b].std_log_sigma = std::sqrt(std::max(0.0, sum_sq_[b] / n - out[b].mean_log_sigma * out[b].mean_log_sigma));
    out[b].mean_lambda_term = lambda_sum_[b] / n;
  }
  return out;
}

WindowProposal propose_window(const std::vector<BinSummary>& bins) {
  WindowProposal w;
  std::vector<double> means;
  for (const auto& b : bins)
    if (b.layers > 0) means.push_back(b.mean_log_sigma);
  w.rule =
      "spike = the bin whose mean log sigma lies furthest from the median of the bin means, widened over "
      "neighbouring bins while they stay at least half as far from the median on the same side; when that bin is "
      "the first or the last one holding layers, the curve is a trend, not a spike, and the window is every bin";
  if (means.empty()) return w;
  std::vector<double> sorted = means;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  w.baseline = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  double peak_dev = -1;
  for (const auto& b : bins) {
    if (b.layers == 0) continue;
    const double dev = std::abs(b.mean_log_sigma - w.baseline);
    if (dev > peak_dev) peak_dev = dev, w.peak = b.bin;
  }
  int first = -1, last = -1;
  for (const auto& b : bins)
    if (b.layers > 0) last = b.bin, first = first < 0 ? b.bin : first;
  w.threshold = peak_dev / 2;
  if (w.peak == first || w.peak == last) {
    w.trend = true;
    w.lo = 0;
    w.hi = static_cast<int>(bins.size()) - 1;
    return w;
  }
  const double sign = bins[w.peak].mean_log_sigma >= w.baseline ? 1.0 : -1.0;
  auto inside = [&](int b) {
    return b >= 0 && b < static_cast<int>(bins.size()) && bins[b].layers > 0 &&
           sign * (bins[b].mean_log_sigma - w.baseline) >= w.threshold;
  };
  w.lo = w.hi = w.peak;
  while (inside(w.lo - 1)) --w.lo;
  while (inside(w.hi + 1)) ++w.hi;
  return w;
}

}  // namespace zcnas::analysis
