#pragma once
// The run configuration: the TOML file a user passes with --config. This stage knows the
// file format only; what the values mean (a plugin's parameters, a device) is checked by
// the stage that uses them, which reports errors at the locations recorded here.
//
//   [runtime]                     # all optional; CLI flags override
//   threads = 2
//   device = "cpu"                # or "cuda", "cuda:1"
//   seed = 0
//   log_level = "info"            # trace, debug, info, warn, error
//   store = "results.db"          # the run store (relative to this file); "off": none
//   batchnorm = "train"           # or "eval": running statistics during passes
//   proxy_layers = "all"          # or "conv-linear": transposed convolutions hidden from proxies
//   pass_chunk = 0                # > 0: passes as sub-batches of at most this many samples
//   isolate = false               # proxies in worker processes
//   proxy_timeout = 60.0          # seconds per proxy per architecture (0: none)
//   proxy_memory = 4096           # MB an isolated worker may add (0: no cap)
//
//   [plugins]
//   paths = ["my_plugins"]        # relative to this file
//
//   [proxies.snip_abs]            # a named proxy instance
//   plugin = "snip"               # every other key is a parameter of that plugin

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/source_location.hpp"
#include "zcnas/error.hpp"
#include "zcnas/params.hpp"

namespace zcnas::config {

using zcnas::SourceLocation;

struct ProxyInstance {
  std::string name;    // the instance name ([proxies.<name>])
  std::string plugin;  // the plugin it instantiates
  std::map<std::string, ParamValue> params;
  std::map<std::string, SourceLocation> param_locations;
  SourceLocation location;
};

struct RunConfig {
  std::string file;  // where it was read from ("" when built in code)
  std::optional<std::int64_t> threads;
  std::optional<std::string> device;
  std::optional<std::int64_t> seed;
  std::optional<std::string> log_level;
  std::optional<std::string> store;      // path resolved against the file's folder, or "off"
  std::optional<std::string> batchnorm;  // "train" or "eval"
  std::optional<std::string> proxy_layers;  // "all" or "conv-linear"
  std::optional<std::int64_t> pass_chunk;   // samples per sub-batch pass; 0: whole batches
  std::optional<bool> isolate;
  std::optional<double> proxy_timeout;
  std::optional<std::int64_t> proxy_memory_mb;
  std::vector<std::string> plugin_dirs;  // absolute or relative to the working directory
  std::vector<ProxyInstance> proxies;
};

// Parses TOML text; `origin` names it in messages and anchors relative paths.
Expected<RunConfig> parse_run_config(std::string_view text, const std::string& origin);
Expected<RunConfig> load_run_config(const std::string& path);

}  // namespace zcnas::config
