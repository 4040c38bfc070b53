#include "net/op_registry.hpp"

#include <map>
#include <mutex>

namespace zcnas::net {

namespace {
struct Registry {
  std::mutex mutex;
  std::map<std::string, RegisteredOp> ops;
};
Registry& registry() {
  static Registry r;
  return r;
}
}  // namespace

void register_op(const OpSignature& signature, const OpFactory& factory, const std::string& origin) {
  auto& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.ops.emplace(signature.name, RegisteredOp{signature, factory, origin});
}

const RegisteredOp* find_op(const std::string& name) {
  auto& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.ops.find(name);
  return it == r.ops.end() ? nullptr : &it->second;  // entries are never erased: the pointer stays valid
}

std::vector<std::string> op_names() {
  auto& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  std::vector<std::string> out;
  for (const auto& [n, op] : r.ops) out.push_back(n);
  return out;
}

spec::OpCatalog op_catalog() {
  spec::OpCatalog catalog;
  catalog.find = [](const std::string& name) -> const OpSignature* {
    const RegisteredOp* op = find_op(name);
    return op ? &op->signature : nullptr;
  };
  catalog.names = op_names();
  return catalog;
}

}  // namespace zcnas::net
