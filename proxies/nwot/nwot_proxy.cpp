// nwot: Mellor et al.'s "NAS without training" score. c = the binary activation code of each
// sample at one activation site (unit fires: output > 0; for GELU as for ReLU, output > 0
// exactly when input > 0), K = sum over sites of c c^T + (1 - c)(1 - c)^T (samples agreeing
// per unit), score = log |det K|. Reads activation taps of the shared cross-entropy pass
// (forward only when nothing else in the pool needs its backward).

#include <ATen/ATen.h>

#include <zcnas/plugin.hpp>
#include <zcnas/probe/activation_patterns.hpp>
#include <zcnas/probe/context.hpp>

namespace {

class NwotProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "nwot";
    m.version = "1.0.0";
    m.description = "log |det K|, K = sum over activation sites of the samples' binary-code agreement matrix";
    m.pass = zcnas::patterns::activation_request();
    return m;
  }
  explicit NwotProxy(const zcnas::ParamSet&) {}

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    auto pass = ctx.pass(0, zcnas::patterns::activation_request());
    if (!pass) return std::move(pass).error();
    const auto& sites = (*pass)->activations;
    if (sites.empty()) return zcnas::Error(zcnas::ErrorKind::proxy, "the network has no activation sites");
    at::Tensor k;
    for (const auto& site : sites) {
      const at::Tensor& out = site.output_sign;
      // Products of 0/1 codes are exact in float32 up to 2^24 units per site; K sums in float64.
      const at::Tensor c = (out.reshape({out.size(0), -1}) > 0).to(at::kFloat);
      const at::Tensor agree = at::matmul(c, c.t()) + at::matmul(1 - c, (1 - c).t());
      k = k.defined() ? k + agree.to(at::kDouble) : agree.to(at::kDouble);
    }
    const auto [sign, logabsdet] = at::linalg_slogdet(k);  // on the device, like K itself
    return logabsdet.item<double>();
  }
};

}  // namespace

ZCNAS_EXPORT_PROXY(NwotProxy)
