#pragma once
// Plugin parameters: what a plugin declares (ParamSpec) and what it receives (ParamSet).
// The host binds user values (TOML, DSL, CLI) to the declared specs before the plugin
// sees them: unknown names, wrong types and missing defaults are the host's errors,
// so a plugin's constructor can read its parameters without checking them.

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "zcnas/error.hpp"

namespace zcnas {

enum class ParamType : std::uint8_t { boolean, integer, real, string, real_list };

using ParamValue = std::variant<bool, std::int64_t, double, std::string, std::vector<double>>;

const char* to_string(ParamType type) noexcept;
ParamType type_of(const ParamValue& value) noexcept;
// Renders a value the way the DSL and TOML would write it: true, 3, 0.5, "abc", [1, 2].
std::string to_string(const ParamValue& value);

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::real;
  ParamValue default_value = 0.0;
  std::string doc;
};

// Values a plugin instance was created with, every declared parameter present.
class ParamSet {
 public:
  ParamSet() = default;
  explicit ParamSet(std::map<std::string, ParamValue> values) : values_(std::move(values)) {}

  bool has(const std::string& name) const { return values_.count(name) != 0; }
  const ParamValue& at(const std::string& name) const;  // throws std::out_of_range naming the key

  bool boolean(const std::string& name) const;
  std::int64_t integer(const std::string& name) const;
  double real(const std::string& name) const;  // integers are widened
  const std::string& string(const std::string& name) const;
  const std::vector<double>& real_list(const std::string& name) const;

  const std::map<std::string, ParamValue>& values() const noexcept { return values_; }
  // "a=1, b=true": stable order, used in protocol records and cache keys.
  std::string to_string() const;

 private:
  std::map<std::string, ParamValue> values_;
};

// Checks `given` against `specs` and fills defaults. Errors name the plugin and, for an
// unknown name, the closest declared one and the full list.
Expected<ParamSet> bind_params(const std::string& plugin, const std::vector<ParamSpec>& specs,
                               const std::map<std::string, ParamValue>& given);

}  // namespace zcnas
