// evolution: regularised (aging) evolution (Real et al., AAAI 2019), as NASLib and the
// zero-cost NAS papers run it: a population filled by random samples, then each child is a
// mutation of the fittest of a random tournament, and the oldest member dies. Fitness is read
// from the archive at selection time, so a rank-based fitness is always the current one.
#include <algorithm>
#include <deque>
#include <stdexcept>

#include <zcnas/plugin.hpp>

namespace {

class RegularisedEvolution final : public zcnas::SearchStrategy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "evolution";
    m.version = "1.0.0";
    m.description = "Regularised (aging) evolution: tournament selection, mutation, the oldest dies";
    m.params = {{"population", zcnas::ParamType::integer, std::int64_t{50}, "the last N candidates"},
                {"tournament", zcnas::ParamType::integer, std::int64_t{10}, "a parent is the fittest of N drawn"},
                {"crossover", zcnas::ParamType::real, 0.0,
                 "chance a child is the crossover of the two fittest drawn, not a mutation"}};
    return m;
  }
  RegularisedEvolution(const zcnas::SpaceView& space, const zcnas::ParamSet& p)
      : space_(space), population_size_(p.integer("population")), tournament_(p.integer("tournament")),
        crossover_(p.real("crossover")) {
    if (population_size_ < 2) throw std::invalid_argument("evolution needs population >= 2");
    if (tournament_ < 1 || tournament_ > population_size_)
      throw std::invalid_argument("evolution needs 1 <= tournament <= population (" +
                                  std::to_string(population_size_) + "), got " + std::to_string(tournament_));
    if (crossover_ < 0 || crossover_ > 1) throw std::invalid_argument("crossover is a probability in [0, 1]");
  }

  std::optional<zcnas::Architecture> propose(const zcnas::ArchiveView& archive, zcnas::SearchRng& rng) override {
    if (static_cast<std::int64_t>(population_.size()) < population_size_) return space_.sample(rng);
    // A tournament without replacement: a partial Fisher-Yates over the population.
    std::vector<std::size_t> drawn(population_.begin(), population_.end());
    const auto k = static_cast<std::size_t>(tournament_);
    for (std::size_t i = 0; i < k; ++i) std::swap(drawn[i], drawn[i + rng.below(drawn.size() - i)]);
    drawn.resize(k);
    std::stable_sort(drawn.begin(), drawn.end(),
                     [&](std::size_t a, std::size_t b) { return archive.fitness(a) > archive.fitness(b); });
    const zcnas::Architecture& parent = archive.architecture(drawn[0]);
    // The coin is tossed on every proposal, so the random stream does not depend on k.
    const bool cross = static_cast<double>(rng.below(1u << 30)) / static_cast<double>(1u << 30) < crossover_;
    if (cross && drawn.size() > 1) return space_.crossover(parent, archive.architecture(drawn[1]), rng);
    return space_.mutate(parent, rng);
  }

  void added(const zcnas::ArchiveView&, std::size_t index) override {
    population_.push_back(index);
    if (static_cast<std::int64_t>(population_.size()) > population_size_) population_.pop_front();
  }

 private:
  const zcnas::SpaceView& space_;
  std::int64_t population_size_, tournament_;
  double crossover_;
  std::deque<std::size_t> population_;  // archive indices, oldest first
};

}  // namespace
ZCNAS_EXPORT_STRATEGY(RegularisedEvolution)
