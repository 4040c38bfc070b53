#include "spec/program.hpp"
#include "spec/search_space.hpp"

namespace zcnas::spec {

int SearchSpace::decision_index(const std::string& n) const {
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    if (decisions[i].name == n) return static_cast<int>(i);
  }
  return -1;
}

const Cell* SearchSpace::cell(const std::string& n) const {
  for (const auto& c : cells) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

const SearchSpace* Program::space(const std::string& n) const {
  for (const auto& s : spaces) {
    if (s.name == n) return &s;
  }
  return nullptr;
}

const ProxyDecl* Program::proxy(const std::string& n) const {
  for (const auto& p : proxies) {
    if (p.name == n) return &p;
  }
  return nullptr;
}

}  // namespace zcnas::spec
