#pragma once
// One architecture's network as a report: its weighted layers (name, kind, weight shape,
// parameters, MACs), parameter count, FLOPs and MACs. Torch-free header.

#include <cstdint>
#include <string>
#include <vector>

#include "run/environment.hpp"
#include "run/job_result.hpp"

namespace zcnas::run {

struct ArchReport {
  std::string space, family, arch;
  std::uint64_t hash = 0;  // spec::stable_hash
  struct Layer {
    std::string name, kind;
    std::vector<std::int64_t> shape;
    std::int64_t params = 0;
    double flops = 0;
  };
  std::vector<Layer> layers;
  std::size_t activation_sites = 0;
  std::int64_t params = 0;
  double flops = 0, macs = 0;
};

// `arch` "" names the one architecture of a space without choices.
JobResult<ArchReport> run_arch_report(const Environment& env, const SpaceRef& space, const std::string& arch);

}  // namespace zcnas::run
