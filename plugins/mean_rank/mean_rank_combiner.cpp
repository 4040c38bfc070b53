// mean_rank: a vote, the mean over a fixed list of proxies of rank / N.
#include "../rank_ensemble.hpp"

namespace {
class MeanRank final : public zcnas::combiners::RankEnsemble {
 public:
  static zcnas::PluginMetadata metadata() {
    return describe("mean_rank", "Mean of rank / N over a fixed list of proxies (a rank vote)");
  }
  explicit MeanRank(const zcnas::ParamSet& p) : RankEnsemble(p, zcnas::stats::Fusion::mean_rank) {}
};
}  // namespace
ZCNAS_EXPORT_COMBINER(MeanRank)
