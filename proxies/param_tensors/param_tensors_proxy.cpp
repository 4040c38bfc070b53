// param_tensors: the number of parameter tensors, VKDNW's aleph (Tybl & Neumann, CVPR 2025:
// `info['vkdnw_dim'] = len(list(model.named_parameters()))`, ondratybl/VKDNW
// NB201/ZeroShotProxy/compute_vkdnw_score.py @ 6901b65). VKDNW_single ranks by it first and by
// the Fisher entropy (`vkdnw`, below ln 9) second: `proxy vkdnw_single = param_tensors + vkdnw;`
// (examples/vkdnw/vkdnw.zc). On NB201 every conv op adds its weight and BatchNorm's two, so it
// is 45 x (conv ops) + a constant. Data-free.

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>

namespace {

class ParamTensorsProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "param_tensors";
    m.version = "1.0.0";
    m.description = "Number of parameter tensors (VKDNW's aleph, vkdnw_dim)";
    return m;
  }
  explicit ParamTensorsProxy(const zcnas::ParamSet&) {}

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    return static_cast<double>(ctx.network().module().parameters(/*recurse=*/true).size());
  }
};

}  // namespace

ZCNAS_EXPORT_PROXY(ParamTensorsProxy)
