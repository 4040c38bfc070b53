#include "plugin/plugin_host.hpp"

#include <boost/dll/shared_library.hpp>
#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "net/op_registry.hpp"
#include "runtime/install_paths.hpp"
#include "util/suggest.hpp"
#include "zcnas/plugin.hpp"

namespace zcnas::plugin {

namespace fs = std::filesystem;

BuildStamp host_stamp() {
  return {ZCNAS_PLUGIN_ABI_VERSION, ZCNAS_SDK_VERSION, TORCH_VERSION, ZCNAS_CXX11_ABI, ZCNAS_COMPILER_ID};
}

namespace {

std::string describe(const BuildStamp& s) {
  std::ostringstream out;
  out << "zcnas SDK " << s.sdk_version << " / LibTorch " << s.torch_version << " / " << s.compiler
      << " / C++11 ABI " << s.cxx11_abi;
  return out.str();
}

// Collects what one library registers, so the host can refuse the library as a whole.
class CollectingRegistrar final : public PluginRegistrar {
 public:
  void add_proxy(PluginMetadata metadata, ProxyFactory factory) override {
    metadata.kind = PluginKind::proxy;
    LoadedPlugin p;
    p.metadata = std::move(metadata);
    p.proxy_factory = std::move(factory);
    added.push_back(std::move(p));
  }
  void add_combiner(PluginMetadata metadata, CombinerFactory factory) override {
    metadata.kind = PluginKind::combiner;
    LoadedPlugin p;
    p.metadata = std::move(metadata);
    p.combiner_factory = std::move(factory);
    added.push_back(std::move(p));
  }
  void add_strategy(PluginMetadata metadata, StrategyFactory factory) override {
    metadata.kind = PluginKind::strategy;
    LoadedPlugin p;
    p.metadata = std::move(metadata);
    p.strategy_factory = std::move(factory);
    added.push_back(std::move(p));
  }
  void add_op(OpSignature signature, OpFactory factory) override {
    LoadedPlugin p;
    p.metadata.name = signature.name;
    p.metadata.version = signature.version;
    p.metadata.kind = PluginKind::op;
    p.metadata.description = signature.description;
    p.metadata.params = signature.params;
    p.op_signature = std::move(signature);
    p.op_factory = std::move(factory);
    added.push_back(std::move(p));
  }
  std::vector<LoadedPlugin> added;
};

// Boost.DLL reports a failed dlopen as a generic error code; ask the loader for its words.
std::string loader_message(const std::string& path) {
  void* handle = ::dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL);
  if (handle != nullptr) {
    ::dlclose(handle);
    return "unknown loader error";
  }
  const char* message = ::dlerror();
  return message != nullptr ? message : "unknown loader error";
}

Error plugin_error(const std::string& path, const std::string& message) {
  return Error(ErrorKind::plugin, message).with_context("plugin '" + path + "'");
}

}  // namespace

Expected<std::vector<std::string>> PluginHost::load_file(const std::string& path) {
  std::error_code fs_error;
  const fs::path canonical = fs::weakly_canonical(path, fs_error);
  const std::string key = fs_error ? path : canonical.string();
  if (loaded_files_.count(key)) return std::vector<std::string>{};
  if (!fs::exists(path)) return plugin_error(path, "no such file");

  // 1. Open the library.
  auto library = std::make_unique<boost::dll::shared_library>();
  boost::dll::fs::error_code ec;
  library->load(path, boost::dll::load_mode::rtld_lazy | boost::dll::load_mode::rtld_local, ec);
  if (ec || !library->is_loaded()) return plugin_error(path, "cannot be loaded: " + loader_message(path));

  // 2. The entry point.
  if (!library->has(ZCNAS_PLUGIN_ENTRY_POINT))
    return plugin_error(path, std::string("not a zcnas plugin: no entry point '") + ZCNAS_PLUGIN_ENTRY_POINT +
                                  "' (export one with ZCNAS_EXPORT_PROXY, ZCNAS_EXPORT_COMBINER or ZCNAS_EXPORT_PLUGIN)");
  const auto& info = library->get_alias<const zcnas_plugin_info>(ZCNAS_PLUGIN_ENTRY_POINT);

  // 3. The ABI version, before any other field is read.
  const BuildStamp host = host_stamp();
  if (info.abi_version != host.abi_version)
    return plugin_error(path, "built for plugin ABI version " + std::to_string(info.abi_version) +
                                  "; this zcnas supports version " + std::to_string(host.abi_version) +
                                  " (rebuild the plugin against this zcnas SDK)");

  // 4. Every other stamp must match exactly; say all mismatches at once.
  BuildStamp stamp{info.abi_version, info.sdk_version ? info.sdk_version : "?",
                   info.torch_version ? info.torch_version : "?", info.cxx11_abi,
                   info.compiler ? info.compiler : "?"};
  if (stamp.sdk_version != host.sdk_version || stamp.torch_version != host.torch_version ||
      stamp.cxx11_abi != host.cxx11_abi || stamp.compiler != host.compiler)
    return plugin_error(path, "built for " + describe(stamp) + "; this zcnas is " + describe(host) +
                                  " (C++ and LibTorch types cross the plugin boundary, so these must match "
                                  "exactly: rebuild the plugin)");

  // 5. The registration function.
  if (info.register_plugin == nullptr) return plugin_error(path, "its plugin info has no register function");

  // 6. Run it; nothing it throws crosses this line.
  CollectingRegistrar registrar;
  try {
    info.register_plugin(registrar);
  } catch (const std::exception& e) {
    return plugin_error(path, std::string("its register function threw: ") + e.what());
  } catch (...) {
    return plugin_error(path, "its register function threw a non-standard exception");
  }
  if (registrar.added.empty()) return plugin_error(path, "its register function registered nothing");

  std::vector<std::string> names;
  for (auto& p : registrar.added) {
    if (auto ok = validate(p.metadata); !ok) return plugin_error(path, ok.error().to_string());
    if (p.metadata.kind == PluginKind::op) {
      if (!p.op_signature.infer) return plugin_error(path, "op '" + p.metadata.name + "' has no shape function");
      if (!p.op_factory) return plugin_error(path, "op '" + p.metadata.name + "' has no factory");
      if (p.op_signature.required > p.op_signature.params.size())
        return plugin_error(path, "op '" + p.metadata.name + "' requires more arguments than it declares");
      if (p.op_signature.cell_op && p.op_signature.required > 0)
        return plugin_error(path, "op '" + p.metadata.name + "' is a cell op but requires arguments");
    }
    if (const LoadedPlugin* other = find(p.metadata.name))
      return plugin_error(path, "duplicate plugin name '" + p.metadata.name + "': already loaded from '" +
                                    other->path + "'");
    if (std::count(names.begin(), names.end(), p.metadata.name))
      return plugin_error(path, "registers the name '" + p.metadata.name + "' twice");
    names.push_back(p.metadata.name);
  }
  for (auto& p : registrar.added) {
    p.path = path;
    p.stamp = stamp;
    if (p.metadata.kind == PluginKind::op) net::register_op(p.op_signature, p.op_factory, path);
    plugins_.push_back(std::move(p));
  }
  loaded_files_.insert(key);
  // Never unloaded: objects the plugin creates carry its code.
  (void)library.release();
  return names;
}

bool is_plugin_file_name(const std::string& name) {
  auto ends_with = [&](const std::string& suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return name.rfind("zcnas_", 0) == 0 && ends_with(".so");
}

std::vector<Error> PluginHost::load_directory(const std::string& dir) {
  std::vector<Error> refusals;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return refusals;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec) && is_plugin_file_name(entry.path().filename().string()))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto loaded = load_file(f.string());
    if (!loaded) refusals.push_back(std::move(loaded).error());
  }
  return refusals;
}

std::vector<Error> PluginHost::load_directories(const std::vector<std::string>& dirs) {
  std::vector<Error> refusals;
  for (const auto& d : dirs) {
    auto r = load_directory(d);
    refusals.insert(refusals.end(), std::make_move_iterator(r.begin()), std::make_move_iterator(r.end()));
  }
  return refusals;
}

const LoadedPlugin* PluginHost::find(const std::string& name) const noexcept {
  for (const auto& p : plugins_) {
    if (p.metadata.name == name) return &p;
  }
  return nullptr;
}

std::vector<std::string> PluginHost::names() const {
  std::vector<std::string> out;
  for (const auto& p : plugins_) out.push_back(p.metadata.name);
  return out;
}

Expected<const LoadedPlugin*> PluginHost::find_kind(const std::string& name, PluginKind kind) const {
  const LoadedPlugin* p = find(name);
  if (p == nullptr) {
    std::vector<std::string> same_kind;
    for (const auto& q : plugins_) {
      if (q.metadata.kind == kind) same_kind.push_back(q.metadata.name);
    }
    return Error(ErrorKind::plugin, std::string("no ") + to_string(kind) + " plugin named '" + name + "'" +
                                        util::did_you_mean(name, same_kind) + "; loaded: " +
                                        (same_kind.empty() ? std::string("none") : util::join(same_kind)));
  }
  if (p->metadata.kind != kind)
    return Error(ErrorKind::plugin, "plugin '" + name + "' is a " + to_string(p->metadata.kind) + ", not a " +
                                        to_string(kind));
  return p;
}

namespace {
// Binds parameters, then calls the plugin's factory with nothing escaping it.
template <class Instance, class Factory>
Expected<std::unique_ptr<Instance>> create(const LoadedPlugin& plugin, const Factory& factory,
                                           const std::map<std::string, ParamValue>& params) {
  const std::string& name = plugin.metadata.name;
  const char* kind = to_string(plugin.metadata.kind);
  auto bound = bind_params(name, plugin.metadata.params, params);
  if (!bound) return std::move(bound).error();
  try {
    auto instance = factory(*bound);
    if (!instance) return plugin_error(plugin.path, std::string("its factory returned no ") + kind);
    return instance;
  } catch (const std::exception& e) {
    return plugin_error(plugin.path, std::string("creating ") + kind + " '" + name + "' threw: " + e.what());
  }
}
}  // namespace

Expected<std::unique_ptr<Proxy>> PluginHost::make_proxy(const std::string& name,
                                                         const std::map<std::string, ParamValue>& params) const {
  auto plugin = find_kind(name, PluginKind::proxy);
  if (!plugin) return std::move(plugin).error();
  return create<Proxy>(**plugin, (*plugin)->proxy_factory, params);
}

Expected<std::unique_ptr<Combiner>> PluginHost::make_combiner(const std::string& name,
                                                              const std::map<std::string, ParamValue>& params) const {
  auto plugin = find_kind(name, PluginKind::combiner);
  if (!plugin) return std::move(plugin).error();
  return create<Combiner>(**plugin, (*plugin)->combiner_factory, params);
}

Expected<std::unique_ptr<SearchStrategy>> PluginHost::make_strategy(const std::string& name,
                                                                   const std::map<std::string, ParamValue>& params,
                                                                   const SpaceView& space) const {
  auto plugin = find_kind(name, PluginKind::strategy);
  if (!plugin) return std::move(plugin).error();
  auto bound = bind_params(name, (*plugin)->metadata.params, params);
  if (!bound) return std::move(bound).error();
  try {
    auto made = (*plugin)->strategy_factory(space, *bound);
    if (!made) return std::move(made).error().with_context("strategy '" + name + "'");
    if (!*made) return plugin_error((*plugin)->path, "its factory returned no strategy");
    return made;
  } catch (const std::exception& e) {
    return plugin_error((*plugin)->path, "creating strategy '" + name + "' threw: " + e.what());
  }
}

std::vector<std::string> PluginHost::strategy_names() const {
  std::vector<std::string> out;
  for (const auto& p : plugins_)
    if (p.metadata.kind == PluginKind::strategy) out.push_back(p.metadata.name);
  return out;
}

std::vector<std::string> default_plugin_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("ZCNAS_PLUGIN_PATH")) dirs = runtime::split_path_list(env);
  const std::string exe = runtime::executable_dir();
  if (!exe.empty()) {
    dirs.push_back(exe + "/plugins");
    dirs.push_back((fs::path(exe) / ".." / ZCNAS_INSTALL_PLUGIN_SUBDIR).lexically_normal().string());
  }
  return dirs;
}

dsl::PluginCatalog PluginHost::catalog() const {
  dsl::PluginCatalog catalog;
  for (const auto& p : plugins_)
    if (p.metadata.kind == PluginKind::proxy) catalog.proxies[p.metadata.name] = p.metadata.params;
    else if (p.metadata.kind == PluginKind::op) catalog.ops[p.metadata.name] = p.op_signature;
  return catalog;
}

const PluginMetadata* PluginHost::metadata(const std::string& name) const {
  const LoadedPlugin* p = find(name);
  return p ? &p->metadata : nullptr;
}

}  // namespace zcnas::plugin
