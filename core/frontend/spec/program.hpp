#pragma once
// What one .zc file (with its includes) declares.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "spec/proxy_decl.hpp"
#include "spec/search_space.hpp"

namespace zcnas::spec {

struct Program {
  std::vector<SearchSpace> spaces;
  std::vector<ProxyDecl> proxies;
  std::map<std::string, std::shared_ptr<const BlockDecl>> blocks;
  std::vector<std::string> files;  // every file read, the root first

  const SearchSpace* space(const std::string& name) const;
  const ProxyDecl* proxy(const std::string& name) const;
};

}  // namespace zcnas::spec
