#pragma once
// Where the zcnas binary finds what ships with it, in the build tree and the install tree.

#include <string>
#include <vector>

namespace zcnas::runtime {

// The directory holding the running zcnas binary ("" if unknown), or the one given to
// set_program_dir(): every default below is found from it.
std::string executable_dir();
// For a program that is not zcnas: the Python module runs inside python3, whose folder holds
// no plugins, so it names the folder that stands for the zcnas binary's (the build tree, or
// <prefix>/bin when installed).
void set_program_dir(std::string dir);

// Where `include "..."` in a .zc file looks after the including file's directory:
// $ZCNAS_SPACE_PATH (colon-separated), the binary's directory and its spaces/ (build tree),
// and ../share/zcnas and ../share/zcnas/spaces from it (install tree).
std::vector<std::string> default_space_dirs();

// Where shipped data (data/images/...) is looked for: $ZCNAS_DATA_PATH (colon-separated),
// the binary's data/ (the build tree links it to the source tree's), ../share/zcnas/data.
std::vector<std::string> default_data_dirs();

// A file shipped with zcnas (e.g. "third_party/vega/vega.min.js"): next to the binary (the
// build tree links third_party/ there), then in ../share/zcnas. "" when neither has it.
std::string find_shipped_file(const std::string& relative);

// "a:b:c" -> {"a", "b", "c"}, empty entries dropped.
std::vector<std::string> split_path_list(const std::string& list);

}  // namespace zcnas::runtime
