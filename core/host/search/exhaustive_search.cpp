// Exhaustive search: every architecture of a finite space once, in the space's fixed
// enumeration order. Refused, with the size, for spaces too large to list.

#include "search/strategy.hpp"

namespace zcnas::search {

namespace {

class ExhaustiveSearch final : public Strategy {
 public:
  explicit ExhaustiveSearch(std::vector<spec::Architecture> all) : all_(std::move(all)) {}
  std::optional<spec::Architecture> propose(const Archive&, spec::Rng&) override {
    if (next_ >= all_.size()) return std::nullopt;
    return all_[next_++];
  }

 private:
  std::vector<spec::Architecture> all_;
  std::size_t next_ = 0;
};

}  // namespace

Expected<std::unique_ptr<Strategy>> make_exhaustive_search(const spec::SearchSpace& space, const StrategyOptions& o) {
  const spec::BigUint n = spec::size(space);
  if (!n.fits_u64() || n.to_u64() > static_cast<std::uint64_t>(o.exhaustive_limit))
    return Error(ErrorKind::config, "exhaustive search lists every architecture; space '" + space.name + "' has " +
                                        n.to_string() + ", more than the limit of " +
                                        std::to_string(o.exhaustive_limit) + ": use random or evolution");
  std::vector<spec::Architecture> all;
  spec::enumerate(space, [&](const spec::Architecture& a) {
    all.push_back(a);
    return true;
  });
  return std::unique_ptr<Strategy>(std::make_unique<ExhaustiveSearch>(std::move(all)));
}

}  // namespace zcnas::search
