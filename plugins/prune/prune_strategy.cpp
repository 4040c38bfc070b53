// prune: TE-NAS's pruning-based search (Chen, Gong & Wang, ICLR 2021; VITA-Group/TENAS
// prune_tenas.py @ 9df78ff, prune_func_rank). Start from the supernet with every op on every
// edge (every option of every input slot), drop the ops named in `drop` (TE-NAS removes
// `none` before the first round: alpha[:, 0] = -INF), then per round: for every op still
// alive on an edge with more than one, the supernet without it is a candidate; the host
// scores the round and rates it with the search's fitness as one population; on every edge
// the `prune_number` ops whose removal rated best (hurt the fitness least) go. Repeat until
// one op per edge remains: that architecture is the search's one proposal.
//
// TE-NAS's own fitness is the rank sum of the NTK condition number's change (lower after
// removal is better) and the linear-region count's (higher is better); with zcnas's proxies
// that is the expression rank(-tenas_ntk) + rank(tenas_lr), rated over the round.
#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>

#include <zcnas/plugin.hpp>

namespace {

std::set<std::string> split_names(const std::string& text) {
  std::set<std::string> out;
  std::stringstream in(text);
  std::string name;
  while (std::getline(in, name, ',')) {
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (!name.empty()) out.insert(name);
  }
  return out;
}

class Prune final : public zcnas::SearchStrategy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "prune";
    m.version = "1.0.0";
    m.description = "TE-NAS pruning: from the full supernet, drop per edge the ops whose removal hurts the fitness least";
    m.params = {{"prune_number", zcnas::ParamType::integer, std::int64_t{1},
                 "ops removed per edge per round (TE-NAS: 1 on NAS-Bench-201, 3 on DARTS)"},
                {"drop", zcnas::ParamType::string, std::string("none"),
                 "comma-separated ops removed before the first round (TE-NAS: none; empty: keep all)"}};
    return m;
  }

  Prune(const zcnas::SpaceView& space, const zcnas::ParamSet& p) : space_(space), prune_number_(p.integer("prune_number")) {
    if (prune_number_ < 1) throw std::invalid_argument("prune needs prune_number >= 1");
    auto full = space.supernet();
    if (!full) throw std::invalid_argument(full.error().message());
    current_ = std::move(*full);
    const auto drop = split_names(p.string("drop"));
    for (std::size_t d = 0; d < current_.alive.size(); ++d)
      for (int o : std::vector<int>(current_.alive[d])) {
        if (!drop.count(space.option_name(d, static_cast<std::size_t>(o)))) continue;
        if (current_.alive[d].size() == 1) break;
        zcnas::Supernet next = current_.without(d, o);
        if (space.can_complete(next)) current_ = std::move(next);
      }
  }

  std::vector<zcnas::Supernet> next_round(const zcnas::ArchiveView&, zcnas::SearchRng&) override {
    removals_.clear();
    std::vector<zcnas::Supernet> round;
    if (current_.single()) return round;
    for (std::size_t d = 0; d < current_.alive.size(); ++d) {
      if (current_.alive[d].size() < 2) continue;
      for (int o : current_.alive[d]) {
        zcnas::Supernet candidate = current_.without(d, o);
        if (!space_.can_complete(candidate)) continue;
        removals_.push_back({d, o});
        round.push_back(std::move(candidate));
      }
    }
    if (round.empty())
      throw std::logic_error("prune: supernet " + space_.describe(current_) + " has no op left whose removal keeps it valid");
    return round;
  }

  void rated(const std::vector<zcnas::Supernet>&, const std::vector<double>& ratings) override {
    // Per edge, its removals best-rated first; ties go to the lower option index, as the
    // round lists them.
    std::vector<std::size_t> order(removals_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ratings[a] > ratings[b]; });
    std::vector<std::int64_t> removed(current_.alive.size(), 0);
    const std::vector<std::size_t> alive_before = [&] {
      std::vector<std::size_t> n;
      for (const auto& a : current_.alive) n.push_back(a.size());
      return n;
    }();
    for (std::size_t i : order) {
      const auto [d, o] = removals_[i];
      // TE-NAS lowers prune_number to what the edge can lose and keep one op.
      const auto can_lose = static_cast<std::int64_t>(alive_before[d]) - 1;
      if (removed[d] >= std::min(prune_number_, can_lose)) continue;
      zcnas::Supernet next = current_.without(d, o);
      if (!space_.can_complete(next)) continue;
      current_ = std::move(next);
      ++removed[d];
    }
    removals_.clear();
  }

  std::optional<zcnas::Architecture> propose(const zcnas::ArchiveView&, zcnas::SearchRng&) override {
    if (proposed_ || !current_.single()) return std::nullopt;
    proposed_ = true;
    return current_.architecture();
  }

 private:
  const zcnas::SpaceView& space_;
  std::int64_t prune_number_;
  zcnas::Supernet current_;
  std::vector<std::pair<std::size_t, int>> removals_;  // the (decision, option) of each supernet of the round
  bool proposed_ = false;
};

}  // namespace
ZCNAS_EXPORT_STRATEGY(Prune)
