#pragma once
// Where core calls into a proxy plugin, and the only place: every exception (c10::Error
// included) and every non-finite score stops here and becomes a recorded failure with
// the proxy's and the architecture's names, so one bad pair never ends a run.

#include <functional>
#include <string>
#include <vector>

#include "plugin/proxy_instances.hpp"
#include "proxy/proxy_outcome.hpp"
#include "zcnas/probe/context.hpp"

namespace zcnas::proxy {

// Declares every instance's pass to the context, so the first proxy's pass serves all;
// with `only`, the passes of the instances it marks.
void plan_passes(const std::vector<plugin::ProxyInstance>& proxies, ProbeContext& ctx,
                 const std::vector<bool>* only = nullptr);

ProxyOutcome run_proxy(plugin::ProxyInstance& proxy, ProbeContext& ctx, const std::string& arch);

// Whether a proxy reads the context's shared passes: its metadata declares a backward or taps
// (what plan_passes plans).
bool reads_shared_passes(const PluginMetadata& metadata);

// Plans and runs the instances marked in `only` (every one without it): first those that read
// the shared passes, then, with the cached passes, taps and gradients dropped, those that run
// passes of their own (TE-NAS's per-sample backward passes, VKDNW's, AZ-NAS's, Zen's), each
// group in the given order. What the own-pass proxies hold then never stacks on the cache
// (an NB201 pool's peak). The order cannot change a score: a proxy draws from its own stream
// (ProbeContext::stream) or from the shared generator, which only Zen among the shipped ones
// does; weights are restored by whoever changes them. `started(i)` and `finished(i, outcome)`
// see each one by its index in `proxies`; either may be empty.
void run_proxies(std::vector<plugin::ProxyInstance>& proxies, ProbeContext& ctx, const std::string& arch,
                 const std::vector<bool>* only, const std::function<void(std::size_t)>& started,
                 const std::function<void(std::size_t, ProxyOutcome&)>& finished);

}  // namespace zcnas::proxy
