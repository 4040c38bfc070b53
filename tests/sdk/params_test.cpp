#include <catch2/catch.hpp>

#include "zcnas/params.hpp"
#include "zcnas/plugin/metadata.hpp"

using namespace zcnas;

namespace {
std::vector<ParamSpec> lswag_like() {
  return {{"window", ParamType::real_list, std::vector<double>{3, 8}, "layer window"},
          {"batches", ParamType::integer, std::int64_t{2}, "batches"},
          {"grad_abs", ParamType::boolean, true, "variance of |g|"},
          {"sigma", ParamType::real, 0.5, "width"}};
}
}  // namespace

CATCH_TEST_CASE("bind_params fills defaults and widens integers to reals", "[sdk][params]") {
  auto bound = bind_params("lswag", lswag_like(), {{"sigma", std::int64_t{2}}, {"batches", std::int64_t{3}}});
  CATCH_REQUIRE(bound);
  CATCH_CHECK(bound->real("sigma") == 2.0);
  CATCH_CHECK(bound->integer("batches") == 3);
  CATCH_CHECK(bound->boolean("grad_abs"));
  CATCH_CHECK(bound->real_list("window") == std::vector<double>{3, 8});
  CATCH_CHECK(bound->to_string() == "batches=3, grad_abs=true, sigma=2.0, window=[3.0, 8.0]");
}

CATCH_TEST_CASE("bind_params names unknown parameters with a suggestion and the list", "[sdk][params]") {
  auto bound = bind_params("lswag", lswag_like(), {{"windw", std::vector<double>{1, 2}}});
  CATCH_REQUIRE_FALSE(bound);
  CATCH_CHECK(bound.error().to_string() ==
              "unknown parameter 'windw' of plugin 'lswag' (did you mean 'window'?); it takes: window, batches, "
              "grad_abs, sigma");
}

CATCH_TEST_CASE("bind_params rejects a wrong type and reports every mistake", "[sdk][params]") {
  auto bound = bind_params("lswag", lswag_like(), {{"batches", 2.5}, {"grad_abs", std::string("yes")}});
  CATCH_REQUIRE_FALSE(bound);
  const std::string text = bound.error().to_string();
  CATCH_CHECK(text.find("2 errors") == 0);
  CATCH_CHECK(text.find("parameter 'batches' of plugin 'lswag' must be int, got real 2.5") != std::string::npos);
  CATCH_CHECK(text.find("parameter 'grad_abs' of plugin 'lswag' must be bool, got string \"yes\"") !=
              std::string::npos);
}

CATCH_TEST_CASE("a plugin with no parameters says so", "[sdk][params]") {
  auto bound = bind_params("params", {}, {{"x", true}});
  CATCH_REQUIRE_FALSE(bound);
  CATCH_CHECK(bound.error().to_string() == "unknown parameter 'x' of plugin 'params'; it takes no parameters");
}

CATCH_TEST_CASE("metadata validation catches an author's mistakes", "[sdk][params]") {
  PluginMetadata m;
  m.name = "ok_name";
  m.version = "1.0";
  m.description = "d";
  CATCH_CHECK(validate(m));
  auto bad = m;
  bad.name = "Bad-Name";
  CATCH_CHECK_FALSE(validate(bad));
  bad = m;
  bad.version.clear();
  CATCH_CHECK(validate(bad).error().to_string() == "plugin 'ok_name' declares no version");
  bad = m;
  bad.params = {{"k", ParamType::integer, 1.5, ""}};
  CATCH_CHECK(validate(bad).error().to_string() ==
              "plugin 'ok_name': parameter 'k' is declared int but its default 1.5 is real");
  bad = m;
  bad.params = {{"k", ParamType::real, 1.5, ""}, {"k", ParamType::real, 1.0, ""}};
  CATCH_CHECK(validate(bad).error().to_string() == "plugin 'ok_name' declares parameter 'k' twice");
}
