// A space's fingerprint follows what decides its networks and nothing else: the store keys
// results by it (tests/cli/score_edited_space.sh shows the store side).

#include <catch2/catch.hpp>

#include "dsl/support.hpp"
#include "spec/space_fingerprint.hpp"

using namespace zcnas;

namespace {

const std::string kSpace =
    "block unit(out, k = 3) { conv(out, k = k) bn relu; }\n"
    "block unused(out) { conv(out, k = 1); }\n"
    "space s {\n"
    "  input = [3, 8, 8];\n"
    "  classes = 4;\n"
    "  w in { 4, 8 };\n"
    "  network {\n"
    "    unit(w) global_pool linear(classes);\n"
    "  }\n"
    "  constraint params <= 10M;\n"
    "}\n";

std::string fingerprint(const std::string& text) {
  auto program = dsl::parse_text(text, "s.zc");
  if (!program) throw std::runtime_error(program.error().to_string());
  return spec::definition_fingerprint(program->spaces.at(0));
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("'" + from + "' not in the text");
  return text.replace(at, from.size(), to);
}

}  // namespace

CATCH_TEST_CASE("a space's fingerprint changes with its networks, not with its comments or layout", "[dsl][fingerprint]") {
  const std::string base = fingerprint(kSpace);
  CATCH_CHECK(base.size() == 16);
  // The same networks: comments, layout, the name, a constraint, a block the network never uses.
  for (const std::string& same : {
           "// a comment\n" + kSpace,
           replace(kSpace, "unit(w) global_pool", "unit( w )\n      global_pool"),
           replace(kSpace, "space s {", "space t {"),
           replace(kSpace, "params <= 10M", "params <= 20M"),
           replace(kSpace, "conv(out, k = 1);", "conv(out, k = 3);"),
       }) {
    CATCH_CAPTURE(same);
    CATCH_CHECK(fingerprint(same) == base);
  }
  // Other networks: a setting, an option, a block's default, the body.
  for (const std::string& other : {
           replace(kSpace, "classes = 4", "classes = 5"),
           replace(kSpace, "{ 4, 8 }", "{ 4, 16 }"),
           replace(kSpace, "k = 3)", "k = 5)"),
           replace(kSpace, "bn relu;", "bn relu6;"),
           replace(kSpace, "unit(w)", "unit(w, k = 1)"),
       }) {
    CATCH_CAPTURE(other);
    CATCH_CHECK(fingerprint(other) != base);
  }
  // Tokens stay apart: `bn relu` is not the op `bnrelu`.
  CATCH_CHECK(spec::definition_text(dsl::parse_text(kSpace, "s.zc")->spaces.at(0)).find("bn relu") != std::string::npos);
}

CATCH_TEST_CASE("a family space's fingerprint follows its settings, decisions and format", "[dsl][fingerprint]") {
  auto program = dsl::parse_file(test::source_dir() + "/tests/net/family_spaces/nasbench201.zc");
  CATCH_REQUIRE(program);
  const spec::SearchSpace& nb201 = program->spaces.at(0);
  const std::string text = spec::definition_text(nb201);
  CATCH_CHECK_THAT(text, Catch::Contains("family cell_network\n") && Catch::Contains("setting stem = 16\n") &&
                             Catch::Contains("decision op(0,1) in {none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3}\n") &&
                             Catch::Contains("format |{op(0,1)}~0|"));
  spec::SearchSpace wider = nb201;
  wider.settings["stem"] = spec::Value::integer(32);
  CATCH_CHECK(spec::definition_fingerprint(wider) != spec::definition_fingerprint(nb201));
  // The same benchmark written out is another definition (its networks are equal, but nothing
  // short of building them says so).
  CATCH_CHECK(spec::definition_fingerprint(test::shipped_space("nasbench201")) != spec::definition_fingerprint(nb201));
  CATCH_CHECK_THAT(spec::definition_text(test::shipped_space("nasbench201")),
                   Catch::Contains("\nblock nb201_reduction ( out ) {") && Catch::Contains("\nblock relu_conv_bn ("));
}
