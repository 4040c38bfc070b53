// Random search: every proposal a fresh uniform sample of the space; the fitness only
// picks the winner. The baseline every other strategy must beat at the same budget.

#include "search/strategy.hpp"

namespace zcnas::search {

namespace {

class RandomSearch final : public Strategy {
 public:
  explicit RandomSearch(const spec::SearchSpace& space) : space_(space) {}
  std::optional<spec::Architecture> propose(const Archive&, spec::Rng& rng) override {
    return spec::sample(space_, rng);
  }

 private:
  const spec::SearchSpace& space_;
};

}  // namespace

std::unique_ptr<Strategy> make_random_search(const spec::SearchSpace& space) {
  return std::make_unique<RandomSearch>(space);
}

}  // namespace zcnas::search
