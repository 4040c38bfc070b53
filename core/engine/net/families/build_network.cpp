#include "net/families/build_network.hpp"

#include <torch/torch.h>

#include <functional>
#include <map>

#include "net/families/cell_network.hpp"
#include "net/families/darts.hpp"
#include "net/families/nasbench101.hpp"
#include "net/families/template_network.hpp"
#include "net/families/transnas.hpp"
#include "net/families/vit.hpp"
#include "spec/space_ops.hpp"
#include "spec/space_settings.hpp"
#include "spec/supernet.hpp"
#include "util/suggest.hpp"

namespace zcnas::net {

namespace {
using Builder = std::function<Expected<Network>(const spec::SearchSpace&, const spec::Architecture&)>;

const std::map<std::string, Builder>& builders() {
  static const std::map<std::string, Builder> all = {
      {"cell_network", build_cell_network}, {"darts", build_darts},           {"nasbench101", build_nasbench101},
      {"transnas_macro", build_transnas_macro}, {"transnas_micro", build_transnas_micro}, {"vit", build_vit}};
  return all;
}
}  // namespace

std::vector<std::string> buildable_families() {
  std::vector<std::string> out;
  for (const auto& [name, b] : builders()) out.push_back(name);
  return out;
}

Expected<Network> build_network(const spec::SearchSpace& space, const spec::Architecture& arch, std::uint64_t seed) {
  if (auto ok = spec::check(space, arch); !ok) return std::move(ok).error();
  // A network written in the .zc file itself: built from the registered ops.
  const bool written = space.family == "network" && space.network != nullptr;
  auto it = builders().find(space.family);
  if (!written && it == builders().end())
    return Error(ErrorKind::unsupported, "family '" + space.family + "' has no network builder yet; built: " +
                                             util::join(buildable_families()));
  // Module constructors draw from LibTorch's global generator: seed it so a seed is one network.
  torch::manual_seed(seed);
  try {
    auto net = written ? build_template_network(space, arch) : it->second(space, arch);
    if (!net) return std::move(net).error().with_context("space '" + space.name + "'");
    return net;
  } catch (const c10::Error& e) {
    return Error(ErrorKind::network, e.what_without_backtrace()).with_context("building space '" + space.name + "'");
  }
}

NetworkFactory network_factory(const spec::SearchSpace& space, const spec::Architecture& arch) {
  return [&space, arch](std::uint64_t seed, const SpaceSettings& changed) -> Expected<Network> {
    if (changed.empty()) return build_network(space, arch, seed);
    auto variant = spec::with_settings(space, changed);
    if (!variant) return std::move(variant).error();
    return build_network(*variant, arch, seed);
  };
}

Expected<Network> build_supernet(const spec::SearchSpace& space, const Supernet& supernet, std::uint64_t seed) {
  if (auto ok = spec::check(space, supernet); !ok) return std::move(ok).error();
  const bool written = space.family == "network" && space.network != nullptr;
  if (!written && space.family != "transnas_micro" && space.family != "darts")
    return Error(ErrorKind::unsupported, "space '" + space.name + "' (family '" + space.family +
                                             "'): supernets are built for networks written in the DSL (NAS-Bench-201's), "
                                             "TransNAS micro and DARTS; the C++ family '" + space.family +
                                             "' has no supernet yet");
  torch::manual_seed(seed);
  try {
    auto net = written                            ? build_template_supernet(space, supernet, seed)
               : space.family == "transnas_micro" ? build_transnas_micro_supernet(space, supernet, seed)
                                                  : build_darts_supernet(space, supernet, seed);
    if (!net) return std::move(net).error().with_context("supernet of space '" + space.name + "'");
    return net;
  } catch (const c10::Error& e) {
    return Error(ErrorKind::network, e.what_without_backtrace()).with_context("building a supernet of '" + space.name + "'");
  }
}

NetworkFactory supernet_factory(const spec::SearchSpace& space, const Supernet& supernet) {
  return [&space, supernet](std::uint64_t seed, const SpaceSettings& changed) -> Expected<Network> {
    if (changed.empty()) return build_supernet(space, supernet, seed);
    auto variant = spec::with_settings(space, changed);
    if (!variant) return std::move(variant).error();
    return build_supernet(*variant, supernet, seed);
  };
}

}  // namespace zcnas::net
