#include "run/doctor_job.hpp"

#include <torch/torch.h>

#include <algorithm>

#include "net/toy_cnn.hpp"
#include "plugin/plugin_host.hpp"
#include "plugin/proxy_instances.hpp"
#include "proxy/proxy_runner.hpp"
#include "runtime/runtime.hpp"
#include "zcnas/probe/context.hpp"
#include "zcnas/version.hpp"

namespace zcnas::run {

bool DoctorReport::healthy() const {
  return refusals.empty() && !proxies.empty() &&
         std::all_of(proxies.begin(), proxies.end(), [](const ProxyCheck& p) { return p.ok || p.not_applicable; });
}

JobResult<DoctorReport> run_doctor(const Environment& env) {
  DoctorReport r;
  r.zcnas_version = ZCNAS_SDK_VERSION;
  r.abi_version = ZCNAS_PLUGIN_ABI_VERSION;
  r.torch_version = runtime::torch_version();
  r.threads = runtime::threads();
  r.hardware_threads = runtime::hardware_threads();
  r.cuda_devices = runtime::cuda_available() ? runtime::cuda_device_count() : -1;
  r.blas = runtime::blas_library();
  r.device = env.device();
  for (const auto& p : env.host().plugins()) {
    if (p.metadata.kind == PluginKind::op) ++r.op_libraries[p.path];  // one library registers dozens
    else ++r.plugins;
  }
  for (const auto& e : env.refusals()) r.refusals.push_back(e.to_string());

  auto proxies = env.config().proxies.empty() ? plugin::instantiate_all_proxies(env.host())
                                              : plugin::instantiate_proxies(env.config().proxies, env.host());
  if (!proxies) return bad_input(std::move(proxies).error());

  // A seeded Gaussian batch with seeded labels: every proxy can run on it.
  const std::uint64_t seed = env.seed();
  const c10::Device device(env.device());
  Network network = net::make_toy_cnn({3, 8, 10, seed});
  network.to(device);
  at::Generator gen = at::detail::createCPUGenerator(seed);
  std::vector<Batch> batches;
  for (int b = 0; b < 2; ++b)
    batches.push_back({at::normal(0.0, 1.0, {16, 3, 32, 32}, gen), at::randint(0, 10, {16}, gen)});
  ProbeOptions probe;
  probe.device = device;
  probe.seed = seed;
  probe.dataset = "gaussian";
  probe.num_classes = 10;
  ProbeContext ctx(network, std::move(batches), probe,
                   [seed](std::uint64_t, const SpaceSettings& changed) -> Expected<Network> {
                     if (!changed.empty())
                       return Error(ErrorKind::unsupported,
                                    "the doctor's toy CNN is not built from a space: it has no settings to change");
                     return net::make_toy_cnn({3, 8, 10, seed});
                   });
  r.network = "a toy CNN (" + std::to_string(network.layers().size()) + " weighted layers, " +
              std::to_string(network.parameter_count()) + " parameters), 2 Gaussian batches of 16 at 3x32x32";
  // As a scoring run runs them (shared-pass proxies first), listed in the order given.
  r.proxies.resize(proxies->size());
  proxy::run_proxies(*proxies, ctx, "toy_cnn", nullptr, {}, [&](std::size_t i, proxy::ProxyOutcome& o) {
    r.proxies[i] = {(*proxies)[i].name, o.ok, o.score, o.seconds, o.error, o.not_applicable};
  });
  r.passes = ctx.passes_computed();
  return r;
}

}  // namespace zcnas::run
