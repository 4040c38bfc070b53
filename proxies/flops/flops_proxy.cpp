// flops: the forward cost of one input (batch 1). By default NAS-Bench-Suite-Zero's
// convention (Conv2d/Linear multiply-accumulates plus activations, BatchNorm and pooling;
// see zcnas/net/flops.hpp), so scores compare with its tables; "macs" counts the
// multiply-accumulates of Conv2d and Linear layers alone.

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
    m.description = "Forward FLOPs of one input, NAS-Bench-Suite-Zero's convention or plain MACs";
    m.params = {{"unit", zcnas::ParamType::string, std::string("count"),
                 "\"count\" for the raw number, \"millions\" (MFLOPs) as NAS-Bench-Suite-Zero reports it"},
                {"convention", zcnas::ParamType::string, std::string("suite_zero"),
                 "\"suite_zero\" (MACs + activations, BatchNorm, pooling) or \"macs\" (Conv2d/Linear only)"}};
    return m;
  }

  explicit FlopsProxy(const zcnas::ParamSet& p) : millions_(p.string("unit") == "millions") {
    if (!millions_ && p.string("unit") != "count")
      throw std::invalid_argument("unit must be \"count\" or \"millions\", got \"" + p.string("unit") + "\"");
    const std::string& c = p.string("convention");
    if (c != "suite_zero" && c != "macs")
      throw std::invalid_argument("convention must be \"suite_zero\" or \"macs\", got \"" + c + "\"");
    convention_ = c == "macs" ? zcnas::FlopConvention::macs : zcnas::FlopConvention::suite_zero;
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    if (ctx.input_shape().empty())
      return zcnas::Error(zcnas::ErrorKind::invalid_argument, "the probe context has no input shape");
    auto count = zcnas::count_flops(ctx.network(), ctx.input_shape(), convention_);
    if (!count) return std::move(count).error();
    return millions_ ? count->total / 1e6 : count->total;
  }

 private:
  bool millions_;
  zcnas::FlopConvention convention_ = zcnas::FlopConvention::suite_zero;
};

}  // namespace

ZCNAS_EXPORT_PROXY(FlopsProxy)
