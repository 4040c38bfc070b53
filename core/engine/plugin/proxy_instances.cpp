#include "plugin/proxy_instances.hpp"

#include <algorithm>

#include "util/suggest.hpp"

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

Expected<std::vector<ProxyInstance>> instantiate_named_proxies(const std::vector<std::string>& names,
                                                               const std::vector<config::ProxyInstance>& configured,
                                                               const std::vector<spec::ProxyDecl>& declared,
                                                               const PluginHost& host) {
  std::vector<config::ProxyInstance> wanted;
  std::vector<Error> errors;
  std::vector<std::string> known;
  for (const auto& c : configured) known.push_back(c.name);
  for (const auto& d : declared) known.push_back(d.name);
  for (const auto& p : host.plugins())
    if (p.metadata.kind == PluginKind::proxy) known.push_back(p.metadata.name);
  for (const auto& name : names) {
    auto in_config = std::find_if(configured.begin(), configured.end(), [&](const auto& c) { return c.name == name; });
    if (in_config != configured.end()) {
      wanted.push_back(*in_config);
      continue;
    }
    auto in_program = std::find_if(declared.begin(), declared.end(), [&](const auto& d) { return d.name == name; });
    if (in_program != declared.end()) {
      if (!in_program->is_plugin_instance()) {
        errors.push_back(Error(ErrorKind::invalid_argument,
                               in_program->location.to_string() + ": proxy '" + name + "' is an expression (" +
                                   in_program->expr.to_string() +
                                   "); score the proxies it uses and combine them with `zcnas evaluate`"));
        continue;
      }
      config::ProxyInstance d;
      d.name = name;
      d.plugin = in_program->expr.name;
      d.params = in_program->expr.params;
      for (const auto& [k, v] : d.params) d.param_locations[k] = in_program->expr.location;
      d.location = in_program->location;
      wanted.push_back(std::move(d));
      continue;
    }
    const LoadedPlugin* plugin = host.find(name);
    if (plugin == nullptr || plugin->metadata.kind != PluginKind::proxy) {
      errors.push_back(Error(ErrorKind::invalid_argument, "no proxy '" + name + "'" + util::did_you_mean(name, known) +
                                                              "; known: " + util::join(known)));
      continue;
    }
    config::ProxyInstance d;
    d.name = name;
    d.plugin = name;
    d.location.file = plugin->path;
    wanted.push_back(std::move(d));
  }
  if (!errors.empty()) return Error::join(errors);
  return instantiate_proxies(wanted, host);
}

}  // namespace zcnas::plugin
