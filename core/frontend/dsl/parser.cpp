#include "dsl/parser.hpp"

#include <antlr4-runtime.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "dsl/diagnostics.hpp"
#include "dsl/transformer.hpp"
#include "spec/network_binder.hpp"
#include "spec/space_ops.hpp"
#include "util/suggest.hpp"
#include <ZcnasLexer.h>

namespace zcnas::dsl {

namespace fs = std::filesystem;
using P = zcnas_grammar::ZcnasParser;

namespace {

// Deeply nested input would recurse the ANTLR parser off the stack: refuse it first.
constexpr int kMaxNesting = 256;

class CollectingErrorListener final : public antlr4::BaseErrorListener {
 public:
  CollectingErrorListener(std::string file, Diagnostics& diag) : file_(std::move(file)), diag_(diag) {}
  void syntaxError(antlr4::Recognizer*, antlr4::Token*, size_t line, size_t column, const std::string& message,
                   std::exception_ptr) override {
    diag_.error({file_, static_cast<int>(line), static_cast<int>(column) + 1}, "syntax error: " + message);
    ++count;
  }
  int count = 0;

 private:
  std::string file_;
  Diagnostics& diag_;
};

// One parse of the whole program: the root file and everything it includes.
class ProgramParser {
 public:
  explicit ProgramParser(const ParseOptions& options) : options_(options) {}

  void parse(const std::string& text, const std::string& file);
  void parse_path(const std::string& path, const SourceLocation& included_from);
  void finish();

  Diagnostics diag;
  spec::Program program;

 private:
  std::string resolve_include(const std::string& name, const std::string& from) const;
  void resolve_proxies();
  void bind_networks();

  const ParseOptions& options_;
  std::vector<std::pair<std::string, std::string>> stack_;  // (file, canonical key) being parsed
  std::set<std::string> done_;                              // canonical keys of files parsed
  std::map<std::string, SourceLocation> space_at_, proxy_at_, block_at_;
};

// One key per file however it is named (relative, absolute, through links).
std::string canonical_key(const std::string& path) {
  std::error_code ec;
  const fs::path key = fs::weakly_canonical(path, ec);
  return ec ? path : key.string();
}

bool nesting_ok(const std::string& text, const std::string& file, Diagnostics& diag) {
  int depth = 0, line = 1, col = 0;
  for (char c : text) {
    ++col;
    if (c == '\n') {
      ++line;
      col = 0;
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') depth = depth > 0 ? depth - 1 : 0;
    if (depth > kMaxNesting) {
      diag.error({file, line, col}, "nesting deeper than " + std::to_string(kMaxNesting) + " levels");
      return false;
    }
  }
  return true;
}

// The ANTLR runtime converts its input from UTF-8 and throws a bare "wstring_convert"
// error on anything else; the first bad byte is reported at its line and column instead.
bool utf8_ok(const std::string& text, const std::string& file, Diagnostics& diag) {
  int line = 1, col = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
    if (!valid) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", c);
      diag.error({file, line, col}, std::string("not UTF-8 text: byte ") + hex + " (is this a .zc file?)");
      return false;
    }
    if (c == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
    i += length;
  }
  return true;
}

void ProgramParser::parse(const std::string& text, const std::string& file) {
  diag.add_source(file, text);
  program.files.push_back(file);
  if (!utf8_ok(text, file, diag)) return;
  if (!nesting_ok(text, file, diag)) return;
  const std::string key = canonical_key(file);
  stack_.emplace_back(file, key);
  antlr4::ANTLRInputStream input(text);
  zcnas_grammar::ZcnasLexer lexer(&input);
  CollectingErrorListener listener(file, diag);
  lexer.removeErrorListeners();
  lexer.addErrorListener(&listener);
  antlr4::CommonTokenStream tokens(&lexer);
  P parser(&tokens);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  P::FileContext* tree = parser.file();
  // After syntax errors the tree is a best guess: semantic checks on it would only add noise.
  if (listener.count == 0) {
    Transformer t(file, diag, options_);
    for (auto* item : tree->item()) {
      if (auto* inc = item->includeStmt()) {
        const std::string raw = inc->STRING()->getText();
        parse_path(resolve_include(raw.substr(1, raw.size() - 2), file), t.at(inc->STRING()->getSymbol()));
      } else if (auto* s = item->spaceDecl()) {
        spec::SearchSpace space = t.space(s);
        if (auto it = space_at_.find(space.name); it != space_at_.end()) {
          diag.error(space.location, "duplicate space '" + space.name + "' (first declared at " + it->second.to_string() + ")");
        } else {
          space_at_[space.name] = space.location;
          program.spaces.push_back(std::move(space));
        }
      } else if (auto* b = item->blockDecl()) {
        auto block = t.block(b);
        if (auto it = block_at_.find(block->name); it != block_at_.end()) {
          diag.error(block->location, "duplicate block '" + block->name + "' (first declared at " + it->second.to_string() + ")");
        } else {
          block_at_[block->name] = block->location;
          program.blocks[block->name] = std::move(block);
        }
      } else if (auto* p = item->proxyDecl()) {
        spec::ProxyDecl decl = t.proxy(p);
        if (auto it = proxy_at_.find(decl.name); it != proxy_at_.end()) {
          diag.error(decl.location, "duplicate proxy '" + decl.name + "' (first declared at " + it->second.to_string() + ")");
        } else {
          proxy_at_[decl.name] = decl.location;
          program.proxies.push_back(std::move(decl));
        }
      }
    }
  }
  stack_.pop_back();
  done_.insert(key);
}

std::string ProgramParser::resolve_include(const std::string& name, const std::string& from) const {
  if (fs::path(name).is_absolute()) return name;
  std::vector<fs::path> candidates{fs::path(from).parent_path() / name};
  for (const auto& d : options_.include_dirs) candidates.push_back(fs::path(d) / name);
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(c, ec)) return c.lexically_normal().string();
  }
  return candidates.front().lexically_normal().string();
}

void ProgramParser::parse_path(const std::string& path, const SourceLocation& included_from) {
  const std::string key = canonical_key(path);
  for (std::size_t i = 0; i < stack_.size(); ++i) {
    if (stack_[i].second != key) continue;
    std::string chain;
    for (std::size_t j = i; j < stack_.size(); ++j) chain += stack_[j].first + " -> ";
    diag.error(included_from, "cyclic include: " + chain + path);
    return;
  }
  if (done_.count(key)) return;  // each file once, diamonds are fine
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (included_from.line > 0)
      diag.error(included_from, "cannot open included file '" + path + "'");
    else
      diag.error({path, 0, 0}, "cannot open file");
    return;
  }
  std::ostringstream text;
  text << in.rdbuf();
  parse(text.str(), path);
}

// References name another proxy or, failing that, a plugin used with its defaults.
// Cycles are errors with their chain.
void ProgramParser::resolve_proxies() {
  std::map<std::string, const spec::ProxyDecl*> by_name;
  for (const auto& p : program.proxies) by_name[p.name] = &p;
  std::vector<std::string> known;
  for (const auto& [n, p] : by_name) known.push_back(n);
  if (options_.catalog != nullptr)
    for (const auto& [n, s] : options_.catalog->proxies) known.push_back(n);

  std::function<void(spec::ProxyExpr&)> resolve = [&](spec::ProxyExpr& e) {
    for (auto& a : e.args) resolve(a);
    if (e.kind != spec::ProxyExpr::Kind::reference || by_name.count(e.name)) return;
    const bool plugin = options_.catalog == nullptr || options_.catalog->proxies.count(e.name);
    if (plugin) {
      e.kind = spec::ProxyExpr::Kind::plugin;
      return;
    }
    if (spec::proxy_functions().count(e.name)) {
      diag.error(e.location, "'" + e.name + "' is a function: call it, e.g. " + e.name + "(x)");
      return;
    }
    diag.error(e.location, "unknown proxy '" + e.name + "'" + util::did_you_mean(e.name, known) +
                               "; declare it with 'proxy " + e.name + " = ...;' or load its plugin");
  };
  for (auto& p : program.proxies) resolve(p.expr);

  // Cycle check: depth-first over references.
  std::map<std::string, int> state;  // 1 visiting, 2 done
  std::vector<std::string> path;
  std::function<void(const std::string&)> visit;
  std::function<void(const spec::ProxyExpr&, const spec::ProxyDecl&)> walk = [&](const spec::ProxyExpr& e,
                                                                                 const spec::ProxyDecl& owner) {
    for (const auto& a : e.args) walk(a, owner);
    if (e.kind != spec::ProxyExpr::Kind::reference || !by_name.count(e.name)) return;
    if (state[e.name] == 1) {
      if (e.name == owner.name && path.size() == 1) {
        diag.error(e.location, "proxy '" + owner.name + "' refers to itself");
      } else {
        std::string chain;
        auto start = std::find(path.begin(), path.end(), e.name);
        for (auto it = start; it != path.end(); ++it) chain += *it + " -> ";
        diag.error(e.location, "cyclic proxy definition: " + chain + e.name);
      }
      return;
    }
    visit(e.name);
  };
  visit = [&](const std::string& name) {
    if (state[name] == 2) return;
    state[name] = 1;
    path.push_back(name);
    walk(by_name[name]->expr, *by_name[name]);
    path.pop_back();
    state[name] = 2;
  };
  for (const auto& p : program.proxies) visit(p.name);
}

// Every network body sees the program's blocks; with an op catalogue, it is bound for a few
// architectures so that names, arguments and shapes are checked now, located.
void ProgramParser::bind_networks() {
  const spec::OpCatalog ops = options_.catalog ? spec::op_catalog_over(options_.catalog->ops) : spec::OpCatalog{};
  for (auto& space : program.spaces) {
    if (!space.network) continue;
    auto network = std::make_shared<spec::NetworkTemplate>(*space.network);
    network->blocks = program.blocks;
    space.network = network;
    if (options_.catalog == nullptr) continue;
    for (const auto& arch : spec::representative_architectures(space)) {
      SourceLocation at;
      auto bound = spec::bind_network(space, arch, ops, &at);
      if (!bound) {
        diag.error(at, bound.error().message() +
                           (space.decisions.empty() ? "" : " (architecture " + spec::to_canonical(space, arch) + ")"));
        break;
      }
    }
  }
}

void ProgramParser::finish() {
  if (diag.empty()) bind_networks();
  if (diag.empty()) resolve_proxies();
}

}  // namespace

Expected<spec::Program> parse_text(std::string_view text, const std::string& origin, const ParseOptions& options) {
  ProgramParser parser(options);
  try {
    parser.parse(std::string(text), origin);
    parser.finish();
  } catch (const std::exception& e) {
    return Error(ErrorKind::internal, std::string("the DSL parser failed: ") + e.what()).with_context(origin);
  }
  if (!parser.diag.empty()) return parser.diag.to_error();
  return std::move(parser.program);
}

Expected<spec::Program> parse_file(const std::string& path, const ParseOptions& options) {
  ProgramParser parser(options);
  try {
    parser.parse_path(path, {});
    parser.finish();
  } catch (const std::exception& e) {
    return Error(ErrorKind::internal, std::string("the DSL parser failed: ") + e.what()).with_context(path);
  }
  if (!parser.diag.empty()) return parser.diag.to_error();
  return std::move(parser.program);
}

}  // namespace zcnas::dsl
