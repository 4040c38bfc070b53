#pragma once
// One proxy outcome as a JSON object, the form in which computed outcomes travel between
// processes: from an isolated worker to its parent, and from an MPI rank to rank 0.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "proxy/proxy_runner.hpp"

namespace zcnas::score {

// {"i": pool position, "ok", "score", "seconds", "error"}; names travel separately.
inline nlohmann::json outcome_message(std::size_t i, const proxy::ProxyOutcome& o) {
  return {{"i", i}, {"ok", o.ok}, {"score", o.ok ? o.score : 0.0}, {"seconds", o.seconds}, {"error", o.error}};
}

// Fills the outcome at the message's pool position (checked); returns that position.
inline std::size_t read_outcome_message(const nlohmann::json& j, std::vector<proxy::ProxyOutcome>& outcomes) {
  const auto i = j.at("i").get<std::size_t>();
  proxy::ProxyOutcome& o = outcomes.at(i);
  o.ok = j.at("ok").get<bool>();
  o.score = j.at("score").get<double>();
  o.seconds = j.at("seconds").get<double>();
  o.error = j.at("error").get<std::string>();
  return i;
}

}  // namespace zcnas::score
