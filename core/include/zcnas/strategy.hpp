#pragma once
// A search strategy plugin. The host's search loop owns everything but policy: bounds,
// duplicates, scoring, the fitness, the budget, the journal. A strategy only proposes:
//   - architectures, one at a time (random, evolution, exhaustive): propose();
//   - for supernet strategies (TE-NAS's pruning), rounds of supernets that the host scores
//     and rates together (ranks are relative to the round), before it proposes the result:
//     next_round() and rated().
// Proposals depend on the seed and on what the host reported only, so replaying the journal
// of an interrupted search through a fresh instance walks the same path: that is how a
// killed search resumes without scoring anything twice.
//
//   class MyStrategy : public zcnas::SearchStrategy { ... };
//   static zcnas::PluginMetadata metadata();  // kind, name, parameters
//   MyStrategy(const zcnas::SpaceView& space, const zcnas::ParamSet& params);
//   ZCNAS_EXPORT_STRATEGY(MyStrategy)

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "zcnas/error.hpp"
#include "zcnas/params.hpp"
#include "zcnas/search/space_view.hpp"

namespace zcnas {

// The candidates evaluated so far, in evaluation order, with their current fitness (higher
// is better; -inf for one that could not be scored). A rank-based fitness moves as the
// archive grows, so read it when deciding, do not cache it.
class ArchiveView {
 public:
  virtual ~ArchiveView() = default;
  virtual std::size_t size() const = 0;
  virtual const Architecture& architecture(std::size_t index) const = 0;
  virtual double fitness(std::size_t index) const = 0;
};

class SearchStrategy {
 public:
  virtual ~SearchStrategy() = default;
  // The next architecture to evaluate, or nullopt when the strategy has nothing left.
  virtual std::optional<Architecture> propose(const ArchiveView& archive, SearchRng& rng) = 0;
  // The host added candidate `index` to the archive.
  virtual void added(const ArchiveView& archive, std::size_t index) { (void)archive, (void)index; }
  // Supernets to score and rate as one population before the next proposal (empty: none).
  virtual std::vector<Supernet> next_round(const ArchiveView& archive, SearchRng& rng) {
    (void)archive, (void)rng;
    return {};
  }
  // The ratings of next_round's supernets, in its order (higher is better; -inf: unrated).
  virtual void rated(const std::vector<Supernet>& round, const std::vector<double>& ratings) {
    (void)round, (void)ratings;
  }
};

using StrategyFactory =
    std::function<Expected<std::unique_ptr<SearchStrategy>>(const SpaceView& space, const ParamSet& params)>;

}  // namespace zcnas
