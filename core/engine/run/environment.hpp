#pragma once
// The environment of a run: every setting that is not the job itself (threads, device,
// seed, the run store, isolation and limits, BatchNorm mode, where plugins, spaces and data
// are), resolved once from what the user gave, and the plugins loaded. Every job (score,
// search, evaluate, lswag-window, doctor, ...) takes one; the CLI, the benchmarks and the
// tests build it the same way.
//
// One precedence rule, for every setting: a command-line flag wins over the --config file's
// [runtime] table, which wins over the environment variable, which wins over the built-in
// default. For lists of folders (plugins, spaces, data) that is their search order.
//
//   setting        flag              [runtime] key    environment          default
//   threads        --threads         threads          OMP_NUM_THREADS      one per core (shared by MPI ranks)
//   device         --device          device           -                    cpu
//   seed           --seed            seed             -                    0
//   run store      --store/--no-store store ("off")   ZCNAS_STORE          ./zcnas.db
//   BatchNorm      --batchnorm       batchnorm        -                    train
//   proxy layers   --proxy-layers    proxy_layers     -                    all
//   sub-batches    --pass-chunk      pass_chunk       -                    0 (whole batches)
//   isolation      --isolate         isolate          -                    off
//   proxy time     --proxy-timeout   proxy_timeout    -                    0 (none)
//   worker memory  --proxy-memory    proxy_memory     -                    0 (no cap)
//   plugins        --plugin-path     [plugins] paths  ZCNAS_PLUGIN_PATH    plugins/ by the binary
//   spaces         -                 -                ZCNAS_SPACE_PATH     spaces/ by the binary
//   data           -                 -                ZCNAS_DATA_PATH      data/ by the binary
//
// This header is torch-free: the CLI includes it and is compiled without torch headers.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/run_config.hpp"
#include "dsl/parser.hpp"
#include "plugin/build_stamp.hpp"
#include "spec/program.hpp"
#include "spec/search_space.hpp"
#include "zcnas/error.hpp"
#include "zcnas/plugin/metadata.hpp"

namespace zcnas::plugin {
class PluginHost;
}
namespace zcnas::store {
class RunStore;
}

namespace zcnas::run {

// What the user said, unresolved: empty optionals are "not given".
struct RunSettings {
  std::string config_file;
  int verbose = 0;
  bool quiet = false;
  std::optional<int> threads;
  std::optional<std::string> device;
  std::optional<std::int64_t> seed;
  std::vector<std::string> plugin_dirs;
  std::optional<std::string> store;  // run store file, or "off"
  bool no_store = false;
  bool retry_failed = false;            // compute stored failures again
  std::optional<bool> isolate;          // proxies in worker processes (crashes fail one pair)
  std::optional<double> proxy_timeout;  // seconds per proxy per architecture
  std::optional<std::int64_t> proxy_memory_mb;  // isolated workers' extra address space
  std::optional<std::string> batchnorm;         // "train" or "eval"
  std::optional<std::string> proxy_layers;      // "all" or "conv-linear"
  std::optional<std::int64_t> pass_chunk;       // ProbeOptions::pass_chunk
};

// A space named in a .zc file: `name` empty when the file declares one.
struct SpaceRef {
  std::string file;
  std::string name;
};

class Environment {
 public:
  // Configures logging and threads for the process, reads the config, loads the plugins.
  static Expected<std::unique_ptr<Environment>> resolve(const RunSettings& settings);
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  const config::RunConfig& config() const noexcept { return config_; }
  const plugin::PluginHost& host() const noexcept { return *host_; }
  // What the loaded plugins are (proxies, combiners, ops), in load order, torch-free.
  struct PluginListing {
    std::string path;  // the library it came from
    PluginMetadata metadata;
    plugin::BuildStamp stamp;
  };
  const std::vector<PluginListing>& plugins() const noexcept { return listing_; }
  // The plugin `name`, or an error that suggests the nearest names.
  Expected<const PluginListing*> find_plugin(const std::string& name) const;
  const std::vector<Error>& refusals() const noexcept { return refusals_; }  // plugins not loaded
  const std::vector<std::string>& plugin_dirs() const noexcept { return plugin_dirs_; }
  const std::vector<std::string>& space_dirs() const noexcept { return space_dirs_; }
  const std::vector<std::string>& data_dirs() const noexcept { return data_dirs_; }

  const std::string& device() const noexcept { return device_; }  // "cpu", "cuda:0": checked usable
  std::uint64_t seed() const noexcept { return seed_; }
  bool quiet() const noexcept { return quiet_; }
  const std::string& store_path() const noexcept { return store_path_; }  // "": no store
  bool retry_failed() const noexcept { return retry_failed_; }
  bool isolate() const noexcept { return isolate_; }
  double proxy_timeout() const noexcept { return proxy_timeout_; }
  std::int64_t proxy_memory_mb() const noexcept { return proxy_memory_mb_; }
  bool batchnorm_train() const noexcept { return batchnorm_train_; }
  // Per-layer proxies see Conv2d and Linear layers only (score::ScoreOptions::conv_linear_layers).
  bool conv_linear_layers() const noexcept { return conv_linear_layers_; }
  // Samples per sub-batch pass (ProbeOptions::pass_chunk); 0: whole batches.
  std::int64_t pass_chunk() const noexcept { return pass_chunk_; }

  // The run store (opened on each call; null when off).
  Expected<std::shared_ptr<store::RunStore>> open_store() const;

  // The loaded plugins' catalogue and the space folders, for parsing .zc files.
  const dsl::PluginCatalog& catalog() const noexcept { return catalog_; }
  dsl::ParseOptions parse_options() const;
  Expected<spec::Program> parse(const std::string& file) const;
  // The space `ref.name` of `program` (its only one when the name is empty).
  static Expected<spec::SearchSpace> pick_space(const spec::Program& program, const SpaceRef& ref);
  Expected<spec::SearchSpace> load_space(const SpaceRef& ref) const;

 private:
  Environment();
  config::RunConfig config_;
  std::unique_ptr<plugin::PluginHost> host_;
  dsl::PluginCatalog catalog_;
  std::vector<PluginListing> listing_;
  std::vector<Error> refusals_;
  std::vector<std::string> plugin_dirs_, space_dirs_, data_dirs_;
  std::string device_ = "cpu";
  std::uint64_t seed_ = 0;
  bool quiet_ = false;
  std::string store_path_;
  bool retry_failed_ = false, isolate_ = false, batchnorm_train_ = true, conv_linear_layers_ = false;
  std::int64_t pass_chunk_ = 0;
  double proxy_timeout_ = 0;
  std::int64_t proxy_memory_mb_ = 0;
};

}  // namespace zcnas::run
