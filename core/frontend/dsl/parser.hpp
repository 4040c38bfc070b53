#pragma once
// The DSL front end's one entry point: .zc text in, zcnas::spec values out. No ANTLR
// type appears here and nothing here knows torch.
//
// Every syntax and semantic error is collected (several per file where the parser can
// recover) and returned as one Error whose text lists each as
//   file:line:col: message
//     <the offending line>
//           ^

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "spec/program.hpp"
#include "zcnas/error.hpp"
#include "zcnas/net/op_signature.hpp"
#include "zcnas/params.hpp"

namespace zcnas::dsl {

// The proxy plugins a file may instantiate, with their declared parameters, and the ops
// its networks may use (from op plugins).
struct PluginCatalog {
  std::map<std::string, std::vector<ParamSpec>> proxies;
  std::map<std::string, OpSignature> ops;
};

struct ParseOptions {
  // Without a catalog, plugin names and parameters in proxy declarations are not checked,
  // nor are network bodies bound (op names, arguments, shapes).
  const PluginCatalog* catalog = nullptr;
  // Where `include "x.zc"` looks after the including file's own directory.
  std::vector<std::string> include_dirs;
};

Expected<spec::Program> parse_file(const std::string& path, const ParseOptions& options = {});
Expected<spec::Program> parse_text(std::string_view text, const std::string& origin, const ParseOptions& options = {});

}  // namespace zcnas::dsl
