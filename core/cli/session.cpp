#include "session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>

#include "distributed/mpi_world.hpp"
#include "log/logging.hpp"
#include "plugin/proxy_instances.hpp"
#include "runtime/install_paths.hpp"
#include "runtime/runtime.hpp"
#include "spec/space_ops.hpp"
#include "util/suggest.hpp"

namespace zcnas::cli {


void report(const Error& e) { std::cerr << "zcnas: error: " << e.to_string() << "\n"; }


Expected<std::unique_ptr<Session>> open_session(const GlobalOptions& g) {
  auto s = std::make_unique<Session>();
  log::configure(g.quiet ? -1 : g.verbose);
  if (!g.config_file.empty()) {
    auto loaded = config::load_run_config(g.config_file);
    if (!loaded) return std::move(loaded).error();
    s->config = std::move(*loaded);
    if (s->config.log_level && !g.quiet && g.verbose == 0) {
      if (auto ok = log::configure(*s->config.log_level); !ok) return std::move(ok).error();
    }
  }
  int threads = g.threads ? *g.threads : static_cast<int>(s->config.threads.value_or(0));
  // Ranks on one machine share its cores instead of each taking all of them.
  if (threads == 0 && distributed::MpiWorld::launched_by_mpi())
    threads = std::max(1, runtime::hardware_threads() / distributed::MpiWorld::local_size());
  runtime::set_threads(threads);
  std::string device_name = g.device ? *g.device : s->config.device.value_or("cpu");
  // Ranks on a machine with several GPUs take one each, round robin, when "cuda" names none.
  if (device_name == "cuda" && distributed::MpiWorld::launched_by_mpi() && runtime::cuda_available() &&
      runtime::cuda_device_count() > 1)
    device_name += ":" + std::to_string(distributed::MpiWorld::local_rank() % runtime::cuda_device_count());
  auto device = runtime::resolve_device(device_name);
  if (!device) return std::move(device).error();
  s->device = *device;
  s->seed = static_cast<std::uint64_t>(g.seed ? *g.seed : s->config.seed.value_or(0));

  // The store: --no-store, --store, the config's, $ZCNAS_STORE, then ./zcnas.db; "off" anywhere turns it off.
  const char* env_store = std::getenv("ZCNAS_STORE");
  std::string store = g.store ? *g.store
                      : s->config.store ? *s->config.store
                      : env_store && *env_store ? env_store
                                                : "zcnas.db";
  s->store_path = g.no_store || store == "off" ? "" : store;
  s->retry_failed = g.retry_failed;
  s->isolate = g.isolate;
  s->proxy_timeout = g.proxy_timeout;
  s->proxy_memory_mb = g.proxy_memory_mb;
  if (g.proxy_memory_mb > 0 && !g.isolate)
    return Error(ErrorKind::invalid_argument, "--proxy-memory caps isolated workers; add --isolate");

  s->plugin_dirs = g.plugin_dirs;
  s->plugin_dirs.insert(s->plugin_dirs.end(), s->config.plugin_dirs.begin(), s->config.plugin_dirs.end());
  for (const auto& d : plugin::default_plugin_dirs()) s->plugin_dirs.push_back(d);
  s->refusals = s->host.load_directories(s->plugin_dirs);
  for (const auto& r : s->refusals) spdlog::warn("refused {}", r.to_string());
  spdlog::debug("{} plugins loaded from {} directories", s->host.plugins().size(), s->plugin_dirs.size());
  return s;
}

Expected<std::shared_ptr<store::RunStore>> open_store(const Session& s) {
  if (s.store_path.empty()) return std::shared_ptr<store::RunStore>();
  auto opened = store::RunStore::open(s.store_path);
  if (!opened) return std::move(opened).error();
  return std::shared_ptr<store::RunStore>(std::move(*opened));
}

dsl::ParseOptions parse_options(const dsl::PluginCatalog& catalog) {
  dsl::ParseOptions parse;
  parse.catalog = &catalog;
  parse.include_dirs = runtime::default_space_dirs();
  return parse;
}

Expected<spec::SearchSpace> pick_space(const spec::Program& program, const SpaceOptions& o) {
  std::vector<std::string> names;
  for (const auto& sp : program.spaces) names.push_back(sp.name);
  if (!o.space.empty()) {
    if (const spec::SearchSpace* found = program.space(o.space)) return *found;
    return Error(ErrorKind::invalid_argument, "'" + o.file + "' declares no space '" + o.space + "'" +
                                                  util::did_you_mean(o.space, names) + "; it declares: " +
                                                  (names.empty() ? std::string("none") : util::join(names)));
  }
  if (program.spaces.size() == 1) return program.spaces.front();
  if (program.spaces.empty()) return Error(ErrorKind::invalid_argument, "'" + o.file + "' declares no space");
  return Error(ErrorKind::invalid_argument, "'" + o.file + "' declares " + std::to_string(names.size()) +
                                                " spaces (" + util::join(names) + "); choose one with --space");
}

Expected<spec::SearchSpace> load_space(const Session& s, const SpaceOptions& o) {
  const dsl::PluginCatalog catalog = plugin::catalog_of(s.host);
  auto program = dsl::parse_file(o.file, parse_options(catalog));
  if (!program) return std::move(program).error();
  return pick_space(*program, o);
}

Expected<std::vector<std::string>> select_architectures(const spec::SearchSpace& space, const ArchSelection& c) {
  std::vector<std::string> archs;
  if (!c.archs_file.empty()) {
    std::ifstream in(c.archs_file);
    if (!in) return Error(ErrorKind::io, "cannot open '" + c.archs_file + "'");
    std::string line;
    int number = 0;
    std::vector<Error> errors;
    while (std::getline(in, line)) {
      ++number;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (line.empty() || line.front() == '#') continue;
      auto arch = spec::from_canonical(space, line);
      if (!arch) {
        errors.push_back(std::move(arch).error().with_context(c.archs_file + ":" + std::to_string(number)));
        if (errors.size() == 20) break;
        continue;
      }
      archs.push_back(line);
    }
    if (!errors.empty()) return Error::join(errors);
    if (archs.empty()) return Error(ErrorKind::invalid_argument, "'" + c.archs_file + "' names no architectures");
  } else if (c.sample > 0) {
    const spec::BigUint size = spec::size(space);
    if (size.fits_u64() && static_cast<std::uint64_t>(c.sample) > size.to_u64())
      return Error(ErrorKind::invalid_argument, "--sample " + std::to_string(c.sample) + " asks for more architectures " +
                                                    "than the space has (" + size.to_string() + ")");
    spec::Rng rng(c.sample_seed);
    std::set<std::string> seen;
    while (static_cast<std::int64_t>(archs.size()) < c.sample) {
      std::string text = spec::to_canonical(space, spec::sample(space, rng));
      if (seen.insert(text).second) archs.push_back(std::move(text));
    }
  } else if (c.enumerate) {
    const spec::BigUint size = spec::size(space);
    if (!size.fits_u64() || size.to_u64() > 10'000'000)
      return Error(ErrorKind::invalid_argument, "--all: space '" + space.name + "' has " + size.to_string() +
                                                    " architectures; use --sample");
    spec::enumerate(space, [&](const spec::Architecture& a) {
      archs.push_back(spec::to_canonical(space, a));
      return true;
    });
  } else {
    return Error(ErrorKind::invalid_argument, "say which architectures to score: --archs FILE, --sample N or --all");
  }
  return archs;
}

}  // namespace zcnas::cli
