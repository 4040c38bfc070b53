#include <catch2/catch.hpp>

#include "net/toy_cnn.hpp"
#include "plugin/proxy_instances.hpp"
#include "proxy/proxy_runner.hpp"
#include "support/shipped_plugins.hpp"
#include "support/test_env.hpp"
#include "support/tiny_networks.hpp"

using namespace zcnas;

namespace {
// Runs the shipped plugin `name` with `params` on `net`.
proxy::ProxyOutcome run(plugin::PluginHost& host, Network& net, std::vector<std::int64_t> input_shape,
                        const std::string& name, std::map<std::string, ParamValue> params = {}) {
  config::ProxyInstance declared;
  declared.name = name;
  declared.plugin = name;
  declared.params = std::move(params);
  for (const auto& [k, v] : declared.params) declared.param_locations[k] = {"test", 1, 1};
  auto instances = plugin::instantiate_proxies({declared}, host);
  CATCH_REQUIRE(instances);
  std::vector<std::int64_t> batch_shape{2};
  batch_shape.insert(batch_shape.end(), input_shape.begin(), input_shape.end());
  ProbeContext ctx(net, {{torch::zeros(batch_shape), torch::zeros({2}, torch::kLong)}}, {});
  return proxy::run_proxy(instances->front(), ctx, "tiny");
}

}  // namespace

CATCH_TEST_CASE("the params plugin counts parameters of tiny networks", "[proxies]") {
  Network mlp(std::make_shared<test::TwoLayerMlp>());
  auto out = run(test::shipped_plugins(), mlp, {2}, "params");
  CATCH_REQUIRE(out.ok);
  CATCH_CHECK(out.score == 9);
  Network conv(std::make_shared<test::TinyConvNet>());
  // conv1 4*3*9 + 4, conv2 4*2*9, fc 4*3 + 3
  CATCH_CHECK(run(test::shipped_plugins(), conv, {3, 8, 8}, "params").score == 112 + 72 + 15);
  Network toy = net::make_toy_cnn();
  CATCH_CHECK(run(test::shipped_plugins(), toy, {3, 32, 32}, "params", {{"unit", std::string("millions")}}).score ==
              Approx(1586e-6));
}

CATCH_TEST_CASE("the param_tensors plugin counts parameter tensors (VKDNW's aleph)", "[proxies]") {
  Network mlp(std::make_shared<test::TwoLayerMlp>());
  CATCH_CHECK(run(test::shipped_plugins(), mlp, {2}, "param_tensors").score == 4);  // 2 x (weight, bias)
  Network conv(std::make_shared<test::TinyConvNet>());
  CATCH_CHECK(run(test::shipped_plugins(), conv, {3, 8, 8}, "param_tensors").score == 5);  // conv2 has no bias
}

CATCH_TEST_CASE("the flops plugin counts multiply-accumulates at batch 1", "[proxies]") {
  Network conv(std::make_shared<test::TinyConvNet>());
  auto out = run(test::shipped_plugins(), conv, {3, 8, 8}, "flops", {{"convention", std::string("macs")}});
  CATCH_REQUIRE(out.ok);
  CATCH_CHECK(out.score == 2959);
  CATCH_CHECK(run(test::shipped_plugins(), conv, {3, 8, 8}, "flops").score == 2959 + 64);  // + GELU inputs
  Network toy = net::make_toy_cnn();
  CATCH_CHECK(run(test::shipped_plugins(), toy, {3, 32, 32}, "flops", {{"unit", std::string("millions")}}).score ==
              Approx(0.557226));
}

CATCH_TEST_CASE("a bad unit is refused when the instance is created", "[proxies]") {
  config::ProxyInstance declared;
  declared.name = "p";
  declared.plugin = "params";
  declared.params = {{"unit", std::string("billions")}};
  declared.param_locations = {{"unit", {"exp.toml", 4, 8}}};
  declared.location = {"exp.toml", 3, 1};
  auto instances = plugin::instantiate_proxies({declared}, test::shipped_plugins());
  CATCH_REQUIRE_FALSE(instances);
  CATCH_CHECK(instances.error().to_string().find("unit must be \"count\" or \"millions\", got \"billions\"") !=
              std::string::npos);
}

CATCH_TEST_CASE("the runner turns every kind of proxy failure into a recorded outcome", "[proxies]") {
  plugin::PluginHost host;
  CATCH_REQUIRE(host.load_file(test::fixture("faulty_proxy")));
  Network net(std::make_shared<test::TwoLayerMlp>());
  ProbeContext ctx(net, {{test::mlp_input(), {}}}, {});
  auto [mode, want] = GENERATE(table<std::string, std::string>(
      {{"nan", "proxy 'fixture_faulty' on arch 'a7': non-finite score nan"},
       {"inf", "proxy 'fixture_faulty' on arch 'a7': non-finite score inf"},
       {"throw", "proxy 'fixture_faulty' on arch 'a7': threw: fixture exploded"},
       {"torch", "proxy 'fixture_faulty' on arch 'a7': LibTorch error: "},
       {"error", "proxy 'fixture_faulty' on arch 'a7': fixture declined"}}));
  CATCH_CAPTURE(mode);
  auto proxy = host.make_proxy("fixture_faulty", {{"mode", mode}});
  CATCH_REQUIRE(proxy);
  plugin::ProxyInstance instance{"fixture_faulty", host.find("fixture_faulty"), {}, std::move(*proxy)};
  auto out = proxy::run_proxy(instance, ctx, "a7");
  CATCH_CHECK_FALSE(out.ok);
  CATCH_CHECK(out.error.find(want) == 0);
}
