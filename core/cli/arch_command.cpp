// zcnas arch show: one architecture's network, layer by layer.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "exit_status.hpp"
#include "run/arch_report.hpp"

namespace zcnas::cli {

namespace {

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::ostringstream s;
  s << "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
  s << "]";
  return s.str();
}

}  // namespace

int arch_show(const RunSettings& settings, const ArchOptions& o) {
  auto env = run::Environment::resolve(settings);
  if (!env) return report(env.error()), kExitUsage;
  auto r = run::run_arch_report(**env, {o.file, o.space}, o.arch);
  if (!r) return fail(r.error());
  if (o.json) {
    nlohmann::json j{{"space", r->space}, {"family", r->family}, {"arch", r->arch}, {"params", r->params},
                     {"flops", r->flops}, {"flops_macs", r->macs}, {"hash", r->hash}};
    j["layers"] = nlohmann::json::array();
    for (const auto& l : r->layers)
      j["layers"].push_back({{"name", l.name}, {"kind", l.kind}, {"shape", l.shape}, {"params", l.params},
                             {"flops", l.flops}});
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  std::size_t width = 5;
  for (const auto& l : r->layers) width = std::max(width, l.name.size());
  std::cout << std::left << std::setw(static_cast<int>(width) + 2) << "LAYER" << std::setw(8) << "KIND" << std::setw(20)
            << "WEIGHT" << std::setw(12) << "PARAMS" << "MACS\n";
  for (const auto& l : r->layers)
    std::cout << std::setw(static_cast<int>(width) + 2) << l.name << std::setw(8) << l.kind << std::setw(20)
              << shape_text(l.shape) << std::setw(12) << l.params << static_cast<std::int64_t>(l.flops) << "\n";
  std::cout << "\n" << r->space << " " << o.arch << "\n"
            << "  weighted layers: " << r->layers.size() << ", activation sites: " << r->activation_sites
            << "\n  params: " << r->params << " (" << r->params / 1e6 << " M, BatchNorm and LayerNorm included)\n"
            << "  flops:  " << static_cast<std::int64_t>(r->flops) << " (" << r->flops / 1e6
            << " M, NAS-Bench-Suite-Zero's convention, batch 1)\n"
            << "  MACs:   " << static_cast<std::int64_t>(r->macs) << " (Conv2d and Linear only)\n";
  return kExitOk;
}

}  // namespace zcnas::cli
