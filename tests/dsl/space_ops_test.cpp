#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "dsl/support.hpp"
#include "spec/space_ops.hpp"
#include "spec/space_settings.hpp"

using namespace zcnas;

namespace {
const char* kAllSpaces[] = {"nasbench201", "transnas_micro", "transnas_macro", "nasbench101",
                            "darts",       "autoformer_tiny", "autoformer_small", "autoformer_base"};
}

CATCH_TEST_CASE("decode(encode(x)) == x on thousands of samples of every space", "[dsl][ops]") {
  for (const char* name : kAllSpaces) {
    CATCH_CAPTURE(name);
    const spec::SearchSpace space = test::shipped_space(name);
    spec::Rng rng(42);
    int failures = 0;
    std::set<std::string> distinct;
    for (int i = 0; i < 2000; ++i) {
      const spec::Architecture a = spec::sample(space, rng);
      if (!spec::check(space, a)) ++failures;
      const std::string text = spec::to_canonical(space, a);
      distinct.insert(text);
      auto back = spec::from_canonical(space, text);
      if (!back || *back != a) {
        ++failures;
        CATCH_CAPTURE(text);
        CATCH_CHECK(back);
      }
    }
    CATCH_CHECK(failures == 0);
    CATCH_CHECK(distinct.size() > 1000);  // the sampler explores, it does not repeat itself
  }
}

CATCH_TEST_CASE("mutation and crossover give valid architectures that differ from their parents", "[dsl][ops]") {
  for (const char* name : kAllSpaces) {
    CATCH_CAPTURE(name);
    const spec::SearchSpace space = test::shipped_space(name);
    spec::Rng rng(7);
    int invalid = 0, unchanged = 0;
    for (int i = 0; i < 300; ++i) {
      const spec::Architecture a = spec::sample(space, rng), b = spec::sample(space, rng);
      const spec::Architecture m = spec::mutate(space, a, rng);
      const spec::Architecture c = spec::crossover(space, a, b, rng);
      invalid += !spec::check(space, m) + !spec::check(space, c);
      unchanged += m == a;
      // A child's decisions come from its parents, or are fresh draws for layers neither had.
      for (std::size_t d = 0; d < c.size(); ++d) {
        if (space.decisions[d].count_decision < 0 && space.cells.empty() && c[d] != a[d] && c[d] != b[d]) ++invalid;
      }
    }
    CATCH_CHECK(invalid == 0);
    CATCH_CHECK(unchanged == 0);
  }
}

CATCH_TEST_CASE("a NAS-Bench-201 mutation changes exactly one edge", "[dsl][ops]") {
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  spec::Rng rng(3);
  for (int i = 0; i < 200; ++i) {
    const spec::Architecture a = spec::sample(space, rng);
    const spec::Architecture m = spec::mutate(space, a, rng);
    int changed = 0;
    for (std::size_t d = 0; d < a.size(); ++d) changed += a[d] != m[d];
    CATCH_CHECK(changed == 1);
  }
}

CATCH_TEST_CASE("NAS-Bench-101 samples respect the node and edge limits", "[dsl][ops]") {
  const spec::SearchSpace space = test::shipped_space("nasbench101");
  const spec::Cell& cell = space.cells.at(0);
  CATCH_REQUIRE(cell.nodes == 7);
  CATCH_REQUIRE(cell.max_edges == 9);
  spec::Rng rng(1);
  int max_edges_seen = 0;
  for (int i = 0; i < 3000; ++i) {
    const spec::Architecture a = spec::sample(space, rng);
    int edges = 0;
    for (int e = 0; e < 21; ++e) edges += a[cell.first_decision + e];
    max_edges_seen = std::max(max_edges_seen, edges);
    CATCH_CHECK(edges <= 9);
    // Input (row 0) has an out-edge and output (column 6) an in-edge.
    int from_input = 0, into_output = 0;
    for (int j = 1; j < 7; ++j) from_input += a[cell.first_decision + (j - 1)];
    for (int i2 = 0; i2 < 6; ++i2) into_output += a[cell.first_decision + i2 * 7 - i2 * (i2 + 1) / 2 + (6 - i2 - 1)];
    CATCH_CHECK(from_input > 0);
    CATCH_CHECK(into_output > 0);
  }
  CATCH_CHECK(max_edges_seen == 9);
  // A 10-edge graph is rejected with the reason.
  auto too_many = spec::from_canonical(
      space, "op.edges=111110000010001001011;op(1)=maxpool3x3;op(2)=maxpool3x3;op(3)=maxpool3x3;op(4)=maxpool3x3;op(5)=maxpool3x3");
  CATCH_REQUIRE_FALSE(too_many);
  CATCH_CHECK(too_many.error().to_string().find("10 edges, at most 9") != std::string::npos);
}

CATCH_TEST_CASE("AutoFormer per-layer choices follow the sampled depth", "[dsl][ops]") {
  const spec::SearchSpace space = test::shipped_space("autoformer_small");
  const int depth = space.decision_index("depth");
  spec::Rng rng(11);
  std::set<std::int64_t> depths;
  for (int i = 0; i < 500; ++i) {
    const spec::Architecture a = spec::sample(space, rng);
    const std::int64_t d = space.decisions[depth].options[a[depth]].as_integer();
    depths.insert(d);
    const std::string text = spec::to_canonical(space, a);
    std::size_t mlp = 0, heads = 0;
    for (std::size_t p = text.find("mlp_ratio["); p != std::string::npos; p = text.find("mlp_ratio[", p + 1)) ++mlp;
    for (std::size_t p = text.find("num_heads["); p != std::string::npos; p = text.find("num_heads[", p + 1)) ++heads;
    CATCH_CHECK(static_cast<std::int64_t>(mlp) == d);
    CATCH_CHECK(static_cast<std::int64_t>(heads) == d);
    for (std::size_t k = 0; k < a.size(); ++k)
      if (!spec::is_active(space, a, static_cast<int>(k))) CATCH_CHECK(a[k] == 0);
  }
  CATCH_CHECK(depths == std::set<std::int64_t>{12, 13, 14});
  auto missing_layer = spec::from_canonical(space, "embed_dim=320;depth=12");
  CATCH_REQUIRE_FALSE(missing_layer);
  CATCH_CHECK(missing_layer.error().to_string().find("'mlp_ratio[0]' is missing") != std::string::npos);
}

CATCH_TEST_CASE("sampling is reproducible from the seed, and hashes are stable", "[dsl][ops]") {
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  spec::Rng a(2024), b(2024), c(2025);
  const auto x = spec::sample(space, a), y = spec::sample(space, b), z = spec::sample(space, c);
  CATCH_CHECK(x == y);
  CATCH_CHECK(spec::to_canonical(space, x) != spec::to_canonical(space, z));
  // Pinned: a change here breaks every stored result keyed by this hash.
  auto best = spec::from_canonical(
      space, "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");
  CATCH_REQUIRE(best);
  CATCH_CHECK(spec::stable_hash(space, *best) == 0xed1e1fb6681fe28full);  // FNV-1a 64, computed independently
  CATCH_CHECK(spec::stable_hash(space, *best) != spec::stable_hash(space, x));
  // SplitMix64's published first output for seed 0.
  spec::Rng zero(0);
  CATCH_CHECK(zero.next() == 0xE220A8397B1DCDAFull);
}

CATCH_TEST_CASE("canonical strings that are not in the space are refused with the reason", "[dsl][ops]") {
  const spec::SearchSpace nb201 = test::shipped_space("nasbench201");
  auto [text, want] = GENERATE(table<std::string, std::string>({
      {"|conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|", "'conv_5x5' is not an option of 'op(0,1)'"},
      {"|none~0|+|none~0|none~1|+|none~0|none~1|", "expected '~2|'"},
      {"|none~0|+|none~0|none~1|+|none~0|none~1|none~2|x", "unexpected text after character"},
      {"", "expected '|' at character 1"},
  }));
  CATCH_CAPTURE(text);
  auto parsed = spec::from_canonical(nb201, text);
  CATCH_REQUIRE_FALSE(parsed);
  CATCH_CHECK(parsed.error().to_string().find(want) != std::string::npos);
  CATCH_CHECK(parsed.error().to_string().find("is not an architecture of space 'nasbench201'") != std::string::npos);
}

// NAS-Bench-Suite-Zero stores some NB101 cells unpruned. from_canonical refuses them (one spelling
// per network), canonical_spelling prunes them as NAS-Bench-101 does: node 5 has no way out, so its
// four edges go, then node 3, whose only edge led to 5; dead nodes take the first op.
CATCH_TEST_CASE("an unpruned NB101 cell is refused as canonical and pruned by canonical_spelling", "[dsl][ops]") {
  const spec::SearchSpace nb101 = test::shipped_space("nasbench101");
  const std::string unpruned =
      "op.edges=110010011110001010110;op(1)=conv3x3-bn-relu;op(2)=maxpool3x3;op(3)=conv1x1-bn-relu;"
      "op(4)=conv1x1-bn-relu;op(5)=maxpool3x3";
  auto strict = spec::from_canonical(nb101, unpruned);
  CATCH_REQUIRE_FALSE(strict);
  CATCH_CHECK(strict.error().message().find("edge 0->5 is not on an input-output path") != std::string::npos);
  CATCH_REQUIRE(spec::parse_architecture(nb101, unpruned));
  auto spelled = spec::canonical_spelling(nb101, unpruned);
  CATCH_REQUIRE(spelled);
  const std::string pruned =
      "op.edges=110000001010001000010;op(1)=conv3x3-bn-relu;op(2)=maxpool3x3;op(3)=conv3x3-bn-relu;"
      "op(4)=conv1x1-bn-relu;op(5)=conv3x3-bn-relu";
  CATCH_CHECK(*spelled == pruned);
  CATCH_CHECK(spec::canonical_text(nb101, unpruned) == pruned);
  auto again = spec::canonical_spelling(nb101, pruned);  // canonical stays as it is
  CATCH_REQUIRE(again);
  CATCH_CHECK(*again == pruned);
  // Not an architecture at all: the reason, whatever the spelling.
  auto bad = spec::canonical_spelling(nb101, "op.edges=1;op(1)=conv3x3-bn-relu");
  CATCH_REQUIRE_FALSE(bad);
  CATCH_CHECK(bad.error().to_string().find("is not an architecture of space 'nasbench101'") != std::string::npos);
}

CATCH_TEST_CASE("a space's settings can be changed for a variant network, and mistakes are named", "[dsl][ops]") {
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  auto thin = spec::with_settings(space, {{"stem", {1}}, {"stages", {1, 2}}, {"input", {1, 3, 3}}});
  CATCH_REQUIRE(thin);
  CATCH_CHECK(thin->settings.at("stem").as_integer() == 1);
  CATCH_CHECK(thin->settings.at("stages").as_list().size() == 2);
  CATCH_CHECK(space.settings.at("stem").as_integer() == 16);  // the original is untouched
  auto typo = spec::with_settings(space, {{"stmes", {1}}});
  CATCH_REQUIRE_FALSE(typo);
  CATCH_CHECK_THAT(typo.error().to_string(), Catch::Contains("no setting 'stmes'") && Catch::Contains("stages"));
  auto two = spec::with_settings(space, {{"stem", {1, 2}}});
  CATCH_REQUIRE_FALSE(two);
  CATCH_CHECK_THAT(two.error().to_string(), Catch::Contains("is a number"));
}
