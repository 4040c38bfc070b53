// params: the number of trainable parameters. A surprisingly strong baseline (Spearman
// .747 with CIFAR-10 accuracy on NAS-Bench-201) and the reference every other proxy's
// bias is measured against.

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>

namespace {

class ParamsProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "params";
    m.version = "1.0.0";
    m.description = "Trainable parameter count (BatchNorm affine included), optionally in millions";
    m.params = {{"unit", zcnas::ParamType::string, std::string("count"),
                 "\"count\" for the raw number, \"millions\" as NAS-Bench-Suite-Zero reports it"}};
    return m;
  }

  explicit ParamsProxy(const zcnas::ParamSet& p) : millions_(p.string("unit") == "millions") {
    if (!millions_ && p.string("unit") != "count")
      throw std::invalid_argument("unit must be \"count\" or \"millions\", got \"" + p.string("unit") + "\"");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    const double n = static_cast<double>(ctx.network().parameter_count());
    return millions_ ? n / 1e6 : n;
  }

 private:
  bool millions_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(ParamsProxy)
