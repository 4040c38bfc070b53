// Supernet networks (TE-NAS's pruning): a supernet with one op per edge has the architecture's
// layers; several ops on an edge each get their own layers (named after the op) and are
// averaged; an op's weights are the same in every supernet it is alive in. NAS-Bench-201
// (written in the DSL), TransNAS micro and DARTS (input slots) have them; the others refuse.

#include <catch2/catch.hpp>
#include <torch/torch.h>

#include "dsl/support.hpp"
#include "net/families/build_network.hpp"
#include "spec/space_ops.hpp"
#include "spec/supernet.hpp"
#include "support/shipped_plugins.hpp"

using namespace zcnas;

namespace {

Supernet everywhere(std::vector<int> ops, std::size_t decisions = 6) {
  Supernet s;
  s.alive.assign(decisions, std::move(ops));
  return s;
}

// On a 6-edge cell space whose ops are none, skip_connect, nor_conv_1x1, nor_conv_3x3 (NB201,
// TransNAS micro): the supernet with {1x1, 3x3} on every edge has all-3x3's parameters plus
// all-1x1's minus all-none's (the rest of the network), and a layer whose name holds `named`.
void check_conv_supernet_adds_up(const spec::SearchSpace& space, const std::string& named) {
  auto both = net::build_supernet(space, everywhere({2, 3}), 0);
  auto conv3 = net::build_network(space, {3, 3, 3, 3, 3, 3}, 0);
  auto conv1 = net::build_network(space, {2, 2, 2, 2, 2, 2}, 0);
  auto none = net::build_network(space, {0, 0, 0, 0, 0, 0}, 0);
  CATCH_REQUIRE(both);
  CATCH_REQUIRE(conv3);
  CATCH_REQUIRE(conv1);
  CATCH_REQUIRE(none);
  CATCH_CHECK(both->parameter_count() ==
              conv3->parameter_count() + conv1->parameter_count() - none->parameter_count());
  bool found = false;
  for (const auto& l : both->layers()) found = found || l.name.find(named) != std::string::npos;
  CATCH_CHECK(found);
}

}  // namespace

CATCH_TEST_CASE("a single-path supernet has its architecture's layers, and an op keeps its weights in every supernet",
                "[net][supernet]") {
  test::shipped_plugins();
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  const spec::Architecture arch = {3, 1, 2, 4, 3, 0};
  auto a = net::build_network(space, arch, 7);
  auto s = net::build_supernet(space, spec::supernet_of(arch), 7);
  CATCH_REQUIRE(a);
  CATCH_REQUIRE(s);
  CATCH_CHECK(a->parameter_count() == s->parameter_count());
  CATCH_REQUIRE(a->layers().size() == s->layers().size());
  for (std::size_t k = 0; k < a->layers().size(); ++k) CATCH_CHECK(a->layers()[k].name == s->layers()[k].name);

  // Each module draws from the seed and its name (TE-NAS copies the unpruned supernet's
  // weights into the pruned ones): removing an op elsewhere changes no other weight, and an
  // op that became its edge's last keeps its weights.
  auto full = spec::full_supernet(space);
  CATCH_REQUIRE(full);
  auto whole = net::build_supernet(space, *full, 7);
  auto pruned = net::build_supernet(space, full->without(1, 2), 7);
  auto other_seed = net::build_supernet(space, *full, 8);
  CATCH_REQUIRE(whole);
  CATCH_REQUIRE(pruned);
  CATCH_REQUIRE(other_seed);
  auto param = [](const Network& net, const std::string& name) {
    for (const auto& p : net.module().named_parameters())
      if (p.key() == name) return p.value();
    throw std::runtime_error("no parameter " + name);
  };
  for (const std::string name : {"stage0_cell0.edge_0_1.nor_conv_3x3.conv.weight", "stage2_cell0.edge_2_3.nor_conv_1x1.conv.weight",
                                 "stem_conv.weight", "classifier.weight"}) {
    CATCH_CAPTURE(name);
    CATCH_CHECK(torch::equal(param(*whole, name), param(*pruned, name)));
    CATCH_CHECK_FALSE(torch::equal(param(*whole, name), param(*other_seed, name)));
  }
  CATCH_CHECK(torch::equal(param(*whole, "stage1_cell0.edge_0_1.nor_conv_3x3.conv.weight"),
                           param(*s, "stage1_cell0.edge_0_1.op.conv.weight")));
}

CATCH_TEST_CASE("a supernet edge holds every alive op under its name and averages them", "[net][supernet]") {
  test::shipped_plugins();
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  check_conv_supernet_adds_up(space, "stage0_cell0.edge_0_1.nor_conv_3x3.conv");

  // {none, skip_connect} on every edge halves what each edge carries: node 1 = x/2, node 2 =
  // x/2 + (x/2)/2 = 3x/4, node 3 = x/2 + x/4 + 3x/8 = 9x/8; all-skip gives x, 2x and 4x.
  // A network of one such cell and a global pool (linear too) shows it.
  const std::string text =
      "space one {\n  input = [2, 4, 4];\n  classes = 2;\n"
      "  cell dag(nodes = 4) {\n    edge (i -> j) for i < j : op in { none, skip_connect };\n  }\n"
      "  network {\n    cell global_pool;\n  }\n}\n";
  static const dsl::PluginCatalog catalog = test::shipped_plugins().catalog();
  dsl::ParseOptions options;
  options.catalog = &catalog;
  auto program = dsl::parse_text(text, "one.zc", options);
  if (!program) CATCH_FAIL(program.error().to_string());
  const spec::SearchSpace& one = program->spaces.at(0);
  auto mixed = net::build_supernet(one, everywhere({0, 1}), 0);
  auto skip = net::build_network(one, {1, 1, 1, 1, 1, 1}, 0);
  CATCH_REQUIRE(mixed);
  CATCH_REQUIRE(skip);
  const at::Tensor x = torch::randn({1, 2, 4, 4});
  torch::NoGradGuard no_grad;
  const at::Tensor pooled = x.mean({2, 3});
  CATCH_CHECK(torch::allclose(mixed->forward(x), 1.125 * pooled));
  CATCH_CHECK(torch::allclose(skip->forward(x), 4 * pooled));
}

CATCH_TEST_CASE("TransNAS micro supernets: single paths have the architecture's layers, parameters add up", "[net][supernet]") {
  test::shipped_plugins();
  const spec::SearchSpace micro = test::shipped_space("transnas_micro");
  const spec::Architecture arch = {3, 1, 2, 0, 3, 2};
  auto a = net::build_network(micro, arch, 5);
  auto s = net::build_supernet(micro, spec::supernet_of(arch), 5);
  CATCH_REQUIRE(a);
  CATCH_REQUIRE(s);
  CATCH_REQUIRE(a->layers().size() == s->layers().size());
  for (std::size_t k = 0; k < a->layers().size(); ++k) CATCH_CHECK(a->layers()[k].name == s->layers()[k].name);
  CATCH_CHECK(a->parameter_count() == s->parameter_count());
  check_conv_supernet_adds_up(micro, "edge_0_1.nor_conv_1x1.op");
}

CATCH_TEST_CASE("DARTS slot supernets: single paths have the architecture's layers, every (state, op) pair its own",
                "[net][supernet]") {
  test::shipped_plugins();
  const spec::SearchSpace darts = test::shipped_space("darts");
  spec::Rng rng(3);
  const spec::Architecture arch = spec::sample(darts, rng);
  auto a = net::build_network(darts, arch, 1);
  auto s = net::build_supernet(darts, spec::supernet_of(arch), 1);
  CATCH_REQUIRE(a);
  CATCH_REQUIRE(s);
  CATCH_CHECK(a->parameter_count() == s->parameter_count());
  CATCH_REQUIRE(a->layers().size() == s->layers().size());
  for (std::size_t k = 0; k < a->layers().size(); ++k) CATCH_CHECK(a->layers()[k].name == s->layers()[k].name);
  // Node 0's first slot with both cell inputs and {max_pool_3x3, sep_conv_3x3}: a module per
  // (state, op) pair, four.
  const spec::Cell* normal = darts.cell("normal");
  const auto in0 = static_cast<std::size_t>(normal->first_decision), op0 = in0 + 1;
  Supernet wide = spec::supernet_of(arch);
  wide.alive[in0] = {0, 1};
  wide.alive[op0] = {0, 3};  // max_pool_3x3, sep_conv_3x3
  Supernet pool_only = spec::supernet_of(arch);
  pool_only.alive[op0] = {0};
  Supernet sep_only = spec::supernet_of(arch);
  sep_only.alive[op0] = {3};
  auto w = net::build_supernet(darts, wide, 1);
  auto p = net::build_supernet(darts, pool_only, 1);
  auto q = net::build_supernet(darts, sep_only, 1);
  CATCH_REQUIRE(w);
  CATCH_REQUIRE(p);
  CATCH_REQUIRE(q);
  // Pools have no parameters, so in every normal cell the wide slot holds two sep convs' worth.
  CATCH_CHECK(w->parameter_count() - p->parameter_count() == 2 * (q->parameter_count() - p->parameter_count()));
  bool named = false;
  for (const auto& l : w->layers()) named = named || l.name.find("node0_op0.in1_sep_conv_3x3") != std::string::npos;
  CATCH_CHECK(named);
  const at::Tensor x = torch::randn({2, 3, 32, 32});
  torch::NoGradGuard no_grad;
  CATCH_CHECK(w->forward(x).sizes() == at::IntArrayRef({2, 10}));
}

CATCH_TEST_CASE("supernets of graph cells and of choices that are no cell edge are refused by name", "[net][supernet]") {
  test::shipped_plugins();
  const spec::SearchSpace nb101 = test::shipped_space("nasbench101");
  CATCH_CHECK_FALSE(spec::full_supernet(nb101));
  auto macro = spec::full_supernet(test::shipped_space("transnas_macro"));
  CATCH_REQUIRE_FALSE(macro);
  CATCH_CHECK_THAT(macro.error().to_string(), Catch::Contains("no edge or input slot of a cell"));
  // A supernet of NAS-Bench-101's decisions, built anyway, is refused by its family's name.
  Supernet every;
  for (const auto& d : nb101.decisions) {
    every.alive.emplace_back();
    for (std::size_t o = 0; o < d.options.size(); ++o) every.alive.back().push_back(static_cast<int>(o));
  }
  auto refused = net::build_supernet(nb101, every, 0);
  CATCH_REQUIRE_FALSE(refused);
  CATCH_CHECK_THAT(refused.error().to_string(), Catch::Contains("'nasbench101'") && Catch::Contains("no supernet yet"));
}
