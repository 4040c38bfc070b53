#include "plugin/proxy_instances.hpp"

namespace zcnas::plugin {

Expected<std::vector<ProxyInstance>> instantiate_proxies(const std::vector<config::ProxyInstance>& declared,
                                                         const PluginHost& host) {
  std::vector<ProxyInstance> out;
  std::vector<Error> errors;
  for (const auto& d : declared) {
    const LoadedPlugin* plugin = host.find(d.plugin);
    if (plugin == nullptr || plugin->metadata.kind != PluginKind::proxy) {
      auto missing = host.make_proxy(d.plugin, {});  // for its message with suggestions
      errors.push_back(std::move(missing).error().with_context(d.location.to_string() + ": [proxies." + d.name + "]"));
      continue;
    }
    // Check parameters one by one so each mistake points at its own line.
    bool ok = true;
    for (const auto& [key, value] : d.params) {
      auto single = bind_params(d.plugin, plugin->metadata.params, {{key, value}});
      if (!single) {
        ok = false;
        errors.push_back(std::move(single).error().with_context(d.param_locations.at(key).to_string()));
      }
    }
    if (!ok) continue;
    auto params = bind_params(d.plugin, plugin->metadata.params, d.params);
    auto proxy = host.make_proxy(d.plugin, d.params);
    if (!params || !proxy) {
      errors.push_back((proxy ? params.error() : proxy.error()).with_context(d.location.to_string()));
      continue;
    }
    out.push_back({d.name, plugin, std::move(*params), std::move(*proxy)});
  }
  if (!errors.empty()) return Error::join(errors);
  return out;
}

Expected<std::vector<ProxyInstance>> instantiate_all_proxies(const PluginHost& host) {
  std::vector<config::ProxyInstance> declared;
  for (const auto& p : host.plugins()) {
    if (p.metadata.kind != PluginKind::proxy) continue;
    config::ProxyInstance d;
    d.name = p.metadata.name;
    d.plugin = p.metadata.name;
    d.location.file = p.path;
    declared.push_back(std::move(d));
  }
  return instantiate_proxies(declared, host);
}

}  // namespace zcnas::plugin
