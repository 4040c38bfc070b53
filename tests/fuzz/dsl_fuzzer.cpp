// libFuzzer target for the DSL front end. Beyond "does not crash" it checks properties of
// every input that parses: each space's size is computable, and sampled architectures
// survive the canonical-string round trip and their own validity check.

#include <cstdint>
#include <cstdlib>
#include <string>

#include "dsl/parser.hpp"
#include "spec/space_ops.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zcnas;
  static const dsl::PluginCatalog catalog = [] {
    dsl::PluginCatalog c;
    c.proxies["lswag"] = {{"window", ParamType::real_list, std::vector<double>{3, 8}, ""},
                          {"batches", ParamType::integer, std::int64_t{2}, ""}};
    c.proxies["synflow"] = {};
    return c;
  }();
  dsl::ParseOptions options;
  options.catalog = &catalog;
  auto program = dsl::parse_text(std::string(reinterpret_cast<const char*>(data), size), "fuzz.zc", options);
  if (!program) {
    if (program.error().to_string().empty()) std::abort();  // every failure explains itself
    return 0;
  }
  for (const auto& space : program->spaces) {
    (void)spec::size(space);
    spec::Rng rng(size);
    for (int i = 0; i < 3; ++i) {
      const spec::Architecture a = spec::sample(space, rng);
      if (!spec::check(space, a)) std::abort();
      auto back = spec::from_canonical(space, spec::to_canonical(space, a));
      if (!back || *back != a) std::abort();
      const spec::Architecture m = spec::mutate(space, a, rng);
      if (!spec::check(space, m)) std::abort();
    }
  }
  return 0;
}
