// az_complexity: AZ-NAS's fourth score, the network's FLOPs as the NATS-Bench API reports them
// (AZ-NAS's NB201/tss_general.ipynb takes `get_compute_costs(dataset)['flops']`; its code does
// not compute it). zcnas counts them with NAS-Bench-Suite-Zero's convention
// (zcnas/net/flops.hpp), whose NB201 numbers are the API's. In millions, as the API.

#include <zcnas/net/flops.hpp>
#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>

namespace {

class AzComplexityProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "az_complexity";
    m.version = "1.0.0";
    m.description = "AZ-NAS complexity: forward MFLOPs of one input, as the NATS-Bench API counts them";
    return m;
  }
  explicit AzComplexityProxy(const zcnas::ParamSet&) {}

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    if (ctx.input_shape().empty())
      return zcnas::Error(zcnas::ErrorKind::invalid_argument, "the probe context has no input shape");
    auto count = zcnas::count_flops(ctx.network(), ctx.input_shape(), zcnas::FlopConvention::suite_zero);
    if (!count) return std::move(count).error();
    return count->total / 1e6;
  }
};

}  // namespace

ZCNAS_EXPORT_PROXY(AzComplexityProxy)
