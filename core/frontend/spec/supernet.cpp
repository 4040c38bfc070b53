#include "spec/supernet.hpp"

namespace zcnas::spec {

Expected<Supernet> full_supernet(const SearchSpace& space) {
  std::vector<bool> in_cell(space.decisions.size(), false);
  for (const auto& c : space.cells) {
    if (c.kind == CellKind::graph)
      return Error(ErrorKind::unsupported, "space '" + space.name + "': cell '" + c.name +
                                               "' is a graph cell (NAS-Bench-101), whose edges are 0/1 choices "
                                               "of a graph, not ops on an edge: it has no supernet to prune");
    for (int i = 0; i < c.decision_count; ++i) in_cell[c.first_decision + i] = true;
  }
  Supernet s;
  for (std::size_t d = 0; d < space.decisions.size(); ++d) {
    if (!in_cell[d])
      return Error(ErrorKind::unsupported, "space '" + space.name + "': decision '" + space.decisions[d].name +
                                               "' is no edge or input slot of a cell, so the space has no "
                                               "supernet (pruning needs every decision on a cell)");
    std::vector<int> all(space.decisions[d].options.size());
    for (std::size_t o = 0; o < all.size(); ++o) all[o] = static_cast<int>(o);
    s.alive.push_back(std::move(all));
  }
  return s;
}

Expected<void> check(const SearchSpace& space, const Supernet& s) {
  if (s.alive.size() != space.decisions.size())
    return Error(ErrorKind::invalid_argument, "space '" + space.name + "' has " +
                                                  std::to_string(space.decisions.size()) + " decisions, the supernet " +
                                                  std::to_string(s.alive.size()));
  for (std::size_t d = 0; d < s.alive.size(); ++d) {
    const auto& a = s.alive[d];
    if (a.empty())
      return Error(ErrorKind::invalid_argument, "supernet: decision '" + space.decisions[d].name + "' has no option left");
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i] < 0 || a[i] >= static_cast<int>(space.decisions[d].options.size()) || (i > 0 && a[i] <= a[i - 1]))
        return Error(ErrorKind::invalid_argument, "supernet: decision '" + space.decisions[d].name +
                                                      "' has options out of range or out of order");
  }
  return {};
}

bool can_complete(const SearchSpace& space, const Supernet& s) {
  if (!check(space, s)) return false;
  for (const auto& c : space.cells) {
    if (c.kind != CellKind::darts) continue;
    // Per node k: in(k,0), op(k,0), in(k,1), op(k,1). Two non-empty sets admit distinct
    // picks unless both are the same single state.
    for (int k = 0; k < c.nodes; ++k) {
      const auto& a = s.alive[c.first_decision + 4 * k];
      const auto& b = s.alive[c.first_decision + 4 * k + 2];
      if (a.size() == 1 && b.size() == 1 && a[0] == b[0]) return false;
    }
  }
  return true;
}

std::string to_text(const SearchSpace& space, const Supernet& s) {
  std::string out;
  for (std::size_t d = 0; d < s.alive.size() && d < space.decisions.size(); ++d) {
    if (d > 0) out += ' ';
    out += space.decisions[d].name + "={";
    for (std::size_t i = 0; i < s.alive[d].size(); ++i) {
      if (i > 0) out += ',';
      const int o = s.alive[d][i];
      out += o >= 0 && o < static_cast<int>(space.decisions[d].options.size())
                 ? space.decisions[d].options[o].to_string()
                 : std::to_string(o);
    }
    out += '}';
  }
  return out;
}

Supernet supernet_of(const Architecture& arch) {
  Supernet s;
  for (int o : arch) s.alive.push_back({o});
  return s;
}

}  // namespace zcnas::spec
