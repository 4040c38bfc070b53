#pragma once
// Turns the proxy instances a config declares into live proxies, checking each parameter
// against the plugin's declaration and reporting mistakes at their file:line:col.

#include <memory>
#include <string>
#include <vector>

#include "config/run_config.hpp"
#include "plugin/plugin_host.hpp"
#include "spec/proxy_decl.hpp"

namespace zcnas::plugin {

struct ProxyInstance {
  std::string name;    // the instance name the user chose ("snip_abs"), or the plugin name
  const LoadedPlugin* plugin = nullptr;
  ParamSet params;
  std::unique_ptr<Proxy> proxy;
};

Expected<std::vector<ProxyInstance>> instantiate_proxies(const std::vector<config::ProxyInstance>& declared,
                                                         const PluginHost& host);

// The instances `names` refers to, in that order. A name is looked up as a [proxies.<name>]
// instance of the run configuration, then as a plugin-instance declaration of the .zc
// program (`proxy name = plugin(k = v)`), then as a plugin with its default parameters.
// Expression proxies are refused here: they combine scores, they are not run.
Expected<std::vector<ProxyInstance>> instantiate_named_proxies(const std::vector<std::string>& names,
                                                               const std::vector<config::ProxyInstance>& configured,
                                                               const std::vector<spec::ProxyDecl>& declared,
                                                               const PluginHost& host);

// One instance of every loaded proxy plugin with its default parameters.
Expected<std::vector<ProxyInstance>> instantiate_all_proxies(const PluginHost& host);

}  // namespace zcnas::plugin
