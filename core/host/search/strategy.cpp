#include "search/strategy.hpp"

#include "util/suggest.hpp"

namespace zcnas::search {

std::vector<std::string> strategy_names() { return {"random", "evolution", "exhaustive"}; }

Expected<std::unique_ptr<Strategy>> make_strategy(const spec::SearchSpace& space, const StrategyOptions& o) {
  if (o.name == "random") return make_random_search(space);
  if (o.name == "evolution") {
    if (o.population < 2) return Error(ErrorKind::config, "evolution needs population >= 2");
    if (o.tournament < 1 || o.tournament > o.population)
      return Error(ErrorKind::config, "evolution needs 1 <= tournament <= population (" +
                                          std::to_string(o.population) + "), got " + std::to_string(o.tournament));
    if (o.crossover < 0 || o.crossover > 1) return Error(ErrorKind::config, "crossover is a probability in [0, 1]");
    return make_regularised_evolution(space, o);
  }
  if (o.name == "exhaustive") return make_exhaustive_search(space, o);
  return Error(ErrorKind::config,
               "unknown search strategy '" + o.name + "'" + util::did_you_mean(o.name, strategy_names()) +
                   "; strategies: random, evolution, exhaustive");
}

}  // namespace zcnas::search
