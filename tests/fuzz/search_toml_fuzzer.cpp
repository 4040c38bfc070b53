// libFuzzer target: a search TOML (examples/search/*.toml); whatever does not parse must say why.
#include "fuzz_support.hpp"
#include "search/search_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zcnas;
  fuzz::require_explained(search::parse_search(fuzz::as_text(data, size), "fuzz.toml"));
  return 0;
}
