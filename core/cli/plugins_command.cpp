// zcnas plugins, plugins show, doctor and version: what is installed, and whether it works.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iomanip>
#include <iostream>

#include "commands.hpp"
#include "exit_status.hpp"
#include "run/doctor_job.hpp"
#include "zcnas/version.hpp"

namespace zcnas::cli {

namespace {

std::string needs_text(const PluginNeeds& n) {
  std::vector<std::string> parts;
  if (n.labels) parts.push_back("labels");
  if (n.gradients) parts.push_back("gradients");
  if (n.data_batch) parts.push_back("a real data batch");
  if (n.float64) parts.push_back("float64");
  if (n.gpu) parts.push_back("a GPU");
  if (n.min_batches > 1) parts.push_back(std::to_string(n.min_batches) + " batches");
  if (parts.empty()) return "nothing beyond the network";
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

nlohmann::json param_json(const ParamValue& v) {
  switch (type_of(v)) {
    case ParamType::boolean: return std::get<bool>(v);
    case ParamType::integer: return std::get<std::int64_t>(v);
    case ParamType::real: return std::get<double>(v);
    case ParamType::string: return std::get<std::string>(v);
    case ParamType::real_list: return std::get<std::vector<double>>(v);
  }
  return nullptr;
}

nlohmann::json plugin_json(const run::Environment::PluginListing& p) {
  const auto& m = p.metadata;
  const PluginNeeds needs = effective_needs(m);
  nlohmann::json params = nlohmann::json::array();
  for (const auto& s : m.params)
    params.push_back({{"name", s.name}, {"type", to_string(s.type)}, {"default", param_json(s.default_value)},
                      {"doc", s.doc}});
  return {{"name", m.name},
          {"version", m.version},
          {"kind", to_string(m.kind)},
          {"description", m.description},
          {"direction", m.direction == ScoreDirection::higher_is_better ? "higher" : "lower"},
          {"needs",
           {{"labels", needs.labels},
            {"gradients", needs.gradients},
            {"data_batch", needs.data_batch},
            {"float64", needs.float64},
            {"gpu", needs.gpu},
            {"min_batches", needs.min_batches}}},
          {"params", params},
          {"path", p.path},
          {"abi_version", p.stamp.abi_version},
          {"sdk_version", p.stamp.sdk_version},
          {"torch_version", p.stamp.torch_version},
          {"compiler", p.stamp.compiler}};
}

}  // namespace

int plugins_list(const RunSettings& settings, bool json) {
  auto env = run::Environment::resolve(settings);
  if (!env) return report(env.error()), kExitUsage;
  const auto& plugins = (*env)->plugins();
  if (json) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& p : plugins) all.push_back(plugin_json(p));
    std::cout << all.dump(2) << "\n";
    return kExitOk;
  }
  if (plugins.empty()) {
    std::cout << "no plugins found; searched:\n";
    for (const auto& d : (*env)->plugin_dirs()) std::cout << "  " << d << "\n";
    return kExitOk;
  }
  std::size_t name_width = 4, version_width = 7;
  for (const auto& p : plugins) {
    name_width = std::max(name_width, p.metadata.name.size());
    version_width = std::max(version_width, p.metadata.version.size());
  }
  std::cout << std::left << std::setw(static_cast<int>(name_width) + 2) << "NAME" << std::setw(10) << "KIND"
            << std::setw(static_cast<int>(version_width) + 2) << "VERSION" << std::setw(8) << "BETTER"
            << "DESCRIPTION\n";
  for (const auto& p : plugins) {
    const auto& m = p.metadata;
    std::cout << std::setw(static_cast<int>(name_width) + 2) << m.name << std::setw(10) << to_string(m.kind)
              << std::setw(static_cast<int>(version_width) + 2) << m.version << std::setw(8)
              << (m.kind == PluginKind::op || m.kind == PluginKind::strategy ? "-" : m.direction == ScoreDirection::higher_is_better ? "higher" : "lower")
              << m.description << "\n";
  }
  return kExitOk;
}

int plugins_show(const RunSettings& settings, const std::string& name, bool json) {
  auto env = run::Environment::resolve(settings);
  if (!env) return report(env.error()), kExitUsage;
  auto found = (*env)->find_plugin(name);
  if (!found) return report(found.error()), kExitUsage;
  const auto& p = **found;
  if (json) {
    std::cout << plugin_json(p).dump(2) << "\n";
    return kExitOk;
  }
  const auto& m = p.metadata;
  std::cout << m.name << " " << m.version << " (" << to_string(m.kind) << ")\n"
            << "  " << m.description << "\n\n"
            << "  score:      " << to_string(m.direction) << "\n"
            << "  needs:      " << needs_text(effective_needs(m)) << "\n"
            << "  library:    " << p.path << "\n"
            << "  built for:  zcnas SDK " << p.stamp.sdk_version << ", plugin ABI " << p.stamp.abi_version
            << ", LibTorch " << p.stamp.torch_version << ", " << p.stamp.compiler << "\n\n";
  if (m.params.empty()) {
    std::cout << "  parameters: none\n";
    return kExitOk;
  }
  std::cout << "  parameters:\n";
  for (const auto& s : m.params) {
    std::cout << "    " << s.name << " (" << to_string(s.type) << ", default " << to_string(s.default_value)
              << ")\n        " << s.doc << "\n";
  }
  return kExitOk;
}

int doctor(const RunSettings& settings) {
  auto env = run::Environment::resolve(settings);
  if (!env) return report(env.error()), kExitUsage;
  auto r = run::run_doctor(**env);
  if (!r) return fail(r.error());
  std::cout << "zcnas " << r->zcnas_version << " (plugin ABI " << r->abi_version << ")\n"
            << "LibTorch " << r->torch_version << ", " << r->threads << " CPU thread(s) of " << r->hardware_threads
            << ", CUDA "
            << (r->cuda_devices >= 0 ? std::to_string(r->cuda_devices) + " device(s)" : std::string("not available"))
            << "\nBLAS: " << r->blas << "\ndevice: " << r->device << "\n"
            << "plugins: " << r->plugins << " loaded, " << r->refusals.size() << " refused\n";
  for (const auto& refusal : r->refusals) std::cout << "  refused: " << refusal << "\n";
  for (const auto& [path, n] : r->op_libraries) std::cout << "ops: " << n << " from " << path << "\n";
  std::cout << "scoring " << r->network << ":\n";
  int width = 8;
  for (const auto& p : r->proxies) width = std::max(width, static_cast<int>(p.name.size()) + 2);
  for (const auto& p : r->proxies) {
    if (p.ok)
      std::cout << "  " << std::left << std::setw(width) << p.name << std::setw(16) << p.score << std::fixed
                << std::setprecision(3) << p.seconds << " s\n"
                << std::defaultfloat << std::setprecision(6);
    else
      std::cout << "  " << std::left << std::setw(width) << p.name << (p.not_applicable ? "n/a: " : "FAILED: ")
                << p.error << "\n";
  }
  std::cout << "forward passes computed: " << r->passes << "\n";
  std::cout << (r->healthy() ? "ok" : "problems found") << "\n";
  return r->healthy() ? kExitOk : kExitFailure;
}

int version() {
  std::cout << "zcnas " << ZCNAS_SDK_VERSION << "\nplugin ABI " << ZCNAS_PLUGIN_ABI_VERSION << "\nLibTorch "
            << plugin::host_stamp().torch_version << "\n";
  return kExitOk;
}

}  // namespace zcnas::cli
