// local_search: an out-of-tree search strategy plugin. Hill climbing with restarts: mutate the
// best architecture of the current climb; after `patience` children in a row that are no
// better, restart from a fresh sample. A strategy only proposes; the host scores, rates,
// skips repeats and spends the budget, so this file is all of it.
#include <stdexcept>

#include <zcnas/plugin.hpp>

namespace {

class LocalSearch final : public zcnas::SearchStrategy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "local_search";
    m.version = "0.1.0";
    m.description = "Hill climbing by mutation, restarted after `patience` children no better";
    m.params = {{"patience", zcnas::ParamType::integer, std::int64_t{20}, "children no better before a restart"}};
    return m;
  }
  LocalSearch(const zcnas::SpaceView& space, const zcnas::ParamSet& p) : space_(space), patience_(p.integer("patience")) {
    if (patience_ < 1) throw std::invalid_argument("local_search needs patience >= 1");
  }

  std::optional<zcnas::Architecture> propose(const zcnas::ArchiveView& archive, zcnas::SearchRng& rng) override {
    if (!climbing_ || stale_ >= patience_) {
      climbing_ = false;
      stale_ = 0;
      return space_.sample(rng);
    }
    return space_.mutate(archive.architecture(best_), rng);
  }

  // Fitness may be relative to the archive (ranks), so the climb's best is compared afresh.
  void added(const zcnas::ArchiveView& archive, std::size_t index) override {
    if (!climbing_) {
      climbing_ = true;
      best_ = index;
      return;
    }
    if (archive.fitness(index) > archive.fitness(best_)) {
      best_ = index;
      stale_ = 0;
    } else {
      ++stale_;
    }
  }

 private:
  const zcnas::SpaceView& space_;
  std::int64_t patience_;
  bool climbing_ = false;
  std::size_t best_ = 0;
  std::int64_t stale_ = 0;
};

}  // namespace
ZCNAS_EXPORT_STRATEGY(LocalSearch)
