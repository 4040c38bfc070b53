#pragma once
// The shipped proxy and combiner plugins, loaded once per test process from the build tree.

#include <catch2/catch.hpp>

#include "plugin/plugin_host.hpp"
#include "support/test_env.hpp"

namespace zcnas::test {

inline plugin::PluginHost& shipped_plugins() {
  static plugin::PluginHost host;
  static bool loaded = false;
  if (!loaded) {
    CATCH_REQUIRE(host.load_directory(plugin_dir()).empty());
    loaded = true;
  }
  return host;
}

}  // namespace zcnas::test
