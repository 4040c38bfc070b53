#pragma once
// A search strategy proposes the next architecture to evaluate from what the archive holds.
// The search loop owns everything else (constraints, duplicates, scoring, budget), so a
// strategy is a few lines of policy and a seed fully determines its proposals: replaying
// an archive through it reproduces the search, which is how an interrupted search resumes.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "search/archive.hpp"
#include "spec/space_ops.hpp"
#include "zcnas/error.hpp"

namespace zcnas::search {

struct StrategyOptions {
  std::string name = "evolution";  // random | evolution | exhaustive
  // Regularised (aging) evolution, Real et al. 2019: the population is the last
  // `population` candidates; a parent is the fittest of `tournament` drawn from it.
  std::int64_t population = 50;
  std::int64_t tournament = 10;
  double crossover = 0;            // chance a child is the crossover of the two fittest drawn
  // Exhaustive: refused for spaces larger than this.
  std::int64_t exhaustive_limit = 10'000'000;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  // The next architecture to try, or nullopt when the strategy has nothing left to propose.
  virtual std::optional<spec::Architecture> propose(const Archive& archive, spec::Rng& rng) = 0;
  // The loop added candidate `index` to the archive.
  virtual void added(const Archive& archive, std::size_t index) { (void)archive, (void)index; }
};

// The strategy `o.name` names over `space`; errors list the known names.
Expected<std::unique_ptr<Strategy>> make_strategy(const spec::SearchSpace& space, const StrategyOptions& o);
std::vector<std::string> strategy_names();

// The strategies, one file each.
std::unique_ptr<Strategy> make_random_search(const spec::SearchSpace& space);
std::unique_ptr<Strategy> make_regularised_evolution(const spec::SearchSpace& space, const StrategyOptions& o);
Expected<std::unique_ptr<Strategy>> make_exhaustive_search(const spec::SearchSpace& space, const StrategyOptions& o);

}  // namespace zcnas::search
