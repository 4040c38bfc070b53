// log_rank: AZ-NAS's fusion, the sum over a fixed list of proxies of log(rank / N).
#include "../rank_ensemble.hpp"

namespace {
class LogRank final : public zcnas::combiners::RankEnsemble {
 public:
  static zcnas::PluginMetadata metadata() {
    return describe("log_rank", "Sum of log(rank / N) over a fixed list of proxies (AZ-NAS's ensemble rule)");
  }
  explicit LogRank(const zcnas::ParamSet& p) : RankEnsemble(p, zcnas::stats::Fusion::log_rank) {}
};
}  // namespace
ZCNAS_EXPORT_COMBINER(LogRank)
