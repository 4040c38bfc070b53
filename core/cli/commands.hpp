#pragma once
// The zcnas subcommands. Each returns the process exit code; only this layer prints
// errors for people and decides exit codes (LLVM's ExitOnError lives here, not in core).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zcnas::cli {

struct GlobalOptions {
  std::string config_file;
  int verbose = 0;
  bool quiet = false;
  std::optional<int> threads;
  std::optional<std::string> device;
  std::optional<std::int64_t> seed;
  std::vector<std::string> plugin_dirs;
  std::optional<std::string> store;  // run store file; default $ZCNAS_STORE or ./zcnas.db
  bool no_store = false;
  bool retry_failed = false;         // compute stored failures again
  bool isolate = false;              // proxies in worker processes (crashes fail one pair)
  double proxy_timeout = 0;          // seconds per proxy per architecture
  std::int64_t proxy_memory_mb = 0;  // isolated workers' extra address space
};

int plugins_list(const GlobalOptions& options, bool json);
int plugins_show(const GlobalOptions& options, const std::string& name, bool json);
int doctor(const GlobalOptions& options);

struct SpaceOptions {
  std::string file;
  std::string space;  // which space of the file; "" when it declares one
  bool json = false;
  std::int64_t count = 10;
  std::uint64_t seed = 0;
  bool unique = false;
  bool within = false;  // sample: only architectures inside the space's constraints
  std::int64_t limit = -1;
};
int space_info(const GlobalOptions& options, const SpaceOptions& space);
int space_sample(const GlobalOptions& options, const SpaceOptions& space);
int space_enumerate(const GlobalOptions& options, const SpaceOptions& space);
struct ArchOptions {
  std::string file;   // .zc file declaring the space
  std::string space;  // which space, when the file declares several
  std::string arch;   // canonical architecture string
  bool json = false;
};
// Builds the network of one architecture and prints its layers, parameters and FLOPs.
int arch_show(const GlobalOptions& options, const ArchOptions& arch);

// Which architectures a command works on: exactly one of the three.
struct ArchSelection {
  std::string archs_file;   // one canonical string per line
  std::int64_t sample = 0;  // or: this many seeded random architectures (unique)
  std::uint64_t sample_seed = 0;
  bool enumerate = false;   // or: every architecture of a finite space
};

struct ScoreCommand {
  std::string file;                  // .zc file declaring the space (and maybe proxies)
  std::string space;
  std::vector<std::string> proxies;  // empty: every loaded proxy plugin
  ArchSelection select;
  std::string dataset = "cifar10";
  std::int64_t batch_size = 64;
  std::int64_t batches = 0;
  std::string batchnorm = "train";
  std::int64_t input_size = 0;
  std::string out = "-";
  std::string json;
  std::string shard;  // "i/N": only the architectures at positions i, i+N, i+2N, ...
};
// Scores architectures with a pool of proxies, streaming a long-format CSV.
int score(const GlobalOptions& options, const ScoreCommand& command);

struct StoreCommand {
  std::string store;                 // the store to read, or to merge into
  std::vector<std::string> sources;  // merge: stores to merge from
  std::string protocol;              // export: one protocol hash only
  std::string out = "-";
};
int store_info(const StoreCommand& command);

struct ReportCommand {
  std::vector<std::string> evaluations, windows, searches;
  std::string title = "zcnas report";
  std::string out = "report.html";
};
// One self-contained HTML page from evaluate, lswag-window and search outputs.
int report_page(const GlobalOptions& options, const ReportCommand& command);
int store_merge(const StoreCommand& command);
int store_export(const StoreCommand& command);

struct LswagWindowCommand {
  std::string file;
  std::string space;
  ArchSelection select;      // default: --sample 200
  std::string dataset = "cifar10";
  std::int64_t batch_size = 64;
  std::int64_t batches = 2;
  int bins = 10;
  bool signed_grad = false;  // variance of g instead of |g|
  std::int64_t input_size = 0;
  std::string out = "-";     // the per-bin table (CSV)
  std::string plot;          // .svg or .png
  std::string json;
};
// L-SWAG's layer-window analysis: log sigma per depth-percentile bin over many networks,
// and the window its spike proposes.
int lswag_window(const GlobalOptions& options, const LswagWindowCommand& command);

struct EvaluateCommand {
  std::vector<std::string> experiments;  // experiment TOML files
  // or one experiment from flags:
  std::vector<std::string> scores;       // score files (zcnas CSV, wide CSV, Suite-Zero JSON)
  std::string task, name;
  std::vector<std::string> proxies;
  std::string truth, truth_key = "arch_str", truth_column, label;
  std::vector<std::string> combiners;    // plugin names, default parameters
  std::vector<std::int64_t> labelled;
  std::vector<std::uint64_t> seeds;
  std::int64_t bootstrap = 1000;
  double top_percent = 10;
  // outputs
  std::string out;                       // markdown (default: standard output)
  std::string csv, json, heatmap;
};
// Proxies, expressions and combiners against ground truth: tables, CSV, JSON, heat-map.
int evaluate(const GlobalOptions& options, const EvaluateCommand& command);

struct SearchCommand {
  std::string config;                     // search TOML (format: core/src/search/search_spec.hpp)
  std::optional<std::uint64_t> seed;      // overrides [search] seed
  std::optional<std::int64_t> evaluations;
  std::optional<double> time_limit;       // seconds
  std::string out;                        // overrides [search] out
  bool fresh = false;                     // discard an interrupted run in `out` instead of resuming it
  bool progress = true;
};
// Searches a space under a budget: best.json, trajectory.csv, best_so_far.csv and a figure
// in the output folder; an interrupted search resumes from its trajectory.
int search(const GlobalOptions& options, const SearchCommand& command);

// Parses a .zc file (with its includes) and lists what it declares, or every error in it.
int check(const GlobalOptions& options, const std::string& file);
int version();

}  // namespace zcnas::cli
