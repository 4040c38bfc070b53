#pragma once
// The build stamps a plugin carries (checked before any of its code runs), and the ones
// this host was built with. Torch-free: the CLI shows them.

#include <cstdint>
#include <string>

namespace zcnas::plugin {

struct BuildStamp {
  std::uint32_t abi_version = 0;
  std::string sdk_version;
  std::string torch_version;
  int cxx11_abi = -1;
  std::string compiler;
};
BuildStamp host_stamp();

}  // namespace zcnas::plugin
