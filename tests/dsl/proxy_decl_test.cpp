#include <catch2/catch.hpp>

#include "dsl/support.hpp"

using namespace zcnas;

CATCH_TEST_CASE("proxy declarations: plugin instances with parameters and expressions over proxies", "[dsl][proxies]") {
  dsl::PluginCatalog catalog;
  catalog.proxies["lswag"] = {{"window", ParamType::real_list, std::vector<double>{3, 8}, ""},
                              {"grad_abs", ParamType::boolean, true, ""}};
  catalog.proxies["swap"] = {{"regularize", ParamType::boolean, false, ""},
                             {"mu", ParamType::real, 0.0, ""},
                             {"sigma", ParamType::real, 1.0, ""}};
  catalog.proxies["synflow"] = {};
  catalog.proxies["params"] = {};
  dsl::ParseOptions options;
  options.catalog = &catalog;
  auto program = dsl::parse_text(R"(
// experiments/my_proxies.zc
proxy lswag_nb201 = lswag(window = [3, 8], grad_abs = true);
proxy reg_swap    = swap(regularize = true, mu = 1.2M, sigma = 0.5M);
proxy my_idea     = rank(lswag_nb201) + 0.5 * log(synflow) - rank(params);
proxy later_first = scale(my_idea, -2);
)",
                                 "exp.zc", options);
  CATCH_REQUIRE(program);
  CATCH_REQUIRE(program->proxies.size() == 4);
  const auto& l = *program->proxy("lswag_nb201");
  CATCH_CHECK(l.is_plugin_instance());
  CATCH_CHECK(l.expr.name == "lswag");
  CATCH_CHECK(std::get<std::vector<double>>(l.expr.params.at("window")) == std::vector<double>{3, 8});
  const auto& r = *program->proxy("reg_swap");
  CATCH_CHECK(std::get<std::int64_t>(r.expr.params.at("mu")) == 1200000);
  CATCH_CHECK(std::get<std::int64_t>(r.expr.params.at("sigma")) == 500000);
  const auto& idea = *program->proxy("my_idea");
  CATCH_CHECK_FALSE(idea.is_plugin_instance());
  CATCH_CHECK(idea.expr.to_string() == "((rank(lswag_nb201) + (0.5 * log(synflow()))) - rank(params()))");
  CATCH_CHECK(program->proxy("later_first")->expr.to_string() == "scale(my_idea, -2)");
}

CATCH_TEST_CASE("without a catalog, plugin names pass unchecked", "[dsl][proxies]") {
  auto program = dsl::parse_text("proxy p = rank(anything) * 2;", "x.zc");
  CATCH_REQUIRE(program);
  CATCH_CHECK(program->proxies[0].expr.args[0].args[0].kind == spec::ProxyExpr::Kind::plugin);
}
