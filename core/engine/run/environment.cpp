#include "run/environment.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>

#include "distributed/mpi_world.hpp"
#include "log/logging.hpp"
#include "plugin/plugin_host.hpp"
#include "runtime/install_paths.hpp"
#include "runtime/runtime.hpp"
#include "store/run_store.hpp"
#include "util/suggest.hpp"

namespace zcnas::run {

namespace {

// The flag if given, else the config's: the rule's first two steps (value_or() adds the
// variable, where there is one, and the default).
template <class T>
std::optional<T> first(const std::optional<T>& flag, const std::optional<T>& config) {
  return flag ? flag : config;
}

}  // namespace

Environment::Environment() : host_(std::make_unique<plugin::PluginHost>()) {}
Environment::~Environment() = default;

Expected<std::unique_ptr<Environment>> Environment::resolve(const RunSettings& s) {
  std::unique_ptr<Environment> env(new Environment());
  env->quiet_ = s.quiet;
  log::configure(s.quiet ? -1 : s.verbose);
  if (!s.config_file.empty()) {
    auto loaded = config::load_run_config(s.config_file);
    if (!loaded) return std::move(loaded).error();
    env->config_ = std::move(*loaded);
    if (env->config_.log_level && !s.quiet && s.verbose == 0) {
      if (auto ok = log::configure(*env->config_.log_level); !ok) return std::move(ok).error();
    }
  }
  const config::RunConfig& c = env->config_;

  int threads = s.threads ? *s.threads : static_cast<int>(c.threads.value_or(0));
  // Ranks on one machine share its cores instead of each taking all of them (unless
  // OMP_NUM_THREADS already says how many each takes).
  if (threads == 0 && !runtime::threads_from_environment() && distributed::MpiWorld::launched_by_mpi())
    threads = std::max(1, runtime::hardware_threads() / distributed::MpiWorld::local_size());
  runtime::set_threads(threads);

  std::string device_name = first(s.device, c.device).value_or("cpu");
  // Ranks on a machine with several GPUs take one each, round robin, when "cuda" names none.
  if (device_name == "cuda" && distributed::MpiWorld::launched_by_mpi() && runtime::cuda_available() &&
      runtime::cuda_device_count() > 1)
    device_name += ":" + std::to_string(distributed::MpiWorld::local_rank() % runtime::cuda_device_count());
  auto device = runtime::resolve_device(device_name);
  if (!device) return std::move(device).error();
  env->device_ = device->str();
  env->seed_ = static_cast<std::uint64_t>(first(s.seed, c.seed).value_or(0));

  const char* variable = std::getenv("ZCNAS_STORE");
  const std::string store = first(s.store, c.store).value_or(variable && *variable ? variable : "zcnas.db");
  env->store_path_ = s.no_store || store == "off" ? "" : store;
  env->retry_failed_ = s.retry_failed;
  env->isolate_ = first(s.isolate, c.isolate).value_or(false);
  env->proxy_timeout_ = first(s.proxy_timeout, c.proxy_timeout).value_or(0.0);
  env->proxy_memory_mb_ = first(s.proxy_memory_mb, c.proxy_memory_mb).value_or(0);
  if (env->proxy_memory_mb_ > 0 && !env->isolate_)
    return Error(ErrorKind::invalid_argument, "--proxy-memory caps isolated workers; add --isolate");
  const std::string batchnorm = first(s.batchnorm, c.batchnorm).value_or("train");
  if (batchnorm != "train" && batchnorm != "eval")
    return Error(ErrorKind::invalid_argument, "--batchnorm '" + batchnorm + "': expected train or eval");
  env->batchnorm_train_ = batchnorm == "train";
  const std::string layers = first(s.proxy_layers, c.proxy_layers).value_or("all");
  if (layers != "all" && layers != "conv-linear")
    return Error(ErrorKind::invalid_argument, "--proxy-layers '" + layers + "': expected all or conv-linear");
  env->conv_linear_layers_ = layers == "conv-linear";
  env->pass_chunk_ = first(s.pass_chunk, c.pass_chunk).value_or(0);
  if (env->pass_chunk_ < 0) return Error(ErrorKind::invalid_argument, "--pass-chunk must not be negative (0: whole batches)");

  env->space_dirs_ = runtime::default_space_dirs();
  env->data_dirs_ = runtime::default_data_dirs();
  env->plugin_dirs_ = s.plugin_dirs;
  env->plugin_dirs_.insert(env->plugin_dirs_.end(), c.plugin_dirs.begin(), c.plugin_dirs.end());
  for (const auto& d : plugin::default_plugin_dirs()) env->plugin_dirs_.push_back(d);
  env->refusals_ = env->host_->load_directories(env->plugin_dirs_);
  for (const auto& r : env->refusals_) spdlog::warn("refused {}", r.to_string());
  spdlog::debug("{} plugins loaded from {} directories", env->host_->plugins().size(), env->plugin_dirs_.size());
  env->catalog_ = env->host_->catalog();
  for (const auto& p : env->host_->plugins()) env->listing_.push_back({p.path, p.metadata, p.stamp});
  return env;
}

Expected<const Environment::PluginListing*> Environment::find_plugin(const std::string& name) const {
  for (const auto& p : listing_)
    if (p.metadata.name == name) return &p;
  return host_->make_proxy(name, {}).error();  // the host's message, with its "did you mean"
}

Expected<std::shared_ptr<store::RunStore>> Environment::open_store() const {
  if (store_path_.empty()) return std::shared_ptr<store::RunStore>();
  auto opened = store::RunStore::open(store_path_);
  if (!opened) return std::move(opened).error();
  return std::shared_ptr<store::RunStore>(std::move(*opened));
}

dsl::ParseOptions Environment::parse_options() const {
  dsl::ParseOptions parse;
  parse.catalog = &catalog_;
  parse.include_dirs = space_dirs_;
  return parse;
}

Expected<spec::Program> Environment::parse(const std::string& file) const {
  return dsl::parse_file(file, parse_options());
}

Expected<spec::SearchSpace> Environment::pick_space(const spec::Program& program, const SpaceRef& ref) {
  std::vector<std::string> names;
  for (const auto& sp : program.spaces) names.push_back(sp.name);
  if (!ref.name.empty()) {
    if (const spec::SearchSpace* found = program.space(ref.name)) return *found;
    return Error(ErrorKind::invalid_argument, "'" + ref.file + "' declares no space '" + ref.name + "'" +
                                                  util::did_you_mean(ref.name, names) + "; it declares: " +
                                                  (names.empty() ? std::string("none") : util::join(names)));
  }
  if (program.spaces.size() == 1) return program.spaces.front();
  if (program.spaces.empty()) return Error(ErrorKind::invalid_argument, "'" + ref.file + "' declares no space");
  return Error(ErrorKind::invalid_argument, "'" + ref.file + "' declares " + std::to_string(names.size()) +
                                                " spaces (" + util::join(names) + "); choose one with --space");
}

Expected<spec::SearchSpace> Environment::load_space(const SpaceRef& ref) const {
  auto program = parse(ref.file);
  if (!program) return std::move(program).error();
  return pick_space(*program, ref);
}

}  // namespace zcnas::run
