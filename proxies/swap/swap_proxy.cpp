// swap: SWAP's sample-wise activation patterns. Every unit of every activation site gives
// one pattern: the S bits "fires on sample s" (output > 0) over the S samples of one batch;
// the score is the number of distinct patterns. With S <= 64 a pattern packs into one
// 64-bit word, and counting distinct words replaces unique rows of a samples x units matrix.
// reg-swap multiplies by exp(-(P - mu)^2 / sigma), P the parameter count in thousands.
// Reads activation taps of the shared cross-entropy pass.

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>

namespace {

zcnas::PassRequest request() {
  zcnas::PassRequest r;
  r.objective = zcnas::PassObjective::cross_entropy;
  r.taps.activations.outputs = true;
  return r;
}

// Distinct columns of the samples x units 0/1 matrices in `codes` (uint8, contiguous, side
// by side: the units of every site).
std::int64_t distinct_patterns(const std::vector<at::Tensor>& codes) {
  const std::int64_t samples = codes.front().size(0);
  if (samples > 64) return std::get<0>(at::unique_dim(at::cat(codes, 1).t().contiguous(), 0)).size(0);
  std::vector<std::uint64_t> words;
  for (const auto& fires : codes) {
    const std::int64_t units = fires.size(1);
    const std::size_t base = words.size();
    words.resize(base + static_cast<std::size_t>(units), 0);
    const auto* f = fires.data_ptr<std::uint8_t>();
    for (std::int64_t s = 0; s < samples; ++s) {
      const std::uint64_t bit = std::uint64_t{1} << s;
      const std::uint8_t* row = f + s * units;
      std::uint64_t* w = words.data() + base;
      for (std::int64_t u = 0; u < units; ++u) w[u] |= row[u] ? bit : 0;
    }
  }
  std::sort(words.begin(), words.end());
  return std::unique(words.begin(), words.end()) - words.begin();
}

class SwapProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "swap";
    m.version = "1.0.0";
    m.description = "Distinct sample-wise activation patterns over all activation units (SWAP; reg-SWAP optional)";
    m.needs.labels = true;  // only because it shares the cross-entropy pass
    m.pass = request();
    m.params = {{"regularise", zcnas::ParamType::boolean, false, "multiply by exp(-(P - mu)^2 / sigma) (reg-SWAP)"},
                {"mu", zcnas::ParamType::real, 0.0, "reg-SWAP: the preferred parameter count, in thousands"},
                {"sigma", zcnas::ParamType::real, 1.0, "reg-SWAP: the width of the preference, in thousands^2"}};
    return m;
  }
  explicit SwapProxy(const zcnas::ParamSet& p)
      : regularise_(p.boolean("regularise")), mu_(p.real("mu")), sigma_(p.real("sigma")) {
    if (regularise_ && !(sigma_ > 0)) throw std::invalid_argument("sigma must be > 0");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    auto pass = ctx.pass(0, request());
    if (!pass) return std::move(pass).error();
    const auto& sites = (*pass)->activations;
    if (sites.empty()) return zcnas::Error(zcnas::ErrorKind::proxy, "the network has no activation sites");
    std::vector<at::Tensor> codes;
    for (const auto& site : sites)
      codes.push_back((site.output.reshape({site.output.size(0), -1}) > 0).to(at::kByte).cpu().contiguous());
    const double swap = static_cast<double>(distinct_patterns(codes));
    if (!regularise_) return swap;
    const double p = static_cast<double>(ctx.network().parameter_count()) / 1e3;
    return swap * std::exp(-(p - mu_) * (p - mu_) / sigma_);
  }

 private:
  bool regularise_;
  double mu_, sigma_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(SwapProxy)
