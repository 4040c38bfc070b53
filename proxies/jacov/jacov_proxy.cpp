// jacov: Mellor et al.'s Jacobian covariance as NAS-Bench-Suite-Zero computes it. J = the
// per-sample input Jacobian of the summed output (one row per sample), C = its correlation
// matrix, l = eigenvalues of C: score = -sum_i [log(l_i + k) + 1 / (l_i + k)], k = 1e-5.
// Reads the shared output-sum pass.

#include <cmath>

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/statistics.hpp>

namespace {

zcnas::PassRequest request() {
  zcnas::PassRequest r;
  r.objective = zcnas::PassObjective::output_sum;
  r.input_grad = true;
  return r;
}

class JacovProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "jacov";
    m.version = "1.0.0";
    m.description = "-sum log(l+k) + 1/(l+k) over eigenvalues l of the correlation of per-sample input Jacobians";
    m.pass = request();
    m.params = {{"k", zcnas::ParamType::real, 1e-5, "the regulariser added to every eigenvalue"}};
    return m;
  }
  explicit JacovProxy(const zcnas::ParamSet& p) : k_(p.real("k")) {}

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    auto pass = ctx.pass(0, request());
    if (!pass) return std::move(pass).error();
    const at::Tensor& j = (*pass)->input_grad;
    if (j.size(0) < 2) return zcnas::Error(zcnas::ErrorKind::proxy, "jacov needs a batch of at least 2 samples");
    const at::Tensor corr = zcnas::stats::correlation_matrix(j);
    if (!corr.isfinite().all().item<bool>())
      return zcnas::Error(zcnas::ErrorKind::numeric,
                          "a sample's input Jacobian is constant (the output does not depend on the input)");
    const at::Tensor l = zcnas::stats::symmetric_eigenvalues(corr) + k_;
    return -(l.log() + l.reciprocal()).sum().item<double>();
  }

 private:
  double k_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(JacovProxy)
