#pragma once
// What every plugin says about itself. The host lists it (`zcnas plugins`), validates
// parameters against it, plans shared passes from it and records it with every result.

#include <cstdint>
#include <string>
#include <vector>

#include "zcnas/params.hpp"
#include "zcnas/probe/pass_request.hpp"

namespace zcnas {

enum class PluginKind : std::uint8_t { proxy, combiner, op };
enum class ScoreDirection : std::uint8_t { higher_is_better, lower_is_better };

const char* to_string(PluginKind kind) noexcept;
const char* to_string(ScoreDirection direction) noexcept;

// What a plugin needs to run; the host checks these before it is called.
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
  PluginNeeds needs;
  PassRequest pass;         // proxies: the shared pass they read, for planning
  std::vector<ParamSpec> params;
};

// Checks a metadata record for the mistakes a plugin author can make (bad name, empty
// version, a default whose type differs from its declared type, duplicate parameters).
Expected<void> validate(const PluginMetadata& metadata);

}  // namespace zcnas
