// meco: MeCo (Jiang et al., NeurIPS 2023), the minimum eigenvalue of the channel correlation
// of feature maps. For each Conv2d layer's output on one sample (C x H*W), the C x C Pearson
// correlation of its channels (NaN entries of constant channels set to 0, as MeCo does), its
// smallest eigenvalue; score = sum over layers. MeCo hooks every module of the network; this
// reads Conv2d outputs, the layers every family has. Reads layer taps of the shared pass.

#include <vector>

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/statistics.hpp>

namespace {

zcnas::PassRequest request() {
  zcnas::PassRequest r;
  r.objective = zcnas::PassObjective::cross_entropy;
  r.taps.layers.outputs = true;
  return r;
}

class MecoProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "meco";
    m.version = "1.0.0";
    m.description = "Sum over Conv2d layers of the minimum eigenvalue of one sample's channel correlation matrix";
    m.pass = request();
    m.params = {{"sample", zcnas::ParamType::integer, std::int64_t{0}, "which sample of the batch (MeCo takes the first)"}};
    return m;
  }
  explicit MecoProxy(const zcnas::ParamSet& p) : sample_(p.integer("sample")) {
    if (sample_ < 0) throw std::invalid_argument("sample must be >= 0");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    auto pass = ctx.pass(0, request());
    if (!pass) return std::move(pass).error();
    std::vector<at::Tensor> minima;  // per layer, on the device; one transfer at the end
    for (const auto& slot : (*pass)->layers) {
      if (!slot.output.defined() || slot.output.dim() != 4) continue;
      if (sample_ >= slot.output.size(0))
        return zcnas::Error(zcnas::ErrorKind::proxy, "sample " + std::to_string(sample_) + " is beyond the batch");
      const at::Tensor f = slot.output[sample_];
      if (f.size(0) < 2) continue;  // one channel has no correlation matrix
      at::Tensor corr = zcnas::stats::correlation_matrix(f);
      corr = at::nan_to_num(corr, 0.0, 0.0, 0.0);
      minima.push_back(zcnas::stats::symmetric_eigenvalues(corr)[0]);
    }
    if (minima.empty()) return zcnas::Error(zcnas::ErrorKind::proxy, "the network has no Conv2d layer with 2+ channels");
    const at::Tensor host = at::stack(minima).to(at::kCPU);
    const auto values = host.accessor<double, 1>();
    double sum = 0;  // summed in layer order on the host, as before the values were batched
    for (std::int64_t i = 0; i < values.size(0); ++i) sum += values[i];
    return sum;
  }

 private:
  std::int64_t sample_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(MecoProxy)
