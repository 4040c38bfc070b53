#pragma once
// Paths the tests need come from the environment that CTest sets (tests/CMakeLists.txt),
// not from compiled-in absolute paths, so that ccache hits across clones.

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>

namespace zcnas::test {

inline std::string env_path(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0')
    throw std::runtime_error(std::string("test environment variable ") + name + " is not set; run the tests through ctest");
  return v;
}

// The device the device-aware tests compute on: "cpu" unless ZCNAS_TEST_DEVICE says otherwise
// (the gpu test group's executable sets it to "cuda"; tests/gpu/).
inline std::string device_name() {
  const char* v = std::getenv("ZCNAS_TEST_DEVICE");
  return v == nullptr || *v == '\0' ? "cpu" : v;
}

inline std::string build_dir() { return env_path("ZCNAS_TEST_BUILD_DIR"); }
// The source tree: tests/CMakeLists.txt writes it into the build tree.
inline std::string source_dir() {
  std::ifstream in(build_dir() + "/tests/source_dir.txt");
  std::string dir;
  if (!std::getline(in, dir) || dir.empty()) throw std::runtime_error("tests/source_dir.txt is missing in the build tree");
  return dir;
}
inline std::string spaces_dir() { return source_dir() + "/spaces"; }
inline std::string data_dir() { return source_dir() + "/data"; }
// Where the shipped plugins are built (ZCNAS_PLUGIN_OUTPUT_DIR in CMakeLists.txt).
inline std::string plugin_dir() { return build_dir() + "/plugins"; }
// Where tests/plugin/fixtures builds its deliberately broken plugins.
inline std::string fixture_dir() { return build_dir() + "/tests/fixture_plugins"; }
inline std::string fixture(const std::string& name, const std::string& kind = "proxy") {
  return fixture_dir() + "/zcnas_" + kind + "_" + name + ".so";
}

}  // namespace zcnas::test
