// The gpu test group's runner: the unit tests' objects, run with the test device set to
// cuda (tests/support/test_env.hpp), unless ZCNAS_TEST_DEVICE already names one (cuda:1).
#define CATCH_CONFIG_RUNNER
#define CATCH_CONFIG_PREFIX_ALL
#include <catch2/catch.hpp>

#include <cstdlib>

int main(int argc, char** argv) {
  setenv("ZCNAS_TEST_DEVICE", "cuda", /*overwrite=*/0);
  return Catch::Session().run(argc, argv);
}
