#pragma once
// Turns the proxy instances a config declares into live proxies, checking each parameter
// against the plugin's declaration and reporting mistakes at their file:line:col.

#include <memory>
#include <string>
#include <vector>

#include "config/run_config.hpp"
#include "plugin/plugin_host.hpp"

namespace zcnas::plugin {

struct ProxyInstance {
  std::string name;    // the instance name the user chose ("snip_abs"), or the plugin name
  const LoadedPlugin* plugin = nullptr;
  ParamSet params;
  std::unique_ptr<Proxy> proxy;
};

Expected<std::vector<ProxyInstance>> instantiate_proxies(const std::vector<config::ProxyInstance>& declared,
                                                         const PluginHost& host);

// One instance of every loaded proxy plugin with its default parameters.
Expected<std::vector<ProxyInstance>> instantiate_all_proxies(const PluginHost& host);

}  // namespace zcnas::plugin
