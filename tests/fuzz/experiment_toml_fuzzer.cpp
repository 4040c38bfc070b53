// libFuzzer target: an experiment TOML (examples/libra_suite/*.toml, `zcnas evaluate`).
#include "eval/experiment.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zcnas;
  fuzz::require_explained(eval::parse_experiment(fuzz::as_text(data, size), "fuzz.toml"));
  return 0;
}
