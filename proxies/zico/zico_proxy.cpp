// zico: ZiCo (Li et al., ICLR 2023). For each Conv2d/Linear layer, the weights' gradients
// over B >= 2 batches give per weight mean_b |g| and std_b g (population std, as numpy);
// score = sum over layers of log( sum over weights with std > 0 of mean|g| / std ).
// Each batch's gradient is its own (ZiCo's released code lets them accumulate; the paper's
// formula does not). Reads the shared cross-entropy pass of batches 0..B-1.

#include <cmath>

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/layer_gradients.hpp>

namespace {

class ZicoProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "zico";
    m.version = "1.0.0";
    m.description = "Sum over layers of log sum mean|g|/std(g), gradient statistics over >= 2 batches";
    m.needs.min_batches = 2;
    m.pass = zcnas::gradients::weight_gradient_request();
    m.params = {{"batches", zcnas::ParamType::integer, std::int64_t{2}, "how many batches the statistics run over"}};
    return m;
  }
  explicit ZicoProxy(const zcnas::ParamSet& p) : batches_(p.integer("batches")) {
    if (batches_ < 2) throw std::invalid_argument("batches must be >= 2 (a standard deviation needs two gradients)");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    auto stats = zcnas::gradients::layer_gradient_stats(ctx, batches_, /*of_magnitude=*/false);
    if (!stats) return std::move(stats).error();
    double score = 0;
    for (const auto& layer : *stats)
      if (layer.sum_mean_over_sigma > 0) score += std::log(layer.sum_mean_over_sigma);
    return score;
  }

 private:
  std::int64_t batches_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(ZicoProxy)
