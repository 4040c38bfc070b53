// libFuzzer target: canonical architecture strings of every shipped space (spaces/*.zc), the
// text `zcnas arch show`, score files and search journals carry. The first byte picks the
// space. What parses must be valid and print back to a string that parses to the same
// architecture; NASLib's NB201 keys go through their converter too.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "dsl/parser.hpp"
#include "eval/score_import.hpp"
#include "fuzz_support.hpp"
#include "spec/space_ops.hpp"

#ifndef ZCNAS_SOURCE_DIR
#error "ZCNAS_SOURCE_DIR: the source tree, for spaces/"
#endif

namespace {
std::vector<zcnas::spec::SearchSpace> shipped_spaces() {
  std::vector<zcnas::spec::SearchSpace> out;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(ZCNAS_SOURCE_DIR) + "/spaces"))
    if (e.path().extension() == ".zc") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto program = zcnas::dsl::parse_file(f.string());
    if (!program) {  // a space written over plugin ops needs their catalogue
      std::fprintf(stderr, "arch_string_fuzzer: skipping %s: %s\n", f.filename().c_str(),
                   program.error().to_string().c_str());
      continue;
    }
    for (auto& s : program->spaces) out.push_back(std::move(s));
  }
  if (out.empty()) std::abort();
  std::fprintf(stderr, "arch_string_fuzzer: %zu spaces\n", out.size());
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zcnas;
  static const std::vector<spec::SearchSpace> spaces = shipped_spaces();
  if (size == 0) return 0;
  const spec::SearchSpace& space = spaces[data[0] % spaces.size()];
  const std::string text = fuzz::as_text(data + 1, size - 1);
  auto arch = spec::from_canonical(space, text);
  fuzz::require_explained(arch);
  if (arch) {
    if (!spec::check(space, *arch)) std::abort();
    auto back = spec::from_canonical(space, spec::to_canonical(space, *arch));
    if (!back || *back != *arch) std::abort();
  }
  (void)eval::nb201_cell_from_naslib(text);
  return 0;
}
