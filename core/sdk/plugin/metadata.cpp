#include "zcnas/plugin/metadata.hpp"

#include <cctype>
#include <set>

namespace zcnas {

const char* to_string(PluginKind kind) noexcept {
  switch (kind) {
    case PluginKind::proxy: return "proxy";
    case PluginKind::combiner: return "combiner";
    case PluginKind::op: return "op";
    case PluginKind::strategy: return "strategy";
  }
  return "?";
}

const char* to_string(ScoreDirection direction) noexcept {
  return direction == ScoreDirection::higher_is_better ? "higher is better" : "lower is better";
}

namespace {
bool is_identifier(const std::string& s) {
  if (s.empty() || !std::islower(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
      return false;
  }
  return true;
}
}  // namespace

Expected<void> validate(const PluginMetadata& m) {
  if (!is_identifier(m.name))
    return Error(ErrorKind::plugin, "plugin name '" + m.name + "' is not of the form [a-z][a-z0-9_]*");
  if (m.version.empty()) return Error(ErrorKind::plugin, "plugin '" + m.name + "' declares no version");
  if (m.description.empty()) return Error(ErrorKind::plugin, "plugin '" + m.name + "' declares no description");
  std::set<std::string> seen;
  for (const auto& p : m.params) {
    if (!is_identifier(p.name))
      return Error(ErrorKind::plugin, "plugin '" + m.name + "': parameter name '" + p.name + "' is not an identifier");
    if (!seen.insert(p.name).second)
      return Error(ErrorKind::plugin, "plugin '" + m.name + "' declares parameter '" + p.name + "' twice");
    if (type_of(p.default_value) != p.type)
      return Error(ErrorKind::plugin, "plugin '" + m.name + "': parameter '" + p.name + "' is declared " +
                                          to_string(p.type) + " but its default " + to_string(p.default_value) +
                                          " is " + to_string(type_of(p.default_value)));
  }
  if (m.needs.min_batches < 1)
    return Error(ErrorKind::plugin, "plugin '" + m.name + "' needs at least one batch, declares " +
                                        std::to_string(m.needs.min_batches));
  return {};
}

}  // namespace zcnas
