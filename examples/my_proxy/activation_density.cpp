// activation_density: the fraction of activation units that fire (output > 0) on the
// first batch, averaged over activation sites in a layer window. A toy proxy that shows
// the three things most proxies do: declare parameters, ask the shared pass for taps, and
// walk the network's sites in forward order.

#include <zcnas/plugin.hpp>          // the export macro and metadata
#include <zcnas/probe/context.hpp>   // ProbeContext, Pass, Network

namespace {

class ActivationDensity final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "activation_density";
    m.version = "0.1.0";
    m.description = "Fraction of ReLU/GELU units with positive output on one batch (example plugin)";
    m.direction = zcnas::ScoreDirection::higher_is_better;
    m.pass = request();  // lets the runner share this pass with other proxies
    m.params = {
        {"first_site", zcnas::ParamType::integer, std::int64_t{0}, "first activation site counted (0-based)"},
        {"last_site", zcnas::ParamType::integer, std::int64_t{-1}, "last site counted; -1 for the last one"},
    };
    return m;
  }

  explicit ActivationDensity(const zcnas::ParamSet& p)
      : first_(p.integer("first_site")), last_(p.integer("last_site")) {
    if (first_ < 0) throw std::invalid_argument("first_site must be >= 0");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    auto pass = ctx.pass(0, request());
    if (!pass) return std::move(pass).error();
    const auto& sites = (*pass)->activations;
    const std::int64_t n = static_cast<std::int64_t>(sites.size());
    const std::int64_t last = last_ < 0 ? n - 1 : std::min(last_, n - 1);
    if (n == 0 || first_ > last)
      return zcnas::Error(zcnas::ErrorKind::proxy, "no activation sites in [" + std::to_string(first_) + ", " +
                                                       std::to_string(last_) + "]");
    double sum = 0;
    for (std::int64_t i = first_; i <= last; ++i) sum += (sites[i].output > 0).to(at::kDouble).mean().item<double>();
    return sum / static_cast<double>(last - first_ + 1);
  }

 private:
  static zcnas::PassRequest request() {
    zcnas::PassRequest r;  // forward only: no gradients needed
    r.taps.activations.outputs = true;
    return r;
  }

  std::int64_t first_, last_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(ActivationDensity)
