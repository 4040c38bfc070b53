#pragma once
// The search's trajectory, written as it happens: one CSV row per scored candidate,
// flushed before the next one starts, so a killed search loses at most the candidate in
// flight. The same file is what a resumed search replays.
//
//   evaluation,elapsed_s,arch,params,flops,seconds,status,error,fitness,best_fitness,best_arch,<proxy>...
//
// fitness and best_* are as they stood when the row was written (a rank-based fitness moves).

#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "search/archive.hpp"
#include "zcnas/error.hpp"

namespace zcnas::search {

class SearchJournal {
 public:
  // Opens `path`. With `resume`, the rows already there are read back (their proxies must be
  // `proxies`) and new rows are appended; otherwise the file starts anew.
  static Expected<std::unique_ptr<SearchJournal>> open(const std::string& path, const spec::SearchSpace& space,
                                                       const std::vector<std::string>& proxies, bool resume);

  const std::vector<Candidate>& recorded() const noexcept { return recorded_; }
  // Writes candidate `index` unless it was read back from the file.
  Expected<void> append(const Archive& archive, std::size_t index);

 private:
  std::string path_;
  std::ofstream out_;
  std::vector<Candidate> recorded_;
  std::set<std::string> recorded_archs_;
};

}  // namespace zcnas::search
