#pragma once
// What a finished (or interrupted) search leaves next to its trajectory: best.json (the
// found architecture, its score, params and FLOPs, its true accuracy when known, and the
// protocol), best_so_far.csv and a figure of best-so-far against time.

#include <map>
#include <string>
#include <vector>

#include "search/archive.hpp"
#include "search/search_loop.hpp"
#include "zcnas/error.hpp"

namespace zcnas::report {

struct SearchSummary {
  std::string name, space, strategy, fitness;
  std::uint64_t seed = 0;
  std::string fingerprint;
  std::string protocol_json;  // the scorer's protocol
  std::size_t fit_rows = 0, fit_evaluations = 0;
  std::vector<std::string> truth_columns;
  const std::vector<std::map<std::string, double>>* truth = nullptr;
};

// best.json; an error when the archive holds no candidate with a finite fitness.
Expected<void> write_best_json(const std::string& path, const search::Archive& archive,
                               const search::SearchOutcome& outcome, const SearchSummary& summary);

// best_so_far.csv (evaluation, elapsed_s, best_fitness, best_arch, true value of the best
// so far when known) and, from it, a gnuplot figure (.svg or .png).
Expected<void> write_best_so_far(const std::string& csv_path, const std::string& figure,
                                 const std::string& trajectory_csv, const SearchSummary& summary);

}  // namespace zcnas::report
