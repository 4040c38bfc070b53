#pragma once
// What every plugin says about itself. The host lists it (`zcnas plugins`), validates
// parameters against it, plans shared passes from it and records it with every result.

#include <cstdint>
#include <string>
#include <vector>

#include "zcnas/params.hpp"
#include "zcnas/probe/pass_request.hpp"

namespace zcnas {

enum class PluginKind : std::uint8_t { proxy, combiner, op, strategy };
enum class ScoreDirection : std::uint8_t { higher_is_better, lower_is_better };

const char* to_string(PluginKind kind) noexcept;
const char* to_string(ScoreDirection direction) noexcept;

// What a plugin needs to run; the host checks these before it is called. A proxy states
// here only what goes beyond the shared pass it declares (metadata `pass`): that pass's
// needs are derived from it (effective_needs below), so they are not stated twice.
struct PluginNeeds {
  bool labels = false;      // real class labels (not only inputs)
  bool gradients = false;   // a backward pass
  bool data_batch = false;  // real images (Gaussian noise does not do)
  bool float64 = false;     // runs in double precision
  bool gpu = false;         // refuses to run on the CPU
  std::int64_t min_batches = 1;  // e.g. ZiCo needs 2
};

struct PluginMetadata {
  std::string name;         // unique in a catalogue; [a-z][a-z0-9_]*
  std::string version;      // the plugin's own version, recorded with every score
  PluginKind kind = PluginKind::proxy;
  std::string description;  // one line
  ScoreDirection direction = ScoreDirection::higher_is_better;
  // Proxies: -inf is a score (the worst there is), not a failure. AZ-NAS scores a block that
  // is the identity so; NaN and +inf stay failures for every proxy.
  bool minus_infinity_is_a_score = false;
  PluginNeeds needs;
  PassRequest pass;         // proxies: the shared pass they read, for planning
  std::vector<ParamSpec> params;
};

// The declared needs with what the shared pass implies: a backward pass needs gradients,
// and a backward pass of the cross-entropy needs labels. What the host checks and shows.
inline PluginNeeds effective_needs(const PluginMetadata& m) {
  PluginNeeds n = m.needs;
  if (m.pass.needs_backward()) {
    n.gradients = true;
    if (m.pass.objective == PassObjective::cross_entropy) n.labels = true;
  }
  return n;
}

// Checks a metadata record for the mistakes a plugin author can make (bad name, empty
// version, a default whose type differs from its declared type, duplicate parameters).
Expected<void> validate(const PluginMetadata& metadata);

}  // namespace zcnas
