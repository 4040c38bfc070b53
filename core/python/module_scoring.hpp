#pragma once
// Scoring a user's own torch.nn.Module with the proxy plugins (zcnas.score_module): the
// batches, the seed, the BatchNorm mode and the shared passes are those of `zcnas score`,
// so a module and the same network written as a DSL space get the same scores.

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>
#include <vector>

#include "proxy/proxy_outcome.hpp"
#include "python_ref.hpp"
#include "run/environment.hpp"

namespace zcnas::python {

struct ModuleScoring {
  std::vector<std::string> proxies;  // empty: every loaded proxy plugin
  std::string dataset = "cifar10";
  std::int64_t batch_size = 64;
  std::int64_t batches = 0;     // 0: what the proxies need
  std::int64_t input_size = 0;  // H = W of the input; 0: the dataset's own images'
  std::vector<std::string> blocks;
  PyRef factory;                // f(seed, settings) -> torch.nn.Module, or None
};

struct ModuleScores {
  std::vector<proxy::ProxyOutcome> outcomes;  // one per proxy, in the order asked
  std::string protocol_json;                  // as beside a score CSV
  std::vector<std::string> layers;            // the weighted layers, forward order
  std::size_t activation_sites = 0;
  std::int64_t parameters = 0;
};

// Needs the GIL; releases it while the proxies run.
Expected<ModuleScores> score_module(const run::Environment& env, const pybind11::object& module,
                                    const ModuleScoring& request);

}  // namespace zcnas::python
