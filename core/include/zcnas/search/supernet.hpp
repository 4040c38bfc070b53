#pragma once
// A supernet of a cell-based space: for every decision, the options still alive. The full
// supernet has every option of every edge (or DARTS input slot) alive; an architecture is
// the supernet with one option alive everywhere. The network of a supernet runs all alive
// ops of an edge and averages them (TE-NAS's supernet with equal architecture weights:
// softmax of equal alphas; a pruned op has weight 0).

#include <cstddef>
#include <vector>

namespace zcnas {

using Architecture = std::vector<int>;  // one option index per decision of the space

struct Supernet {
  std::vector<std::vector<int>> alive;  // per decision, the alive option indices, ascending

  bool single() const {
    for (const auto& a : alive)
      if (a.size() != 1) return false;
    return true;
  }
  // The architecture of a single-path supernet (each decision's one alive option; the first
  // alive one where several are).
  Architecture architecture() const {
    Architecture out;
    for (const auto& a : alive) out.push_back(a.empty() ? 0 : a.front());
    return out;
  }
  // This supernet without option `option` of decision `decision`.
  Supernet without(std::size_t decision, int option) const {
    Supernet s = *this;
    auto& a = s.alive[decision];
    for (auto it = a.begin(); it != a.end(); ++it)
      if (*it == option) {
        a.erase(it);
        break;
      }
    return s;
  }
  bool operator==(const Supernet& o) const { return alive == o.alive; }
};

}  // namespace zcnas
