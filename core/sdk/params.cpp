#include "zcnas/params.hpp"

#include <cmath>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "param_binding.hpp"
#include "util/suggest.hpp"

namespace zcnas {

const char* to_string(ParamType type) noexcept {
  switch (type) {
    case ParamType::boolean: return "bool";
    case ParamType::integer: return "int";
    case ParamType::real: return "real";
    case ParamType::string: return "string";
    case ParamType::real_list: return "real list";
  }
  return "?";
}

ParamType type_of(const ParamValue& value) noexcept {
  switch (value.index()) {
    case 0: return ParamType::boolean;
    case 1: return ParamType::integer;
    case 2: return ParamType::real;
    case 3: return ParamType::string;
    default: return ParamType::real_list;
  }
}

namespace {
std::string format_real(double v) {
  std::ostringstream out;
  out.precision(17);
  out << v;
  std::string s = out.str();
  // Keep reals recognisable as reals: 2 -> 2.0
  if (std::isfinite(v) && s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}
}  // namespace

std::string to_string(const ParamValue& value) {
  switch (type_of(value)) {
    case ParamType::boolean: return std::get<bool>(value) ? "true" : "false";
    case ParamType::integer: return std::to_string(std::get<std::int64_t>(value));
    case ParamType::real: return format_real(std::get<double>(value));
    case ParamType::string: return "\"" + std::get<std::string>(value) + "\"";
    case ParamType::real_list: {
      std::string out = "[";
      const auto& list = std::get<std::vector<double>>(value);
      for (std::size_t i = 0; i < list.size(); ++i) out += (i ? ", " : "") + format_real(list[i]);
      return out + "]";
    }
  }
  return "?";
}

const ParamValue& ParamSet::at(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw std::out_of_range("no parameter '" + name + "' in this parameter set");
  return it->second;
}

namespace {
template <class T>
const T& get_as(const ParamSet& set, const std::string& name, ParamType want) {
  const ParamValue& v = set.at(name);
  if (const T* p = std::get_if<T>(&v)) return *p;
  throw std::invalid_argument("parameter '" + name + "' is " + to_string(type_of(v)) + ", not " +
                              to_string(want));
}
}  // namespace

bool ParamSet::boolean(const std::string& name) const { return get_as<bool>(*this, name, ParamType::boolean); }
std::int64_t ParamSet::integer(const std::string& name) const {
  return get_as<std::int64_t>(*this, name, ParamType::integer);
}
double ParamSet::real(const std::string& name) const {
  const ParamValue& v = at(name);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return get_as<double>(*this, name, ParamType::real);
}
const std::string& ParamSet::string(const std::string& name) const {
  return get_as<std::string>(*this, name, ParamType::string);
}
const std::vector<double>& ParamSet::real_list(const std::string& name) const {
  return get_as<std::vector<double>>(*this, name, ParamType::real_list);
}

std::string ParamSet::to_string() const {
  std::string out;
  for (const auto& [k, v] : values_) {
    if (!out.empty()) out += ", ";
    out += k + "=" + zcnas::to_string(v);
  }
  return out;
}

namespace {
// Widens what is lossless and unambiguous: int -> real, int/real list items -> real list.
std::optional<ParamValue> coerce(const ParamValue& value, ParamType want) {
  const ParamType have = type_of(value);
  if (have == want) return value;
  if (want == ParamType::real && have == ParamType::integer)
    return static_cast<double>(std::get<std::int64_t>(value));
  return std::nullopt;
}
}  // namespace

Expected<ParamSet> bind_params(const std::string& plugin, const std::vector<ParamSpec>& specs,
                               const std::map<std::string, ParamValue>& given) {
  return bind_values("plugin '" + plugin + "'", "parameter", specs, given);
}

Expected<ParamSet> bind_values(const std::string& owner, const std::string& noun, const std::vector<ParamSpec>& specs,
                               const std::map<std::string, ParamValue>& given) {
  std::vector<std::string> names;
  for (const auto& s : specs) names.push_back(s.name);
  std::vector<Error> errors;
  for (const auto& [name, value] : given) {
    bool known = false;
    for (const auto& s : specs) known = known || s.name == name;
    if (!known) {
      std::string message = "unknown " + noun + " '" + name + "' of " + owner + util::did_you_mean(name, names);
      message += names.empty() ? "; it takes no " + noun + "s" : "; it takes: " + util::join(names);
      errors.emplace_back(ErrorKind::config, std::move(message));
    }
  }
  std::map<std::string, ParamValue> bound;
  for (const auto& spec : specs) {
    auto it = given.find(spec.name);
    if (it == given.end()) {
      bound.emplace(spec.name, spec.default_value);
      continue;
    }
    auto value = coerce(it->second, spec.type);
    if (!value) {
      errors.emplace_back(ErrorKind::config, noun + " '" + spec.name + "' of " + owner + " must be " +
                                                 to_string(spec.type) + ", got " + to_string(type_of(it->second)) +
                                                 " " + to_string(it->second));
      continue;
    }
    bound.emplace(spec.name, std::move(*value));
  }
  if (!errors.empty()) return Error::join(errors);
  return ParamSet(std::move(bound));
}

}  // namespace zcnas
