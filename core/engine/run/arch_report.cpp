#include "run/arch_report.hpp"

#include <torch/torch.h>

#include "net/families/build_network.hpp"
#include "spec/space_ops.hpp"
#include "zcnas/net/flops.hpp"

namespace zcnas::run {

JobResult<ArchReport> run_arch_report(const Environment& env, const SpaceRef& ref, const std::string& text) {
  auto space = env.load_space(ref);
  if (!space) return bad_input(std::move(space).error());
  if (text.empty() && !space->decisions.empty())
    return bad_input(Error(ErrorKind::invalid_argument, "space '" + space->name + "' has " +
                                                            std::to_string(space->decisions.size()) +
                                                            " choices: name an architecture (zcnas space sample " +
                                                            ref.file + " -n 1)"));
  auto arch = spec::from_canonical(*space, text);
  if (!arch) return bad_input(std::move(arch).error());
  auto network = net::build_network(*space, *arch, env.seed());
  if (!network) return failed(std::move(network).error());
  std::vector<std::int64_t> input;
  for (const auto& v : space->settings.at("input").as_list()) input.push_back(v.as_integer());
  auto flops = count_flops(*network, input);
  if (!flops) return failed(std::move(flops).error());
  ArchReport r;
  r.space = space->name;
  r.family = space->family;
  r.arch = text;
  r.hash = spec::stable_hash(*space, *arch);
  for (const auto& l : network->layers())
    r.layers.push_back({l.name, to_string(l.kind), l.weight.sizes().vec(),
                        l.weight.numel() + (l.bias.defined() ? l.bias.numel() : 0), flops->per_layer[l.depth]});
  r.activation_sites = network->activations().size();
  r.params = network->parameter_count();
  r.flops = flops->total;
  r.macs = flops->macs();
  return r;
}

}  // namespace zcnas::run
