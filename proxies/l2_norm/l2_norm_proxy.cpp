// l2_norm: sum over Conv2d/Linear layers of the Frobenius norm of the weight. Data-free;
// NAS-Bench-Suite-Zero's l2_norm (Spearman .720 with NB201 CIFAR-10 accuracy).

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>

namespace {

class L2NormProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "l2_norm";
    m.version = "1.0.0";
    m.description = "Sum over Conv2d/Linear layers of ||W||_2 (Frobenius norm of the weight)";
    return m;
  }
  explicit L2NormProxy(const zcnas::ParamSet&) {}

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    at::Tensor sum;  // on the device, one transfer
    for (const auto& layer : ctx.network().layers()) {
      const at::Tensor norm = layer.weight.detach().to(at::kDouble).norm();
      sum = sum.defined() ? sum + norm : norm;
    }
    return sum.defined() ? sum.item<double>() : 0.0;
  }
};

}  // namespace

ZCNAS_EXPORT_PROXY(L2NormProxy)
