// libFuzzer target for the DSL front end. Beyond "does not crash" it checks properties of
// every input that parses: each space's size is computable, and sampled architectures
// survive the canonical-string round trip and their own validity check. Network bodies are
// bound (shapes inferred) against a small torch-free op catalogue shaped like the standard ops,
// and every sampled architecture of a space that parsed must bind or explain why not.

#include <cstdint>
#include <cstdlib>
#include <string>

#include "dsl/parser.hpp"
#include "spec/network_binder.hpp"
#include "spec/space_ops.hpp"

namespace {
using namespace zcnas;

ParamSpec integer(std::string name, std::int64_t v) { return {std::move(name), ParamType::integer, v, ""}; }

Expected<Shape> same(const OpCall& c) { return c.input; }

// conv, bn, relu, global_pool, linear and three cell ops, with the standard ops' shape rules.
std::map<std::string, OpSignature> fuzz_ops() {
  std::map<std::string, OpSignature> ops;
  auto add = [&](OpSignature s) { ops[s.name] = std::move(s); };
  OpSignature conv{"conv", "1", "conv", {integer("out", 0), integer("k", 3), integer("stride", 1), integer("groups", 1)}, 1, {}};
  conv.infer = [](const OpCall& c) -> Expected<Shape> {
    if (c.input.size() != 3) return Error(ErrorKind::invalid_argument, "expects an image");
    const auto out = c.args.integer("out"), k = c.args.integer("k"), s = c.args.integer("stride"), g = c.args.integer("groups");
    if (out <= 0 || k <= 0 || s <= 0 || g <= 0 || c.input[0] % g || out % g) return Error(ErrorKind::invalid_argument, "bad conv");
    if (c.input[1] + 2 * (k / 2) < k || c.input[2] + 2 * (k / 2) < k) return Error(ErrorKind::invalid_argument, "too small");
    return Shape{out, (c.input[1] + 2 * (k / 2) - k) / s + 1, (c.input[2] + 2 * (k / 2) - k) / s + 1};
  };
  add(conv);
  for (const char* name : {"bn", "relu"}) add(OpSignature{name, "1", name, {}, 0, same});
  add(OpSignature{"global_pool", "1", "pool", {}, 0, [](const OpCall& c) -> Expected<Shape> {
                    if (c.input.size() != 3) return Error(ErrorKind::invalid_argument, "expects an image");
                    return Shape{c.input[0]};
                  }});
  add(OpSignature{"linear", "1", "linear", {integer("out", 0)}, 1, [](const OpCall& c) -> Expected<Shape> {
                    if (c.input.size() != 1 || c.args.integer("out") <= 0) return Error(ErrorKind::invalid_argument, "bad");
                    return Shape{c.args.integer("out")};
                  }});
  for (const char* name : {"none", "skip_connect", "nor_conv_3x3"}) add(OpSignature{name, "1", name, {}, 0, same, true});
  return ops;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zcnas;
  static const dsl::PluginCatalog catalog = [] {
    dsl::PluginCatalog c;
    c.proxies["lswag"] = {{"window", ParamType::real_list, std::vector<double>{3, 8}, ""},
                          {"batches", ParamType::integer, std::int64_t{2}, ""}};
    c.proxies["synflow"] = {};
    c.ops = fuzz_ops();
    return c;
  }();
  static const spec::OpCatalog ops = spec::op_catalog_over(catalog.ops);
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
      if (space.network) {
        auto bound = spec::bind_network(space, a, ops);
        if (!bound && bound.error().to_string().empty()) std::abort();
      }
    }
  }
  return 0;
}
