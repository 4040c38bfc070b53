#pragma once
#include "dsl/parser.hpp"
#include "support/shipped_plugins.hpp"
#include "support/test_env.hpp"

namespace zcnas::test {

// A shipped space, parsed from spaces/<name>.zc, with the shipped plugins loaded: a space
// whose network is written in the file builds from their ops.
inline spec::SearchSpace shipped_space(const std::string& name) {
  shipped_plugins();
  auto program = dsl::parse_file(spaces_dir() + "/" + name + ".zc");
  if (!program) throw std::runtime_error(program.error().to_string());
  return program->spaces.at(0);
}

}  // namespace zcnas::test
