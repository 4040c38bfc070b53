// libFuzzer target: a run TOML (`zcnas score`'s configuration: proxies, dataset, runtime).
#include "config/run_config.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zcnas;
  fuzz::require_explained(config::parse_run_config(fuzz::as_text(data, size), "fuzz.toml"));
  return 0;
}
