#pragma once
// The supernets a pruning search scored, one CSV row each, flushed as it is scored, so that a
// killed search resumes its rounds without scoring a supernet twice (the trajectory holds the
// architectures, this file the rounds before them):
//
//   round,elapsed_s,supernet,seconds,status,error,<proxy>...

#include <cstddef>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "zcnas/error.hpp"

namespace zcnas::search {

struct ScoredSupernet {
  std::size_t round = 0;   // 1-based
  std::string key;         // SpaceView::describe
  std::vector<double> scores;  // one per proxy; NaN where one failed
  double seconds = 0, elapsed = 0;
  std::string error;       // non-empty: nothing could be scored (rated -inf)
};

class RoundJournal {
 public:
  static Expected<std::unique_ptr<RoundJournal>> open(const std::string& path, const std::vector<std::string>& proxies,
                                                      bool resume);
  const std::vector<ScoredSupernet>& recorded() const noexcept { return recorded_; }
  // Writes `s` unless it was read back from the file.
  Expected<void> append(const ScoredSupernet& s);

 private:
  std::string path_;
  std::size_t proxies_ = 0;
  std::ofstream out_;
  std::vector<ScoredSupernet> recorded_;
  std::set<std::string> recorded_keys_;
};

}  // namespace zcnas::search
