#pragma once
// Where core calls into a proxy plugin, and the only place: every exception (c10::Error
// included) and every non-finite score stops here and becomes a recorded failure with
// the proxy's and the architecture's names, so one bad pair never ends a run.

#include <string>

#include "plugin/proxy_instances.hpp"
#include "proxy/proxy_outcome.hpp"
#include "zcnas/probe/context.hpp"

namespace zcnas::proxy {

// Declares every instance's pass to the context, so the first proxy's pass serves all;
// with `only`, the passes of the instances it marks.
void plan_passes(const std::vector<plugin::ProxyInstance>& proxies, ProbeContext& ctx,
                 const std::vector<bool>* only = nullptr);

ProxyOutcome run_proxy(plugin::ProxyInstance& proxy, ProbeContext& ctx, const std::string& arch);

}  // namespace zcnas::proxy
