#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "dsl/support.hpp"

using namespace zcnas;

namespace {
// A valid NB201-like space body; each case breaks one thing in it.
const std::string kHead = "space s {\n  family = cell_network;\n  input = [3, 32, 32];\n  classes = 10;\n";
const std::string kMacro = "  stem = 16;\n  stages = [16, 32, 64];\n  cells_per_stage = 5;\n";
const std::string kCell = "  cell dag(nodes = 4) {\n    edge (i -> j) for i < j : op in { none, conv };\n  }\n";

std::string vit(const std::string& body) {
  return "space v {\n  family = vit;\n  input = [3, 224, 224];\n  classes = 1000;\n  patch = 16;\n" + body + "}\n";
}

dsl::PluginCatalog catalog() {
  dsl::PluginCatalog c;
  c.proxies["lswag"] = {{"window", ParamType::real_list, std::vector<double>{3, 8}, ""},
                        {"batches", ParamType::integer, std::int64_t{2}, ""}};
  c.proxies["synflow"] = {};
  return c;
}
}  // namespace

CATCH_TEST_CASE("malformed files are reported at file:line:col with the line and a caret", "[dsl][errors]") {
  // (source, expected "line:col: message" fragment)
  auto [src, want] = GENERATE_COPY(table<std::string, std::string>({
      // syntax
      {"space s {", "1:10: syntax error: "},
      {"space {}", "1:7: syntax error: "},
      {"space s { family = ; }", "1:20: syntax error: "},
      {"space s { x in { 1, 2 } }", "1:25: syntax error: missing ';'"},
      {"space s { x in { 1,, 2 }; }", "1:20: syntax error: "},
      {"spaec s { }", "1:1: syntax error: "},
      {"space s { x in { 1 }; } $", "1:25: syntax error: "},
      {"space s { x in range(1, ); }", "1:25: syntax error: "},
      {"proxy p = ;", "1:11: syntax error: "},
      {"proxy p = log(synflow;", "1:22: syntax error: "},
      {"include nasbench201.zc;", "1:9: syntax error: "},
      {"space s { f = \"unterminated; }", "1:15: syntax error: "},
      // choices
      {kHead + kMacro + "  cell dag(nodes = 4) {\n    edge (i -> j) for i < j : op in { };\n  }\n}",
       "9:37: empty choice set for 'op'"},
      {kHead + kMacro + kCell + "  x in { 1, 2, 1 };\n}", "11:16: option '1' appears twice in the choices of 'x'"},
      {kHead + kMacro + kCell + "  x in range(5, 1);\n}", "11:8: empty range for 'x': 5 > 1"},
      {kHead + kMacro + kCell + "  x in range(1, 5, 0);\n}", "11:20: range step of 'x' must be positive"},
      {kHead + kMacro + kCell + "  x in { 1 };\n  x in { 2 };\n}", "12:3: duplicate choice 'x' in space 's'"},
      {kHead + kMacro + kCell + "  x in { [1, 2] };\n}", "11:10: option of 'x' is a list"},
      // families and settings
      {"space s {\n  family = cell_netwrok;\n  x in {1};\n}", "2:12: unknown family 'cell_netwrok' (did you mean 'cell_network'?)"},
      {"space s {\n  x in {1};\n}", "1:7: space 's' declares no family"},
      {kHead + "  stem = 16;\n  stages = [16, 32, 64];\n" + kCell + "}",
       "1:7: space 's' (family cell_network) needs setting 'cells_per_stage'"},
      {kHead + kMacro + "  stgaes = [1];\n" + kCell + "}", "8:3: unknown setting 'stgaes' for family cell_network (did you mean 'stages'?)"},
      {kHead + "  stem = 16.5;\n  stages = [16, 32, 64];\n  cells_per_stage = 5;\n" + kCell + "}",
       "5:3: setting 'stem' must be an integer > 0, got real 16.5"},
      {kHead + kMacro + "  stem = 32;\n" + kCell + "}", "8:3: duplicate setting 'stem' (first set at bad.zc:5:3)"},
      {kHead + kMacro + "}", "1:7: space 's' (family cell_network) is made of cells: dag; it declares none"},
      {"space s {\n  family = 3;\n  x in {1};\n}", "2:12: family must be a name, got 3"},
      // per-layer
      {vit("  embed_dim in { 192 };\n  depth in { 12 };\n  per layer (dept) {\n    mlp_ratio in { 3.5 };\n  }\n"),
       "8:14: per layer (dept): unknown name 'dept' (did you mean 'depth'?)"},
      {vit("  embed_dim in { 192 };\n  depth in { 12.5 };\n  per layer (depth) {\n    mlp_ratio in { 3.5 };\n  }\n"),
       "8:14: per layer (depth): 'depth' must choose non-negative integers"},
      {vit("  embed_dim in { 192 };\n  depth in { 12 };\n  per layer (depth) { }\n"), "8:3: per layer (depth) declares no choices"},
      {vit("  depth in { 12 };\n"), "1:7: space 'v' (family vit) needs a choice 'embed_dim'"},
      // cells
      {kHead + kMacro + "  cell dgg(nodes = 4) {\n    edge (i -> j) for i < j : op in { none };\n  }\n}",
       "8:8: unknown cell kind 'dgg' (did you mean 'dag'?)"},
      {kHead + kMacro + "  cell dag(nodes = 1) {\n    edge (i -> j) for i < j : op in { none };\n  }\n}",
       "8:20: cell argument 'nodes' must be an integer in [2, 32], got 1"},
      {kHead + kMacro + "  cell dag(nodez = 4) {\n    edge (i -> j) for i < j : op in { none };\n  }\n}",
       "8:20: unknown argument 'nodez' of a dag cell (did you mean 'nodes'?)"},
      {kHead + kMacro + "  cell dag(nodes = 4) {\n    op in { none };\n  }\n}",
       "9:5: a dag cell takes 'edge (i -> j) for i < j : op in {...}'"},
      {kHead + kMacro + "  cell dag(nodes = 4) {\n    edge (i -> j) for j < i : op in { none };\n  }\n}",
       "9:23: write 'edge (i -> j) for i < j'"},
      // constraints and format
      {vit("  embed_dim in { 192 };\n  depth in { 12 };\n  constraint params in [24M, 21M];\n"),
       "8:25: empty range [24000000, 21000000] for 'params'"},
      {vit("  embed_dim in { 192 };\n  depth in { 12 };\n  constraint latency <= 3;\n"),
       "8:14: unknown constraint quantity 'latency'"},
      {vit("  embed_dim in { 192 };\n  depth in { 12 };\n  constraint mac <= 3G;\n"),
       "8:14: unknown constraint quantity 'mac' (did you mean 'macs'?); constraints bound params, flops"},
      {kHead + kMacro + kCell + "  format \"{op(0,1)}|{op(0,4)}\";\n}", "11:10: format names '{op(0,4)}', which is not a choice"},
      {kHead + kMacro + kCell + "  format \"{op(0,1)}\";\n}", "11:10: format does not mention choice 'op(0,2)'"},
      {kHead + kMacro + kCell + "  format \"{op(0,1)\";\n}", "11:10: format: '{' at character 1 is not closed"},
      // spaces and proxies
      {kHead + kMacro + kCell + "}\n" + kHead + kMacro + kCell + "}", "12:7: duplicate space 's' (first declared at bad.zc:1:7)"},
      {"proxy p = lswag(windw = [3, 8]);", "1:17: unknown parameter 'windw' of plugin 'lswag' (did you mean 'window'?); it takes: window, batches"},
      {"proxy p = lswag(batches = 2.5);", "1:17: parameter 'batches' of plugin 'lswag' must be int, got real 2.5"},
      {"proxy p = lswg(batches = 2);", "1:11: unknown proxy plugin or function 'lswg' (did you mean 'lswag'?)"},
      {"proxy p = rank(p);", "1:16: proxy 'p' refers to itself"},
      {"proxy a = log(b);\nproxy b = rank(a);", "cyclic proxy definition: a -> b -> a"},
      {"proxy p = log(synflow, lswag);", "1:11: function 'log' takes 1 argument(s), got 2"},
      {"proxy p = scale(synflow, lswag);", "1:26: scale(x, k): k must be a number"},
      {"proxy p = rank(synflw);", "1:16: unknown proxy 'synflw' (did you mean 'synflow'?)"},
      {"proxy p = synflow;\nproxy p = lswag;", "2:7: duplicate proxy 'p' (first declared at bad.zc:1:7)"},
      {"proxy p = lswag(3);", "1:17: plugin 'lswag' takes named parameters (name = value)"},
      {"proxy p = rank(window = 3);", "1:16: function 'rank' takes proxy expressions, not named arguments"},
      {"proxy p = log;", "1:11: 'log' is a function: call it, e.g. log(x)"},
      {std::string(300, '(') , "nesting deeper than 256 levels"},
      {"space g {\n  family = nasbench101;\n  cell graph(nodes = 8) { node op in { a }; }\n}",
       "3:22: cell argument 'nodes' must be an integer in [2, 7], got 8"},
      // found by the fuzzer: option texts that break the canonical string
      {vit("  embed_dim in { 192 };\n  depth in { 12 };\n  act in { \"a;b\", c };\n"),
       "1:7: option \"a;b\" of 'act' contains ';', which separates fields of the canonical string"},
      {kHead + kMacro + "  cell dag(nodes = 4) {\n    edge (i -> j) for i < j : op in { \"x|y\", conv };\n  }\n"
                        "  format \"{op(0,1)}|{op(0,2)}|{op(1,2)}|{op(0,3)}|{op(1,3)}|{op(2,3)}\";\n}",
       "11:10: option \"x|y\" of 'op(0,1)' contains \"|\", which follows it in the format"},
      {kHead + kMacro + kCell + "  x in { 3.5, \"3.5\" };\n}", "11:15: option '3.5' appears twice in the choices of 'x'"},
  }));
  CATCH_CAPTURE(src);
  const dsl::PluginCatalog c = catalog();
  dsl::ParseOptions options;
  options.catalog = &c;
  auto program = dsl::parse_text(src, "bad.zc", options);
  CATCH_REQUIRE_FALSE(program);
  const std::string got = program.error().to_string();
  CATCH_CAPTURE(got);
  CATCH_CHECK(got.find(want) != std::string::npos);
  CATCH_CHECK(got.find("bad.zc:") != std::string::npos);
}

CATCH_TEST_CASE("an error shows the offending line with a caret under the column", "[dsl][errors]") {
  auto program = dsl::parse_text(kHead + kMacro + "  cell dag(nodes = 4) {\n    edge (i -> j) for i < j : op in { };\n  }\n}",
                                 "bad.zc");
  CATCH_REQUIRE_FALSE(program);
  CATCH_CHECK(program.error().to_string() ==
              "bad.zc:9:37: empty choice set for 'op'\n"
              "        edge (i -> j) for i < j : op in { };\n"
              "                                        ^");
}

CATCH_TEST_CASE("several mistakes in one file are all reported", "[dsl][errors]") {
  auto program = dsl::parse_text(
      "space s {\n  family = cell_network;\n  x in { };\n  y in range(3, 1);\n  stgaes = 3;\n}\n", "multi.zc");
  CATCH_REQUIRE_FALSE(program);
  const std::string got = program.error().to_string();
  CATCH_CAPTURE(got);
  CATCH_CHECK(got.find("errors:") != std::string::npos);
  CATCH_CHECK(got.find("multi.zc:3:8: empty choice set for 'x'") != std::string::npos);
  CATCH_CHECK(got.find("multi.zc:4:8: empty range for 'y'") != std::string::npos);
  CATCH_CHECK(got.find("multi.zc:5:3: unknown setting 'stgaes'") != std::string::npos);
  CATCH_CHECK(got.find("needs setting 'stem'") != std::string::npos);
}

CATCH_TEST_CASE("includes resolve, diamonds are fine, cycles are reported with their chain", "[dsl][errors]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("zcnas_include_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) { std::ofstream(dir / name) << text; };
  write("a.zc", "include \"b.zc\";\n");
  write("b.zc", "include \"a.zc\";\n");
  write("top.zc", "include \"left.zc\";\ninclude \"right.zc\";\nproxy p = rank(synflow);\n");
  write("left.zc", "include \"nasbench201.zc\";\n");
  write("right.zc", "include \"nasbench201.zc\";\n");
  write("missing.zc", "include \"nowhere.zc\";\n");

  auto cyclic = dsl::parse_file((dir / "a.zc").string());
  CATCH_REQUIRE_FALSE(cyclic);
  CATCH_CHECK(cyclic.error().to_string().find("b.zc:1:9: cyclic include: " + (dir / "a.zc").string() + " -> " +
                                              (dir / "b.zc").string() + " -> " + (dir / "a.zc").string()) !=
              std::string::npos);

  dsl::ParseOptions options;
  options.include_dirs = {test::spaces_dir()};
  auto diamond = dsl::parse_file((dir / "top.zc").string(), options);
  CATCH_REQUIRE(diamond);
  CATCH_CHECK(diamond->spaces.size() == 1);
  CATCH_CHECK(diamond->spaces[0].name == "nasbench201");
  CATCH_CHECK(diamond->proxies.size() == 1);

  auto missing = dsl::parse_file((dir / "missing.zc").string());
  CATCH_REQUIRE_FALSE(missing);
  CATCH_CHECK(missing.error().to_string().find("missing.zc:1:9: cannot open included file") != std::string::npos);
  auto no_file = dsl::parse_file((dir / "absent.zc").string());
  CATCH_REQUIRE_FALSE(no_file);
  CATCH_CHECK(no_file.error().to_string().find("absent.zc: cannot open file") != std::string::npos);
  fs::remove_all(dir);
}
