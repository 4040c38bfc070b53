#include "score/protocol_identity.hpp"

#include <nlohmann/json.hpp>

#include "score/score_writer.hpp"
#include "util/fnv_hash.hpp"

namespace zcnas::score {

std::string protocol_identity_json(const Protocol& protocol) {
  nlohmann::json j = nlohmann::json::parse(protocol_json(protocol, -1));
  j.erase("threads");
  j.erase("blas");
  j.erase("proxies");
  j.erase("isolated");  // the same scores in a worker process
  j["space"].erase("file");
  const std::string device = j.value("device", "cpu");
  j["device"] = device.substr(0, device.find(':'));  // cuda:0 and cuda:1 compute alike
  return j.dump();  // nlohmann orders keys: the same protocol always reads the same
}

std::string protocol_hash(const Protocol& protocol) {
  return util::hex64(util::fnv1a64(protocol_identity_json(protocol)));
}

std::string proxy_key(const plugin::ProxyInstance& proxy) {
  const auto& m = proxy.plugin->metadata;
  return m.name + "@" + m.version + "(" + proxy.params.to_string() + ")";
}

}  // namespace zcnas::score
