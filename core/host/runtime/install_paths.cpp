#include "runtime/install_paths.hpp"

#include <fstream>

#include <boost/dll/runtime_symbol_info.hpp>

#include <cstdlib>
#include <utility>

namespace zcnas::runtime {

namespace {
std::string& program_dir_override() {
  static std::string dir;
  return dir;
}
}  // namespace

void set_program_dir(std::string dir) { program_dir_override() = std::move(dir); }

std::string executable_dir() {
  if (!program_dir_override().empty()) return program_dir_override();
  boost::dll::fs::error_code ec;
  const auto exe = boost::dll::program_location(ec);
  return ec ? std::string() : exe.parent_path().string();
}

std::vector<std::string> split_path_list(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t end = std::min(list.find(':', start), list.size());
    if (end > start) out.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<std::string> default_space_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("ZCNAS_SPACE_PATH")) dirs = split_path_list(env);
  const std::string exe = executable_dir();
  if (!exe.empty()) {
    dirs.push_back(exe);
    dirs.push_back(exe + "/spaces");
    dirs.push_back(exe + "/../share/zcnas");
    dirs.push_back(exe + "/../share/zcnas/spaces");
  }
  return dirs;
}

std::vector<std::string> default_data_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("ZCNAS_DATA_PATH")) dirs = split_path_list(env);
  const std::string exe = executable_dir();
  if (!exe.empty()) {
    dirs.push_back(exe + "/data");
    dirs.push_back(exe + "/../share/zcnas/data");
  }
  return dirs;
}

std::string find_shipped_file(const std::string& relative) {
  const std::string exe = executable_dir();
  if (exe.empty()) return {};
  for (const std::string& base : {exe, exe + "/../share/zcnas"}) {
    const std::string path = base + "/" + relative;
    if (std::ifstream(path).good()) return path;
  }
  return {};
}

}  // namespace zcnas::runtime
