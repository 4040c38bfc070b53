// exhaustive: every architecture of a finite space once, in the space's fixed enumeration
// order. Refused, with the size, for spaces too large to list.
#include <stdexcept>

#include <zcnas/plugin.hpp>

namespace {

class ExhaustiveSearch final : public zcnas::SearchStrategy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "exhaustive";
    m.version = "1.0.0";
    m.description = "Every architecture of the space once, in its enumeration order";
    m.params = {{"limit", zcnas::ParamType::integer, std::int64_t{10'000'000},
                 "refuse spaces with more architectures than this"}};
    return m;
  }
  ExhaustiveSearch(const zcnas::SpaceView& space, const zcnas::ParamSet& p) {
    const std::int64_t limit = p.integer("limit");
    const auto n = space.size();
    if (!n || *n > static_cast<std::uint64_t>(limit))
      throw std::invalid_argument("exhaustive search lists every architecture; space '" + space.name() + "' has " +
                                  space.size_text() + ", more than the limit of " + std::to_string(limit) +
                                  ": use random or evolution");
    space.enumerate([&](const zcnas::Architecture& a) {
      all_.push_back(a);
      return true;
    });
  }

  std::optional<zcnas::Architecture> propose(const zcnas::ArchiveView&, zcnas::SearchRng&) override {
    if (next_ >= all_.size()) return std::nullopt;
    return all_[next_++];
  }

 private:
  std::vector<zcnas::Architecture> all_;
  std::size_t next_ = 0;
};

}  // namespace
ZCNAS_EXPORT_STRATEGY(ExhaustiveSearch)
