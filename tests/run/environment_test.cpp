// The run environment: every setting resolved once by one rule (flag, then the --config
// file's [runtime], then the environment variable, then the default), settings that
// contradict each other refused, and plugins listed without torch.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "run/environment.hpp"
#include "support/scratch_dir.hpp"
#include "support/test_env.hpp"
#include "zcnas/version.hpp"

using namespace zcnas;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) { return test::scratch_dir("run_environment/" + name); }

run::RunSettings quiet_settings() {
  run::RunSettings s;
  s.quiet = true;
  s.threads = 1;
  s.plugin_dirs = {test::plugin_dir()};
  return s;
}

std::string write_config(const fs::path& dir, const std::string& text) {
  const std::string path = (dir / "run.toml").string();
  std::ofstream(path) << text;
  return path;
}

}  // namespace

CATCH_TEST_CASE("run settings: a flag wins over the config, the config over the variable, that over the default", "[run]") {
  const fs::path dir = scratch("precedence");
  const std::string config = write_config(dir, "[runtime]\nseed = 5\nstore = \"config.db\"\nbatchnorm = \"eval\"\n"
                                               "proxy_layers = \"conv-linear\"\nproxy_timeout = 3.5\nisolate = true\nproxy_memory = 512\n");
  ::setenv("ZCNAS_STORE", (dir / "variable.db").c_str(), 1);

  run::RunSettings s = quiet_settings();
  s.config_file = config;
  auto from_config = run::Environment::resolve(s);
  CATCH_REQUIRE(from_config);
  CATCH_CHECK((*from_config)->seed() == 5);
  CATCH_CHECK((*from_config)->store_path() == (dir / "config.db").string());  // relative to the config file
  CATCH_CHECK_FALSE((*from_config)->batchnorm_train());
  CATCH_CHECK((*from_config)->conv_linear_layers());
  CATCH_CHECK((*from_config)->proxy_timeout() == 3.5);
  CATCH_CHECK((*from_config)->isolate());
  CATCH_CHECK((*from_config)->proxy_memory_mb() == 512);

  s.seed = 7;
  s.store = (dir / "flag.db").string();
  s.batchnorm = "train";
  s.proxy_layers = "all";
  s.proxy_timeout = 0.0;
  s.isolate = false;
  s.proxy_memory_mb = 0;
  auto from_flags = run::Environment::resolve(s);
  CATCH_REQUIRE(from_flags);
  CATCH_CHECK((*from_flags)->seed() == 7);
  CATCH_CHECK((*from_flags)->store_path() == (dir / "flag.db").string());
  CATCH_CHECK((*from_flags)->batchnorm_train());
  CATCH_CHECK_FALSE((*from_flags)->conv_linear_layers());
  CATCH_CHECK((*from_flags)->proxy_timeout() == 0);
  CATCH_CHECK_FALSE((*from_flags)->isolate());

  run::RunSettings plain = quiet_settings();
  auto from_variable = run::Environment::resolve(plain);
  CATCH_REQUIRE(from_variable);
  CATCH_CHECK((*from_variable)->store_path() == (dir / "variable.db").string());
  CATCH_CHECK((*from_variable)->seed() == 0);
  CATCH_CHECK((*from_variable)->device() == "cpu");
  CATCH_CHECK_FALSE((*from_variable)->conv_linear_layers());  // every weighted layer by default

  ::unsetenv("ZCNAS_STORE");
  auto from_default = run::Environment::resolve(plain);
  CATCH_REQUIRE(from_default);
  CATCH_CHECK((*from_default)->store_path() == "zcnas.db");
  plain.no_store = true;
  CATCH_CHECK((*run::Environment::resolve(plain))->store_path().empty());
  run::RunSettings off = quiet_settings();
  off.config_file = write_config(dir, "[runtime]\nstore = \"off\"\n");
  CATCH_CHECK((*run::Environment::resolve(off))->store_path().empty());
}

CATCH_TEST_CASE("run settings that contradict each other or name nothing real are refused", "[run]") {
  run::RunSettings s = quiet_settings();
  s.proxy_memory_mb = 100;  // caps isolated workers: without --isolate it would be ignored
  auto refused = run::Environment::resolve(s);
  CATCH_REQUIRE_FALSE(refused);
  CATCH_CHECK_THAT(refused.error().to_string(), Catch::Contains("--isolate"));
  s.isolate = true;
  CATCH_CHECK(run::Environment::resolve(s));

  run::RunSettings bn = quiet_settings();
  bn.batchnorm = "frozen";
  CATCH_CHECK_FALSE(run::Environment::resolve(bn));
  run::RunSettings layers = quiet_settings();
  layers.proxy_layers = "conv";
  auto wrong_layers = run::Environment::resolve(layers);
  CATCH_REQUIRE_FALSE(wrong_layers);
  CATCH_CHECK_THAT(wrong_layers.error().to_string(), Catch::Contains("--proxy-layers 'conv'"));

  const fs::path dir = scratch("bad_config");
  run::RunSettings located = quiet_settings();
  located.config_file = write_config(dir, "[runtime]\nbatchnorm = \"frozen\"\nproxy_timeout = -1\nproxy_layers = \"deconv\"\n");
  auto bad = run::Environment::resolve(located);
  CATCH_REQUIRE_FALSE(bad);
  CATCH_CHECK_THAT(bad.error().to_string(), Catch::Contains("run.toml:2:") && Catch::Contains("batchnorm"));
  CATCH_CHECK_THAT(bad.error().to_string(), Catch::Contains("run.toml:3:") && Catch::Contains("proxy_timeout"));
  CATCH_CHECK_THAT(bad.error().to_string(), Catch::Contains("run.toml:4:") && Catch::Contains("proxy_layers"));
}

CATCH_TEST_CASE("the environment lists its plugins and names the nearest one for a typo", "[run]") {
  auto env = run::Environment::resolve(quiet_settings());
  CATCH_REQUIRE(env);
  CATCH_CHECK((*env)->refusals().empty());
  auto flops = (*env)->find_plugin("flops");
  CATCH_REQUIRE(flops);
  CATCH_CHECK((*flops)->metadata.kind == PluginKind::proxy);
  CATCH_CHECK((*flops)->stamp.abi_version == ZCNAS_PLUGIN_ABI_VERSION);
  auto typo = (*env)->find_plugin("flop");
  CATCH_REQUIRE_FALSE(typo);
  CATCH_CHECK_THAT(typo.error().to_string(), Catch::Contains("did you mean 'flops'"));
  // The catalogue the DSL checks against comes with it: a declaration with a bad parameter fails.
  CATCH_CHECK((*env)->catalog().proxies.count("snip") == 1);
}

CATCH_TEST_CASE("a space is picked by name, and an ambiguous or missing one is refused with the names", "[run]") {
  auto env = run::Environment::resolve(quiet_settings());
  CATCH_REQUIRE(env);
  auto space = (*env)->load_space({test::spaces_dir() + "/nasbench201.zc", ""});
  CATCH_REQUIRE(space);
  CATCH_CHECK(space->name == "nasbench201");
  auto missing = (*env)->load_space({test::spaces_dir() + "/nasbench201.zc", "nasbench202"});
  CATCH_REQUIRE_FALSE(missing);
  CATCH_CHECK_THAT(missing.error().to_string(), Catch::Contains("did you mean 'nasbench201'"));
}
