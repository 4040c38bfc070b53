// flops: forward multiply-accumulates for one input (batch 1), summed over every Conv2d
// and Linear layer, biases included — the count NAS-Bench-201 and NAS-Bench-Suite-Zero
// call "flops". BatchNorm, pooling and activations are not counted.

#include <zcnas/net/flops.hpp>
#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>

namespace {

class FlopsProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "flops";
    m.version = "1.0.0";
    m.description = "Forward multiply-accumulates of Conv2d and Linear layers for one input, optionally in millions";
    m.params = {{"unit", zcnas::ParamType::string, std::string("count"),
                 "\"count\" for the raw number, \"millions\" (MFLOPs) as NAS-Bench-Suite-Zero reports it"}};
    return m;
  }

  explicit FlopsProxy(const zcnas::ParamSet& p) : millions_(p.string("unit") == "millions") {
    if (!millions_ && p.string("unit") != "count")
      throw std::invalid_argument("unit must be \"count\" or \"millions\", got \"" + p.string("unit") + "\"");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    if (ctx.input_shape().empty())
      return zcnas::Error(zcnas::ErrorKind::invalid_argument, "the probe context has no input shape");
    auto count = zcnas::count_flops(ctx.network(), ctx.input_shape());
    if (!count) return std::move(count).error();
    return millions_ ? count->total / 1e6 : count->total;
  }

 private:
  bool millions_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(FlopsProxy)
