#include "config/run_config.hpp"

#include <algorithm>
#include <filesystem>

#include "config/table_reader.hpp"

namespace zcnas::config {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kLogLevels = {"trace", "debug", "info", "warn", "error"};

void read_runtime(TableReader& t, RunConfig& config, std::vector<Error>& errors) {
  config.threads = t.integer("threads");
  if (config.threads && *config.threads < 1)
    errors.push_back(Error(ErrorKind::config, "runtime.threads must be at least 1, got " +
                                                  std::to_string(*config.threads))
                         .with_context(t.location("threads").to_string()));
  config.device = t.string("device");
  config.seed = t.integer("seed");
  if (config.seed && *config.seed < 0)
    errors.push_back(Error(ErrorKind::config, "runtime.seed must not be negative")
                         .with_context(t.location("seed").to_string()));
  config.log_level = t.string("log_level");
  if (config.log_level &&
      std::find(kLogLevels.begin(), kLogLevels.end(), *config.log_level) == kLogLevels.end())
    errors.push_back(Error(ErrorKind::config, "runtime.log_level must be one of trace, debug, info, warn, error; got '" +
                                                  *config.log_level + "'")
                         .with_context(t.location("log_level").to_string()));
  config.store = t.string("store");
  if (config.store && *config.store != "off" && !config.file.empty() && fs::path(*config.store).is_relative())
    config.store = (fs::path(config.file).parent_path() / *config.store).string();
  config.batchnorm = t.string("batchnorm");
  if (config.batchnorm && *config.batchnorm != "train" && *config.batchnorm != "eval")
    errors.push_back(Error(ErrorKind::config, "runtime.batchnorm must be \"train\" or \"eval\", got '" +
                                                  *config.batchnorm + "'")
                         .with_context(t.location("batchnorm").to_string()));
  config.proxy_layers = t.string("proxy_layers");
  if (config.proxy_layers && *config.proxy_layers != "all" && *config.proxy_layers != "conv-linear")
    errors.push_back(Error(ErrorKind::config, "runtime.proxy_layers must be \"all\" or \"conv-linear\", got '" +
                                                  *config.proxy_layers + "'")
                         .with_context(t.location("proxy_layers").to_string()));
  config.pass_chunk = t.integer("pass_chunk");
  if (config.pass_chunk && *config.pass_chunk < 0)
    errors.push_back(Error(ErrorKind::config, "runtime.pass_chunk must not be negative (0: whole batches)")
                         .with_context(t.location("pass_chunk").to_string()));
  config.isolate = t.boolean("isolate");
  config.proxy_timeout = t.real("proxy_timeout");
  if (config.proxy_timeout && !(*config.proxy_timeout >= 0))
    errors.push_back(Error(ErrorKind::config, "runtime.proxy_timeout must not be negative")
                         .with_context(t.location("proxy_timeout").to_string()));
  config.proxy_memory_mb = t.integer("proxy_memory");
  if (config.proxy_memory_mb && *config.proxy_memory_mb < 0)
    errors.push_back(Error(ErrorKind::config, "runtime.proxy_memory must not be negative")
                         .with_context(t.location("proxy_memory").to_string()));
  t.finish({"threads", "device", "seed", "log_level", "store", "batchnorm", "proxy_layers", "pass_chunk", "isolate",
            "proxy_timeout", "proxy_memory"});
}

void read_plugins(TableReader& t, RunConfig& config, const std::string& origin) {
  if (auto paths = t.string_list("paths")) {
    const fs::path base = fs::path(origin).parent_path();
    for (const auto& p : *paths) config.plugin_dirs.push_back(fs::path(p).is_absolute() ? p : (base / p).string());
  }
  t.finish({"paths"});
}

void read_proxies(TableReader& t, RunConfig& config, std::vector<Error>& errors) {
  for (const auto& name : t.unread_keys()) {
    auto instance_table = t.table(name);
    if (!instance_table) continue;  // the reader reported the type error
    ProxyInstance instance;
    instance.name = name;
    instance.location = t.location(name);
    auto plugin = instance_table->string("plugin");
    if (!plugin) {
      errors.push_back(Error(ErrorKind::config, "[proxies." + name + "] needs a 'plugin' key naming the proxy plugin")
                           .with_context(instance.location.to_string()));
      continue;
    }
    instance.plugin = *plugin;
    for (const auto& key : instance_table->unread_keys()) {
      instance.param_locations[key] = instance_table->key_location(key);
      if (auto value = instance_table->param_value(key)) instance.params[key] = std::move(*value);
    }
    config.proxies.push_back(std::move(instance));
  }
}

}  // namespace

Expected<RunConfig> parse_run_config(std::string_view text, const std::string& origin) {
  auto parsed = parse_toml(text, origin);
  if (!parsed) return std::move(parsed).error();
  const toml::table& root = *parsed;
  RunConfig config;
  config.file = origin;
  std::vector<Error> errors;
  TableReader top(root, "", origin, errors);
  if (auto runtime = top.table("runtime")) read_runtime(*runtime, config, errors);
  if (auto plugins = top.table("plugins")) read_plugins(*plugins, config, origin);
  if (auto proxies = top.table("proxies")) read_proxies(*proxies, config, errors);
  top.finish({"runtime", "plugins", "proxies"});
  if (!errors.empty()) return Error::join(errors);
  return config;
}

Expected<RunConfig> load_run_config(const std::string& path) {
  auto text = read_text_file(path, "config file");
  if (!text) return std::move(text).error();
  return parse_run_config(*text, path);
}

}  // namespace zcnas::config
