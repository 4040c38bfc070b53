#pragma once
// A zero-cost proxy: scores one untrained network. Instances are created per parameter
// set by the host and may be reused across architectures; keep per-network state in
// locals, not members.

#include <functional>
#include <memory>

#include "zcnas/error.hpp"
#include "zcnas/params.hpp"

namespace zcnas {

class ProbeContext;

class Proxy {
 public:
  virtual ~Proxy() = default;
  // The score of ctx.network(), or a failure with a reason. Throwing is allowed (the host
  // turns exceptions into failures) but returning an Error gives the better message.
  virtual Expected<double> score(ProbeContext& ctx) = 0;
};

using ProxyFactory = std::function<std::unique_ptr<Proxy>(const ParamSet& params)>;

}  // namespace zcnas
