#include <catch2/catch.hpp>

#include "config/run_config.hpp"
#include "plugin/proxy_instances.hpp"
#include "support/test_env.hpp"

using namespace zcnas;

CATCH_TEST_CASE("a full config is read", "[config]") {
  auto config = config::parse_run_config(R"([runtime]
threads = 2
device = "cpu"
seed = 7
log_level = "debug"

[plugins]
paths = ["more_plugins", "/abs/plugins"]

[proxies.offset_good]
plugin = "fixture_good"
offset = 1.5
)",
                                         "exp/run.toml");
  CATCH_REQUIRE(config);
  CATCH_CHECK(*config->threads == 2);
  CATCH_CHECK(*config->device == "cpu");
  CATCH_CHECK(*config->seed == 7);
  CATCH_CHECK(config->plugin_dirs == std::vector<std::string>{"exp/more_plugins", "/abs/plugins"});
  CATCH_REQUIRE(config->proxies.size() == 1);
  CATCH_CHECK(config->proxies[0].name == "offset_good");
  CATCH_CHECK(config->proxies[0].plugin == "fixture_good");
  CATCH_CHECK(std::get<double>(config->proxies[0].params.at("offset")) == 1.5);
  CATCH_CHECK(config->proxies[0].param_locations.at("offset").to_string() == "exp/run.toml:12:1");
}

CATCH_TEST_CASE("config mistakes are reported at file:line:col", "[config]") {
  auto [text, want] = GENERATE(table<std::string, std::string>({
      {"[runtime]\nthreds = 2\n",
       "run.toml:2:1: unknown key 'threds' in [runtime] (did you mean 'threads'?); known keys: threads, device, seed, "
       "log_level"},
      {"[runtime]\nthreads = \"two\"\n", "run.toml:2:11: key 'runtime.threads' must be an integer, got string"},
      {"[runtime]\nthreads = 0\n", "run.toml:2:11: runtime.threads must be at least 1, got 0"},
      {"[runtime]\nlog_level = \"loud\"\n",
       "run.toml:2:13: runtime.log_level must be one of trace, debug, info, warn, error; got 'loud'"},
      {"[plugin]\npaths = []\n",
       "run.toml:1:2: unknown key 'plugin' at the top level (did you mean 'plugins'?); known keys: runtime, plugins, "
       "proxies"},
      {"[plugins]\npaths = [1, 2]\n", "run.toml:2:10: key 'plugins.paths' must be an array of strings, got integer"},
      {"[plugins]\npaths = \"dir\"\n", "run.toml:2:9: key 'plugins.paths' must be an array of strings, got string"},
      {"[proxies.x]\nwindow = 3\n", "run.toml:1:1: [proxies.x] needs a 'plugin' key naming the proxy plugin"},
      {"[proxies.x]\nplugin = \"p\"\nw = {a = 1}\n",
       "run.toml:3:5: key 'proxies.x.w' must be a boolean, number, string or array of numbers, got table"},
      {"[proxies]\nx = 3\n", "run.toml:2:5: key 'proxies.x' must be a table, got integer"},
      {"runtime = 3\n", "run.toml:1:11: key 'runtime' must be a table, got integer"},
      {"[runtime\nthreads = 2\n", "run.toml:1:9: "},
      {"[runtime]\nthreads = 2\nthreads = 3\n", "run.toml:3:"},
  }));
  CATCH_CAPTURE(text);
  auto config = config::parse_run_config(text, "run.toml");
  CATCH_REQUIRE_FALSE(config);
  const std::string got = config.error().to_string();
  CATCH_CAPTURE(got);
  CATCH_CHECK(got.find(want) != std::string::npos);
}

CATCH_TEST_CASE("several config mistakes are reported together", "[config]") {
  auto config = config::parse_run_config("[runtime]\nthreds = 2\nseed = -1\n[plugins]\npath = []\n", "r.toml");
  CATCH_REQUIRE_FALSE(config);
  const std::string got = config.error().to_string();
  CATCH_CHECK(got.find("3 errors:") == 0);
  CATCH_CHECK(got.find("r.toml:2:1: unknown key 'threds'") != std::string::npos);
  CATCH_CHECK(got.find("r.toml:3:8: runtime.seed must not be negative") != std::string::npos);
  CATCH_CHECK(got.find("r.toml:5:1: unknown key 'path' in [plugins] (did you mean 'paths'?)") != std::string::npos);
}

CATCH_TEST_CASE("a missing config file is an I/O error naming it", "[config]") {
  auto config = config::load_run_config("/nonexistent/zcnas.toml");
  CATCH_REQUIRE_FALSE(config);
  CATCH_CHECK(config.error().kind() == ErrorKind::io);
  CATCH_CHECK(config.error().to_string() == "cannot open config file '/nonexistent/zcnas.toml'");
}

CATCH_TEST_CASE("proxy parameters are checked against the plugin at their location", "[config]") {
  plugin::PluginHost host;
  CATCH_REQUIRE(host.load_file(test::fixture("good_proxy")));
  auto config = config::parse_run_config(R"([proxies.a]
plugin = "fixture_good"
ofset = 1.0

[proxies.b]
plugin = "fixture_good"
offset = "high"

[proxies.c]
plugin = "fixture_god"
)",
                                         "exp.toml");
  CATCH_REQUIRE(config);
  auto instances = plugin::instantiate_proxies(config->proxies, host);
  CATCH_REQUIRE_FALSE(instances);
  const std::string got = instances.error().to_string();
  CATCH_CAPTURE(got);
  CATCH_CHECK(got.find("3 errors:") == 0);
  CATCH_CHECK(got.find("exp.toml:3:1: unknown parameter 'ofset' of plugin 'fixture_good' (did you mean 'offset'?)") !=
              std::string::npos);
  CATCH_CHECK(got.find("exp.toml:7:1: parameter 'offset' of plugin 'fixture_good' must be real, got string \"high\"") !=
              std::string::npos);
  CATCH_CHECK(got.find("exp.toml:9:1: [proxies.c]: no proxy plugin named 'fixture_god' (did you mean 'fixture_good'?)") !=
              std::string::npos);
}
