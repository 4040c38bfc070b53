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

struct ScoreCommand {
  std::string file;                  // .zc file declaring the space (and maybe proxies)
  std::string space;
  std::vector<std::string> proxies;  // empty: every loaded proxy plugin
  std::string archs_file;            // one canonical string per line
  std::int64_t sample = 0;           // or: this many seeded random architectures
  std::uint64_t sample_seed = 0;
  bool enumerate = false;            // or: every architecture of a finite space
  std::string dataset = "cifar10";
  std::int64_t batch_size = 64;
  std::int64_t batches = 0;
  std::string batchnorm = "train";
  std::string out = "-";
  std::string json;
};
// Scores architectures with a pool of proxies, streaming a long-format CSV.
int score(const GlobalOptions& options, const ScoreCommand& command);

// Parses a .zc file (with its includes) and lists what it declares, or every error in it.
int check(const GlobalOptions& options, const std::string& file);
int version();

}  // namespace zcnas::cli
