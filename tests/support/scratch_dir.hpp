#pragma once
// A fresh, empty folder for one test's files under the build tree: build/tests/<name>.

#include <filesystem>
#include <string>

#include "support/test_env.hpp"

namespace zcnas::test {

inline std::filesystem::path scratch_dir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(build_dir()) / "tests" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace zcnas::test
