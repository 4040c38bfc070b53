#include <catch2/catch.hpp>

#include "plugin/plugin_host.hpp"
#include "support/test_env.hpp"
#include "zcnas/version.hpp"

using namespace zcnas;
using plugin::PluginHost;

namespace {
// Loading `file` must fail with a message that names it and contains `want`.
void check_refused(const std::string& file, const std::string& want) {
  PluginHost host;
  auto loaded = host.load_file(file);
  CATCH_CAPTURE(file);
  CATCH_REQUIRE_FALSE(loaded);
  const std::string text = loaded.error().to_string();
  CATCH_CAPTURE(text);
  CATCH_CHECK(loaded.error().kind() == ErrorKind::plugin);
  CATCH_CHECK(text.find("plugin '" + file + "'") == 0);
  CATCH_CHECK(text.find(want) != std::string::npos);
  CATCH_CHECK(host.plugins().empty());
}
}  // namespace

CATCH_TEST_CASE("a good plugin loads with its metadata and build stamps", "[plugin]") {
  PluginHost host;
  auto loaded = host.load_file(test::fixture("good_proxy"));
  CATCH_REQUIRE(loaded);
  CATCH_CHECK(*loaded == std::vector<std::string>{"fixture_good"});
  const auto* p = host.find("fixture_good");
  CATCH_REQUIRE(p != nullptr);
  CATCH_CHECK(p->metadata.kind == PluginKind::proxy);
  CATCH_CHECK(p->metadata.version == "0.0.1");
  CATCH_CHECK(p->stamp.abi_version == ZCNAS_PLUGIN_ABI_VERSION);
  CATCH_CHECK(p->stamp.torch_version == plugin::host_stamp().torch_version);
  // Loading the same file again is not a duplicate.
  auto again = host.load_file(test::fixture("good_proxy"));
  CATCH_REQUIRE(again);
  CATCH_CHECK(again->empty());
  CATCH_CHECK(host.plugins().size() == 1);
}

CATCH_TEST_CASE("instances get bound parameters and bad ones are refused by name", "[plugin]") {
  PluginHost host;
  CATCH_REQUIRE(host.load_file(test::fixture("good_proxy")));
  auto proxy = host.make_proxy("fixture_good", {{"offset", std::int64_t{1}}});
  CATCH_REQUIRE(proxy);
  auto unknown = host.make_proxy("fixture_goood", {});
  CATCH_REQUIRE_FALSE(unknown);
  CATCH_CHECK(unknown.error().to_string() ==
              "no proxy plugin named 'fixture_goood' (did you mean 'fixture_good'?); loaded: fixture_good");
  auto bad_param = host.make_proxy("fixture_good", {{"ofset", 1.0}});
  CATCH_REQUIRE_FALSE(bad_param);
  CATCH_CHECK(bad_param.error().to_string().find("did you mean 'offset'?") != std::string::npos);
  auto wrong_kind = host.make_combiner("fixture_good", {});
  CATCH_REQUIRE_FALSE(wrong_kind);
  CATCH_CHECK(wrong_kind.error().to_string() == "plugin 'fixture_good' is a proxy, not a combiner");
}

CATCH_TEST_CASE("combiner plugins load and run", "[plugin]") {
  PluginHost host;
  CATCH_REQUIRE(host.load_file(test::fixture("mean", "combiner")));
  auto combiner = host.make_combiner("fixture_mean", {});
  CATCH_REQUIRE(combiner);
  ScoreTable table{{"a", "b"}, {"p", "q"}, {{1.0, 2.0}, {3.0, 6.0}}, {}};
  CATCH_REQUIRE((*combiner)->fit(table, {0.1, 0.2}));
  auto scores = (*combiner)->score(table);
  CATCH_REQUIRE(scores);
  CATCH_CHECK(*scores == std::vector<double>{2.0, 4.0});
}

CATCH_TEST_CASE("the host refuses broken plugins with the file and the reason", "[plugin]") {
  check_refused(test::fixture("wrong_abi"),
                "built for plugin ABI version 999; this zcnas supports version " +
                    std::to_string(ZCNAS_PLUGIN_ABI_VERSION));
  check_refused(test::fixture("wrong_stamps"), "built for zcnas SDK 0.0.7 / LibTorch 2.3.1 / clang 17");
  check_refused(test::fixture("wrong_stamps"), "this zcnas is zcnas SDK " ZCNAS_SDK_VERSION " / LibTorch " +
                                                   plugin::host_stamp().torch_version);
  check_refused(test::fixture("no_entry_point"), "not a zcnas plugin: no entry point 'zcnas_plugin'");
  check_refused(test::fixture("not_a_library"), "cannot be loaded: ");
  check_refused(test::fixture("null_register"), "has no register function");
  check_refused(test::fixture("throwing_register"), "its register function threw: fixture refuses to register");
  check_refused(test::fixture("registers_nothing"), "registered nothing");
  check_refused(test::fixture("bad_metadata"), "parameter 'window' is declared int but its default \"three\" is string");
  check_refused(test::fixture_dir() + "/zcnas_proxy_missing.so", "no such file");
}

CATCH_TEST_CASE("a second plugin of the same name is refused, naming both files", "[plugin]") {
  PluginHost host;
  CATCH_REQUIRE(host.load_file(test::fixture("good_proxy")));
  auto dup = host.load_file(test::fixture("duplicate_name"));
  CATCH_REQUIRE_FALSE(dup);
  CATCH_CHECK(dup.error().to_string() == "plugin '" + test::fixture("duplicate_name") +
                                             "': duplicate plugin name 'fixture_good': already loaded from '" +
                                             test::fixture("good_proxy") + "'");
  CATCH_CHECK(host.find("fixture_good")->metadata.version == "0.0.1");
}

CATCH_TEST_CASE("a directory loads what it can and reports every refusal", "[plugin]") {
  PluginHost host;
  auto refusals = host.load_directory(test::fixture_dir());
  // duplicate_name sorts before good_proxy, so good_proxy is the one refused as a duplicate.
  std::vector<std::string> refused;
  for (const auto& r : refusals) refused.push_back(r.to_string());
  CATCH_CAPTURE(refused);
  CATCH_CHECK(refusals.size() == 9);
  CATCH_CHECK(host.find("fixture_good") != nullptr);
  CATCH_CHECK(host.find("fixture_faulty") != nullptr);
  CATCH_CHECK(host.find("fixture_mean") != nullptr);
  CATCH_CHECK(host.plugins().size() == 3);
  // A directory that does not exist is quietly empty.
  CATCH_CHECK(host.load_directory(test::fixture_dir() + "/nowhere").empty());
}

CATCH_TEST_CASE("only zcnas_*.so files are plugin candidates", "[plugin]") {
  CATCH_CHECK(plugin::is_plugin_file_name("zcnas_proxy_snip.so"));
  CATCH_CHECK_FALSE(plugin::is_plugin_file_name("libtorch.so"));
  CATCH_CHECK_FALSE(plugin::is_plugin_file_name("zcnas_proxy_snip.so.txt"));
}

CATCH_TEST_CASE("a proxy's needs are what it states plus what its shared pass implies", "[plugin]") {
  plugin::PluginHost host;
  CATCH_REQUIRE(host.load_directory(test::plugin_dir()).empty());
  auto needs = [&](const char* name) {
    const PluginMetadata* m = host.metadata(name);
    CATCH_REQUIRE(m != nullptr);
    return effective_needs(*m);
  };
  // snip states nothing: its cross-entropy backward pass needs labels and gradients.
  CATCH_CHECK(host.metadata("snip")->needs.labels == false);
  CATCH_CHECK(needs("snip").labels);
  CATCH_CHECK(needs("snip").gradients);
  // jacov differentiates the output sum: gradients, no labels.
  CATCH_CHECK(needs("jacov").gradients);
  CATCH_CHECK_FALSE(needs("jacov").labels);
  // epe_nas groups by class beyond its output-sum pass: labels stated, gradients derived.
  CATCH_CHECK(needs("epe_nas").labels);
  CATCH_CHECK(needs("epe_nas").gradients);
  // nwot reads a forward pass only; synflow runs its own backward passes and says so.
  CATCH_CHECK_FALSE(needs("nwot").labels);
  CATCH_CHECK_FALSE(needs("nwot").gradients);
  CATCH_CHECK(needs("synflow").gradients);
  CATCH_CHECK(needs("zico").min_batches == 2);
}
