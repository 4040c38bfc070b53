// DSL proxy expressions evaluated over score columns.
#include <catch2/catch.hpp>

#include <cmath>

#include "dsl/parser.hpp"
#include "eval/expression_scores.hpp"

using namespace zcnas;

namespace {
std::vector<spec::ProxyDecl> declare(const std::string& text) {
  dsl::PluginCatalog catalog;
  catalog.proxies["synflow"] = {};
  catalog.proxies["lswag"] = {};
  catalog.proxies["zen"] = {};
  dsl::ParseOptions o;
  o.catalog = &catalog;
  auto program = dsl::parse_text(text, "ideas.zc", o);
  CATCH_REQUIRE(program);
  return program->proxies;
}
}  // namespace

CATCH_TEST_CASE("an expression is computed from the table's columns", "[eval][expressions]") {
  ScoreTable t;
  t.archs = {"a", "b", "c"};
  t.proxies = {"lswag", "synflow"};
  t.columns = {{10, 30, 20}, {1, std::exp(2.0), 0}};
  const auto decls = declare(
      "proxy mix = rank(lswag) + 0.5 * log(synflow);\n"
      "proxy twice = 2 * mix;\n"
      "proxy bad = rank(zen);\n");
  auto mix = eval::evaluate_expression(decls[0], t, decls);
  CATCH_REQUIRE(mix);
  CATCH_CHECK((*mix)[0] == Approx(1 + 0.0));
  CATCH_CHECK((*mix)[1] == Approx(3 + 1.0));
  CATCH_CHECK(std::isnan((*mix)[2]));  // log(0): a failed value, not -inf
  auto twice = eval::evaluate_expression(decls[1], t, decls);
  CATCH_REQUIRE(twice);
  CATCH_CHECK((*twice)[1] == Approx(8.0));
  auto bad = eval::evaluate_expression(decls[2], t, decls);
  CATCH_REQUIRE_FALSE(bad);
  CATCH_CHECK(bad.error().to_string().find("ideas.zc:3:") != std::string::npos);
  CATCH_CHECK(bad.error().to_string().find("no score column 'zen'") != std::string::npos);
}
