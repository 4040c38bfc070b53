// zico: ZiCo (Li et al., ICLR 2023). For each Conv2d/Linear layer, the weights' gradients
// over B >= 2 batches give per weight mean_b |g| and std_b g (population std, as numpy);
// score = sum over layers of log( sum over weights with std > 0 of mean|g| / std ).
// Each batch's gradient is its own (ZiCo's released code lets them accumulate; the paper's
// formula does not). Reads the shared cross-entropy pass of batches 0..B-1.

#include <ATen/ATen.h>

#include <cmath>

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>

namespace {

zcnas::PassRequest request() {
  zcnas::PassRequest r;
  r.objective = zcnas::PassObjective::cross_entropy;
  r.weight_grads = true;
  return r;
}

class ZicoProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "zico";
    m.version = "1.0.0";
    m.description = "Sum over layers of log sum mean|g|/std(g), gradient statistics over >= 2 batches";
    m.needs.labels = true;
    m.needs.gradients = true;
    m.needs.min_batches = 2;
    m.pass = request();
    m.params = {{"batches", zcnas::ParamType::integer, std::int64_t{2}, "how many batches the statistics run over"}};
    return m;
  }
  explicit ZicoProxy(const zcnas::ParamSet& p) : batches_(p.integer("batches")) {
    if (batches_ < 2) throw std::invalid_argument("batches must be >= 2 (a standard deviation needs two gradients)");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    if (static_cast<std::int64_t>(ctx.batch_count()) < batches_)
      return zcnas::Error(zcnas::ErrorKind::proxy, "zico needs " + std::to_string(batches_) + " batches, the run has " +
                                                       std::to_string(ctx.batch_count()));
    const auto& layers = ctx.network().layers();
    std::vector<std::vector<at::Tensor>> grads(layers.size());
    for (std::int64_t b = 0; b < batches_; ++b) {
      auto pass = ctx.pass(static_cast<std::size_t>(b), request());
      if (!pass) return std::move(pass).error();
      for (const auto& layer : layers) grads[layer.depth].push_back((*pass)->weight_grads[layer.depth]);
    }
    double score = 0;
    for (const auto& per_batch : grads) {
      if (!per_batch.front().defined()) continue;  // a layer off the loss's path
      std::vector<at::Tensor> flat;
      for (const auto& g : per_batch) flat.push_back(g.reshape(-1).to(at::kDouble));
      const at::Tensor g = at::stack(flat);
      const at::Tensor sd = g.std(0, /*unbiased=*/false);
      const at::Tensor keep = sd > 0;
      const double sum = (g.abs().mean(0).masked_select(keep) / sd.masked_select(keep)).sum().item<double>();
      if (sum > 0) score += std::log(sum);
    }
    return score;
  }

 private:
  std::int64_t batches_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(ZicoProxy)
