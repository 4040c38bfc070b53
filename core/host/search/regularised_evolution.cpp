// Regularised (aging) evolution (Real et al., AAAI 2019), as NASLib and the zero-cost NAS
// papers run it: a population filled by random samples, then each child is a mutation of
// the fittest of a random tournament, and the oldest member dies. Fitness is read from the
// archive at selection time, so a rank-based fitness is always the current one.

#include <algorithm>
#include <deque>

#include "search/strategy.hpp"

namespace zcnas::search {

namespace {

class RegularisedEvolution final : public Strategy {
 public:
  RegularisedEvolution(const spec::SearchSpace& space, const StrategyOptions& o) : space_(space), o_(o) {}

  std::optional<spec::Architecture> propose(const Archive& archive, spec::Rng& rng) override {
    if (static_cast<std::int64_t>(population_.size()) < o_.population) return spec::sample(space_, rng);
    // A tournament without replacement: a partial Fisher-Yates over the population.
    std::vector<std::size_t> drawn(population_.begin(), population_.end());
    const auto k = static_cast<std::size_t>(o_.tournament);
    for (std::size_t i = 0; i < k; ++i) std::swap(drawn[i], drawn[i + rng.below(drawn.size() - i)]);
    drawn.resize(k);
    const auto& fitness = archive.fitness();
    std::stable_sort(drawn.begin(), drawn.end(), [&](std::size_t a, std::size_t b) { return fitness[a] > fitness[b]; });
    const spec::Architecture& parent = archive[drawn[0]].arch;
    // The coin is tossed on every proposal, so the random stream does not depend on k.
    const bool cross = static_cast<double>(rng.below(1u << 30)) / static_cast<double>(1u << 30) < o_.crossover;
    if (cross && drawn.size() > 1) return spec::crossover(space_, parent, archive[drawn[1]].arch, rng);
    return spec::mutate(space_, parent, rng);
  }

  void added(const Archive&, std::size_t index) override {
    population_.push_back(index);
    if (static_cast<std::int64_t>(population_.size()) > o_.population) population_.pop_front();
  }

 private:
  const spec::SearchSpace& space_;
  StrategyOptions o_;
  std::deque<std::size_t> population_;  // archive indices, oldest first
};

}  // namespace

std::unique_ptr<Strategy> make_regularised_evolution(const spec::SearchSpace& space, const StrategyOptions& o) {
  return std::make_unique<RegularisedEvolution>(space, o);
}

}  // namespace zcnas::search
