// random: every proposal a fresh uniform sample of the space; the fitness only picks the
// winner. The baseline every other strategy must beat at the same budget.
#include <zcnas/plugin.hpp>

namespace {

class RandomSearch final : public zcnas::SearchStrategy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "random";
    m.version = "1.0.0";
    m.description = "Uniform samples of the space; the fitness picks the best";
    return m;
  }
  RandomSearch(const zcnas::SpaceView& space, const zcnas::ParamSet&) : space_(space) {}

  std::optional<zcnas::Architecture> propose(const zcnas::ArchiveView&, zcnas::SearchRng& rng) override {
    return space_.sample(rng);
  }

 private:
  const zcnas::SpaceView& space_;
};

}  // namespace
ZCNAS_EXPORT_STRATEGY(RandomSearch)
