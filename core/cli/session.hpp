#pragma once
// What every zcnas subcommand starts from (configuration, logging, threads, device, seed,
// plugins), how commands pick a space and architectures, and their exit codes. Only the
// CLI layer prints errors for people and decides exit codes.

#include <c10/core/Device.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "config/run_config.hpp"
#include "dsl/parser.hpp"
#include "plugin/plugin_host.hpp"
#include "spec/search_space.hpp"
#include "store/run_store.hpp"

namespace zcnas::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // the command ran and something in it failed
constexpr int kExitUsage = 2;    // bad input: config, arguments, unknown names

void report(const Error& e);

// Configuration read, logging and threads set, plugins loaded. CLI flags override the
// config file.
struct Session {
  config::RunConfig config;
  plugin::PluginHost host;
  std::vector<Error> refusals;
  std::vector<std::string> plugin_dirs;
  c10::Device device{c10::DeviceType::CPU};
  std::uint64_t seed = 0;
  std::string store_path;  // "" : no run store (--no-store, store = "off")
  bool retry_failed = false;
  bool isolate = false;
  double proxy_timeout = 0;
  std::int64_t proxy_memory_mb = 0;
};
Expected<std::unique_ptr<Session>> open_session(const GlobalOptions& g);

// The run store of the session (opened on first use, shared), or null when it is off.
Expected<std::shared_ptr<store::RunStore>> open_store(const Session& s);

// DSL parse options: the loaded plugins' catalog, the shipped spaces as include path.
dsl::ParseOptions parse_options(const dsl::PluginCatalog& catalog);
// The space `o.space` of a parsed program (the only one when o.space is empty).
Expected<spec::SearchSpace> pick_space(const spec::Program& program, const SpaceOptions& o);
// Parses `o.file` (proxy declarations checked against the loaded plugins) and picks the space.
Expected<spec::SearchSpace> load_space(const Session& s, const SpaceOptions& o);

// The architectures a command names (--archs FILE, --sample N, --all), as canonical strings.
Expected<std::vector<std::string>> select_architectures(const spec::SearchSpace& space, const ArchSelection& c);

}  // namespace zcnas::cli
