#pragma once
// The ops this process can build networks from: every op plugin a PluginHost loaded adds
// its ops here. Process-wide, like the plugin libraries themselves (they are never
// unloaded), so that build_network(space, arch, seed) keeps one signature for the six C++
// families and for spaces whose network is written in the DSL.

#include <string>
#include <vector>

#include "spec/network_binder.hpp"
#include "zcnas/net/op.hpp"

namespace zcnas::net {

struct RegisteredOp {
  OpSignature signature;
  OpFactory factory;
  std::string origin;  // the plugin library
};

// A second registration of a name is ignored (the host refuses duplicate names first).
void register_op(const OpSignature& signature, const OpFactory& factory, const std::string& origin);
const RegisteredOp* find_op(const std::string& name);
std::vector<std::string> op_names();
// The registry as the DSL binder sees it.
spec::OpCatalog op_catalog();

}  // namespace zcnas::net
