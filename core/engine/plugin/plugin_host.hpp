#pragma once
// The plugin host: finds plugin libraries, checks that each was built for this zcnas
// before running any of its code paths, and keeps the catalogue of what they register.
// Libraries stay loaded until the process exits (LLVM's "permanent library"), because
// every proxy or combiner object a plugin creates carries that plugin's vtable.

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "dsl/parser.hpp"
#include "plugin/build_stamp.hpp"
#include "plugin/plugin_registry.hpp"
#include "zcnas/combiner.hpp"
#include "zcnas/net/op.hpp"
#include "zcnas/error.hpp"
#include "zcnas/plugin/metadata.hpp"
#include "zcnas/proxy.hpp"
#include "zcnas/strategy.hpp"

namespace zcnas::plugin {


struct LoadedPlugin {
  std::string path;  // the library it came from
  PluginMetadata metadata;
  BuildStamp stamp;
  ProxyFactory proxy_factory;        // set for proxies
  CombinerFactory combiner_factory;  // set for combiners
  OpSignature op_signature;          // set for ops
  OpFactory op_factory;
  StrategyFactory strategy_factory;  // set for search strategies
};

class PluginHost final : public PluginRegistry {
 public:
  PluginHost() = default;
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  // Loads one library and adds what it registers; returns the names it added. A refused
  // library adds nothing.
  Expected<std::vector<std::string>> load_file(const std::string& path);
  // Loads every plugin library (zcnas_*.so) in `dir`, in name order. Refusals are
  // returned; the other libraries still load. A missing directory is not an error.
  std::vector<Error> load_directory(const std::string& dir);
  std::vector<Error> load_directories(const std::vector<std::string>& dirs);

  const std::vector<LoadedPlugin>& plugins() const noexcept { return plugins_; }
  const LoadedPlugin* find(const std::string& name) const noexcept;
  std::vector<std::string> names() const;

  // Binds `params` to the plugin's declared parameters and creates an instance.
  Expected<std::unique_ptr<Proxy>> make_proxy(const std::string& name,
                                              const std::map<std::string, ParamValue>& params) const;
  Expected<std::unique_ptr<Combiner>> make_combiner(const std::string& name,
                                                    const std::map<std::string, ParamValue>& params) const override;
  Expected<std::unique_ptr<SearchStrategy>> make_strategy(const std::string& name,
                                                          const std::map<std::string, ParamValue>& params,
                                                          const SpaceView& space) const override;
  std::vector<std::string> strategy_names() const override;
  const PluginMetadata* metadata(const std::string& name) const override;
  dsl::PluginCatalog catalog() const override;

 private:
  Expected<const LoadedPlugin*> find_kind(const std::string& name, PluginKind kind) const;

  std::vector<LoadedPlugin> plugins_;
  std::set<std::string> loaded_files_;  // canonical paths, so a directory named twice loads once
};

// Where plugins are looked for, in order: the directories in $ZCNAS_PLUGIN_PATH
// (colon-separated), `plugins/` next to the zcnas binary (build tree), and
// `../lib/zcnas/plugins` from it (install tree).
std::vector<std::string> default_plugin_dirs();

// The file names the host treats as plugins: zcnas_<kind>_<name>.so
bool is_plugin_file_name(const std::string& file_name);

}  // namespace zcnas::plugin
