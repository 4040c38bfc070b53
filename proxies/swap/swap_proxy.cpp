// swap: SWAP's sample-wise activation patterns. Every unit of every activation site gives
// one pattern: the S bits "fires on sample s" (output > 0) over the S samples of one batch;
// the score is the number of distinct patterns (zcnas/probe/activation_patterns.hpp).
// reg-swap multiplies by exp(-(P - mu)^2 / sigma), P the parameter count in thousands.
// Reads activation taps of the shared cross-entropy pass.

#include <ATen/ATen.h>

#include <cmath>
#include <vector>

#include <zcnas/plugin.hpp>
#include <zcnas/probe/activation_patterns.hpp>
#include <zcnas/probe/context.hpp>

namespace {

class SwapProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "swap";
    m.version = "1.0.0";
    m.description = "Distinct sample-wise activation patterns over all activation units (SWAP; reg-SWAP optional)";
    m.pass = zcnas::patterns::activation_request();
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
    auto pass = ctx.pass(0, zcnas::patterns::activation_request());
    if (!pass) return std::move(pass).error();
    const auto& sites = (*pass)->activations;
    if (sites.empty()) return zcnas::Error(zcnas::ErrorKind::proxy, "the network has no activation sites");
    std::vector<at::Tensor> codes;
    for (const auto& site : sites)
      codes.push_back(zcnas::patterns::firing_codes(site.output_sign));
    const double swap = static_cast<double>(zcnas::patterns::distinct_patterns(codes));
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
