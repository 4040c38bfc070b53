#pragma once
// The zcnas subcommands. Each resolves the run environment, calls one job of the run layer
// (core/engine/run/) and prints what it returns; each returns the process exit code. Nothing
// here includes torch: the CLI is built without torch's headers.

#include <cstdint>
#include <string>
#include <vector>

#include "run/environment.hpp"
#include "run/evaluate_job.hpp"
#include "run/lswag_window_job.hpp"
#include "run/score_job.hpp"
#include "run/search_job.hpp"

namespace zcnas::cli {

using run::RunSettings;

int plugins_list(const RunSettings& settings, bool json);
int plugins_show(const RunSettings& settings, const std::string& name, bool json);
int doctor(const RunSettings& settings);

struct SpaceOptions {
  std::string file;
  std::string space;  // which space of the file; "" when it declares one
  bool json = false;
  std::int64_t count = 10;
  std::uint64_t seed = 0;
  bool unique = false;
  bool within = false;  // sample: only architectures inside the space's constraints
  std::int64_t limit = -1;
  std::string archs;  // canonical: a file of architectures, one per line ("-": standard input)
};
int space_info(const RunSettings& settings, const SpaceOptions& space);
int space_sample(const RunSettings& settings, const SpaceOptions& space);
int space_enumerate(const RunSettings& settings, const SpaceOptions& space);
int space_canonical(const RunSettings& settings, const SpaceOptions& space);

struct ArchOptions {
  std::string file;   // .zc file declaring the space
  std::string space;  // which space, when the file declares several
  std::string arch;   // canonical architecture string
  bool json = false;
};
// Builds the network of one architecture and prints its layers, parameters and FLOPs.
int arch_show(const RunSettings& settings, const ArchOptions& arch);

// Scores architectures with a pool of proxies, streaming a long-format CSV.
int score(const RunSettings& settings, const run::ScoreJob& job);

struct StoreCommand {
  std::string store;                 // the store to read, or to merge into
  std::vector<std::string> sources;  // merge: stores to merge from
  std::string protocol;              // export: one protocol hash only
  std::string out = "-";
};
int store_info(const StoreCommand& command);
int store_merge(const StoreCommand& command);
int store_export(const StoreCommand& command);

struct ReportCommand {
  std::vector<std::string> evaluations, windows, searches;
  std::string title = "zcnas report";
  std::string out = "report.html";
};
// One self-contained HTML page from evaluate, lswag-window and search outputs.
int report_page(const RunSettings& settings, const ReportCommand& command);

// L-SWAG's layer-window analysis: log sigma per depth-percentile bin over many networks,
// and the window its spike proposes.
int lswag_window(const RunSettings& settings, const run::LswagWindowJob& job);

// Proxies, expressions and combiners against ground truth: tables, CSV, JSON, heat-map.
int evaluate(const RunSettings& settings, const run::EvaluateJob& job);

struct SearchCommand {
  run::SearchJob job;
  bool progress = true;
};
// Searches a space under a budget; Ctrl-C stops cleanly after the candidate in flight.
int search(const RunSettings& settings, const SearchCommand& command);

// Parses a .zc file (with its includes) and lists what it declares, or every error in it.
int check(const RunSettings& settings, const std::string& file);
int version();

}  // namespace zcnas::cli
