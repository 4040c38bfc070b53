#pragma once
// Where a candidate's proxy scores come from: a live run (the network built and probed on
// real images, as `zcnas score` does) or a lookup in score files (NAS-Bench-Suite-Zero, a
// previous `zcnas score` CSV), which is how searches on tabular benchmarks are repeated
// over many seeds in seconds. Either way the search sees the same thing.

#include <memory>
#include <string>
#include <vector>

#include "eval/score_import.hpp"
#include "spec/search_space.hpp"
#include "zcnas/error.hpp"
#include "zcnas/search/supernet.hpp"

namespace zcnas::search {

struct CandidateScores {
  std::vector<double> scores;  // one per proxies(); NaN where a proxy failed
  double seconds = 0;
  std::string error;           // non-empty: nothing could be scored (e.g. unbuildable)
};

class CandidateScorer {
 public:
  virtual ~CandidateScorer() = default;
  virtual const std::vector<std::string>& proxies() const = 0;
  virtual CandidateScores score(const spec::Architecture& arch, const std::string& canonical) = 0;
  // Whether score() can rate it at all (a lookup table may lack it); asked before the
  // candidate's network is measured, and a "no" is skipped without spending budget.
  virtual bool can_score(const std::string& canonical) const { (void)canonical; return true; }
  // A supernet (every alive op of an edge run and averaged) scored like a candidate, for
  // pruning strategies; `key` is its journal text. Scores looked up in a table have none.
  virtual CandidateScores score_supernet(const spec::SearchSpace& space, const Supernet& supernet, const std::string& key) {
    (void)space, (void)supernet, (void)key;
    CandidateScores out;
    out.error = "scores looked up in a table exist for architectures only, not for supernets: a pruning search "
                "needs live scores ([scores] proxies, no files)";
    return out;
  }
  // The protocol behind every score, as JSON text, for the search's record.
  virtual std::string protocol_json() const = 0;
};

// Scores looked up by canonical string in `table` (its keys canonicalised through `space`,
// so files with other spellings of a cell still match). `proxies` picks columns (empty:
// all). An architecture the table lacks is not scorable (can_score): the search skips it.
Expected<std::unique_ptr<CandidateScorer>> make_table_scorer(const spec::SearchSpace& space,
                                                             const eval::LabelledTable& table,
                                                             const std::vector<std::string>& proxies);

}  // namespace zcnas::search
