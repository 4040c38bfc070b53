#pragma once
// A combiner fuses proxy scores into one: fitted on a labelled table, then applied to
// new rows (LIBRA-NAS, rank ensembles, single-best). Torch-free.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "zcnas/error.hpp"
#include "zcnas/params.hpp"

namespace zcnas {

// Columns named "graph:..." are not proxy scores but graph features of the architecture
// (GRAF's: op counts, path lengths, degrees), added by the host when a config asks for them
// ([features] graph = true). A combiner that takes every column when given no list leaves
// them out, unless it is told to learn from them.
inline bool is_graph_feature(const std::string& column) { return column.rfind("graph:", 0) == 0; }

// Proxy scores, one column per proxy, one row per architecture. NaN marks a failed score.
struct ScoreTable {
  std::vector<std::string> archs;             // canonical architecture strings
  std::vector<std::string> proxies;           // column names
  std::vector<std::vector<double>> columns;   // columns[p][row]
  std::vector<double> params;                 // parameter count per row (for bias terms)

  std::size_t rows() const noexcept { return archs.size(); }
  // Index of a column, or -1.
  long column_index(const std::string& proxy) const noexcept;
  Expected<void> validate() const;
};

class Combiner {
 public:
  virtual ~Combiner() = default;
  // Learns from `table` with ground truth `labels` (one per row).
  virtual Expected<void> fit(const ScoreTable& table, const std::vector<double>& labels) = 0;
  // One combined score per row of `table` (higher is better). Requires a prior fit.
  virtual Expected<std::vector<double>> score(const ScoreTable& table) const = 0;
  // Which proxies it chose and why, for people.
  virtual std::string explain() const = 0;
};

using CombinerFactory = std::function<std::unique_ptr<Combiner>(const ParamSet& params)>;

}  // namespace zcnas
