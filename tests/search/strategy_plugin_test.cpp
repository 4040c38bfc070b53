// Search strategies as plugins: the shipped random, evolution and exhaustive walk exactly the
// paths they walked when they lived in core (golden files written by zcnas 5993f41, before the
// move), and prune (TE-NAS's pruning) ends where the fitness says, journals its rounds and
// resumes without scoring a supernet twice. The prune cases rate supernets with a counting
// scorer, so every round is known by hand; the supernet networks are tested in tests/net.

#include <catch2/catch.hpp>

#include <fstream>
#include <limits>
#include <map>

#include "eval/score_import.hpp"
#include "search/search_loop.hpp"
#include "search/space_view.hpp"
#include "spec/space_ops.hpp"
#include "spec/supernet.hpp"
#include "support/shipped_plugins.hpp"
#include "support/test_env.hpp"
#include "dsl/support.hpp"

using namespace zcnas;

namespace {

const spec::SearchSpace& nb201() {
  static const spec::SearchSpace space = test::shipped_space("nasbench201");
  return space;
}

const SpaceView& nb201_view() {
  static const std::unique_ptr<SpaceView> view = search::make_space_view(nb201());
  return *view;
}

std::vector<std::string> golden(const std::string& name) {
  std::ifstream in(test::source_dir() + "/tests/search/golden/nb201_synflow_" + name + "_seed3.txt");
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

search::CostFn free_cost() {
  return [](const spec::Architecture&, const std::string&, bool) -> Expected<search::Cost> { return search::Cost{1, 1}; };
}

search::Fitness proxy_fitness(const std::string& proxy) {
  search::FitnessSpec f;
  f.name = proxy;
  return *search::Fitness::make(f, test::shipped_plugins(), {});
}

std::size_t count_of(const std::string& text, const std::string& op) {
  std::size_t n = 0;
  for (auto at = text.find(op); at != std::string::npos; at = text.find(op, at + 1)) ++n;
  return n;
}

// conv3 of an architecture: its 3x3 convolutions; of a supernet: the edges where a 3x3
// convolution is still alive. pool likewise with average pooling.
class CountingScorer final : public search::CandidateScorer {
 public:
  // The op names counted as conv3 and pool (DARTS: sep_conv_3x3, avg_pool_3x3).
  explicit CountingScorer(std::string conv = "nor_conv_3x3", std::string pool = "avg_pool_3x3")
      : conv_(std::move(conv)), pool_(std::move(pool)) {}
  const std::vector<std::string>& proxies() const override { return names_; }
  search::CandidateScores score(const spec::Architecture&, const std::string& arch) override {
    ++architectures;
    return {{static_cast<double>(count_of(arch, conv_)), static_cast<double>(count_of(arch, pool_))}, 0, ""};
  }
  search::CandidateScores score_supernet(const spec::SearchSpace&, const Supernet&, const std::string& key) override {
    ++supernets;
    if (fail_all) return {{}, 0, "deliberately failed"};
    return {{static_cast<double>(count_of(key, conv_)), static_cast<double>(count_of(key, pool_))}, 0, ""};
  }
  std::string protocol_json() const override { return "{}"; }
  int architectures = 0, supernets = 0;
  bool fail_all = false;

 private:
  std::string conv_, pool_;
  std::vector<std::string> names_{"conv3", "pool"};
};

struct PruneRun {
  search::Archive archive{{"conv3", "pool"}};
  Expected<search::SearchOutcome> outcome = Error(ErrorKind::internal, "not run");
  std::vector<search::ScoredSupernet> journal;
};

PruneRun prune_space(const spec::SearchSpace& space, const SpaceView& view, CountingScorer& scorer,
                     const std::string& fitness, std::int64_t evaluations, std::vector<search::ScoredSupernet> replay,
                     std::map<std::string, ParamValue> params) {
  auto strategy = test::shipped_plugins().make_strategy("prune", params, view);
  CATCH_REQUIRE(strategy);
  search::Fitness f = proxy_fitness(fitness);
  search::LoopOptions lo;
  lo.budget.evaluations = evaluations;
  search::SearchLoop loop(space, **strategy, scorer, free_cost(), f, lo);
  PruneRun r;
  r.journal = replay;
  loop.set_round_replay(std::move(replay));
  loop.on_supernet([&r](const search::ScoredSupernet& s) -> Expected<void> {
    bool seen = false;
    for (const auto& j : r.journal) seen = seen || j.key == s.key;
    if (!seen) r.journal.push_back(s);
    return {};
  });
  r.outcome = loop.run(r.archive, nullptr, nullptr);
  return r;
}

PruneRun prune(CountingScorer& scorer, const std::string& fitness, std::int64_t evaluations,
               std::vector<search::ScoredSupernet> replay = {}, std::map<std::string, ParamValue> params = {}) {
  return prune_space(nb201(), nb201_view(), scorer, fitness, evaluations, std::move(replay), std::move(params));
}

const std::string kAllConv3 =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|";

}  // namespace

CATCH_TEST_CASE("random, evolution and exhaustive as plugins walk the paths they walked in core", "[search][strategy]") {
  auto table = eval::read_score_files({test::data_dir() + "/nb201_zc/nb201_zc_proxies.csv"}, "", "net_str");
  CATCH_REQUIRE(table);
  for (const auto& [name, strategy, params] :
       std::vector<std::tuple<std::string, std::string, std::map<std::string, ParamValue>>>{
           {"random", "random", {}},
           {"evolution", "evolution", {}},
           {"crossover", "evolution", {{"crossover", 0.5}}},
           {"exhaustive", "exhaustive", {}}}) {
    CATCH_CAPTURE(name);
    const auto expected = golden(name);
    CATCH_REQUIRE(expected.size() == 200);
    auto scorer = search::make_table_scorer(nb201(), *table, {"synflow"});
    CATCH_REQUIRE(scorer);
    auto s = test::shipped_plugins().make_strategy(strategy, params, nb201_view());
    CATCH_REQUIRE(s);
    search::Fitness fitness = proxy_fitness("synflow");
    search::LoopOptions lo;
    lo.seed = 3;
    lo.budget.evaluations = 200;
    search::SearchLoop loop(nb201(), **s, **scorer, free_cost(), fitness, lo);
    search::Archive archive({"synflow"});
    auto out = loop.run(archive, nullptr, nullptr);
    CATCH_REQUIRE(out);
    std::vector<std::string> walked;
    for (const auto& c : archive.candidates()) walked.push_back(c.canonical);
    CATCH_CHECK(walked == expected);
  }
}

CATCH_TEST_CASE("prune drops none, then per edge the op whose removal rates best, until one op per edge",
                "[search][strategy][prune]") {
  // Fitness conv3: removing a 3x3 conv costs one, removing anything else nothing, and ties go
  // to the lower option: round 1 (24 supernets: 6 edges x 4 ops) prunes skip_connect, round 2
  // (18) nor_conv_1x1, round 3 (12) avg_pool_3x3; the one architecture left is all 3x3 convs.
  CountingScorer scorer;
  PruneRun r = prune(scorer, "conv3", 0);
  CATCH_REQUIRE(r.outcome);
  CATCH_CHECK(r.outcome->rounds == 3);
  CATCH_CHECK(r.outcome->supernets == 54);
  CATCH_CHECK(scorer.supernets == 54);
  CATCH_CHECK(r.archive.size() == 1);
  CATCH_CHECK(r.archive[0].canonical == kAllConv3);
  CATCH_CHECK(r.outcome->stop_reason == "the strategy has nothing left to propose");
  std::map<std::size_t, int> per_round;
  for (const auto& s : r.journal) ++per_round[s.round];
  CATCH_CHECK(per_round == std::map<std::size_t, int>{{1, 24}, {2, 18}, {3, 12}});

  // Fitness pool keeps pooling instead; with drop = "" none stays in the first round too (and
  // removing none never lowers pool, so it goes first).
  CountingScorer pools;
  PruneRun p = prune(pools, "pool", 0, {}, {{"drop", std::string("")}});
  CATCH_REQUIRE(p.outcome);
  CATCH_CHECK(p.outcome->supernets == 30 + 24 + 18 + 12);
  CATCH_CHECK(p.archive[0].canonical ==
              "|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|");

  // prune_number = 3 takes all of it in one round (4 ops, keep 1).
  CountingScorer fast;
  PruneRun f = prune(fast, "conv3", 0, {}, {{"prune_number", std::int64_t{3}}});
  CATCH_REQUIRE(f.outcome);
  CATCH_CHECK(f.outcome->rounds == 1);
  CATCH_CHECK(f.archive[0].canonical == kAllConv3);
}

CATCH_TEST_CASE("prune on DARTS: per input slot, states and ops together, until one of each is left",
                "[search][strategy][prune]") {
  // examples/search/darts_cifar10_prune.toml's schedule: prune_number 3, no 'none' to drop.
  // Round 1 rates every removal of one state or one op from one slot: per cell 2 x (2+3+4+5)
  // states + 8 slots x 7 ops = 84, so 168; it keeps 4 ops per slot and 1 state (node 3's slots:
  // 2 of 5). Round 2: per cell 8 x 4 ops + 2 x 2 states = 36, so 72; then one architecture.
  // Fitness conv3 (sep_conv_3x3 alive) keeps sep_conv_3x3 in every slot.
  const spec::SearchSpace darts = test::shipped_space("darts");
  const auto view = search::make_space_view(darts);
  CountingScorer scorer("sep_conv_3x3", "avg_pool_3x3");
  PruneRun r = prune_space(darts, *view, scorer, "conv3", 0, {}, {{"prune_number", std::int64_t{3}}, {"drop", std::string("")}});
  CATCH_REQUIRE(r.outcome);
  CATCH_CHECK(r.outcome->rounds == 2);
  std::map<std::size_t, int> per_round;
  for (const auto& s : r.journal) ++per_round[s.round];
  CATCH_CHECK(per_round == std::map<std::size_t, int>{{1, 168}, {2, 72}});
  CATCH_REQUIRE(r.archive.size() == 1);
  const std::string& found = r.archive[0].canonical;
  CATCH_CHECK(count_of(found, "=sep_conv_3x3") == 16);
  auto arch = spec::from_canonical(darts, found);
  CATCH_REQUIRE(arch);  // a valid genotype: the two slots of every node on distinct states
  CATCH_CHECK(spec::check(darts, *arch));
}

CATCH_TEST_CASE("a pruning search spends its budget on supernets and resumes from its journal", "[search][strategy][prune]") {
  CountingScorer first;
  PruneRun cut = prune(first, "conv3", 30);  // round 1 and 6 of round 2's 18
  CATCH_REQUIRE(cut.outcome);
  CATCH_CHECK(cut.archive.size() == 0);
  CATCH_CHECK(cut.outcome->supernets == 30);
  CATCH_CHECK(cut.outcome->stop_reason == "evaluation budget spent (30)");
  CATCH_REQUIRE(cut.journal.size() == 30);

  CountingScorer second;
  PruneRun resumed = prune(second, "conv3", 0, cut.journal);
  CATCH_REQUIRE(resumed.outcome);
  CATCH_CHECK(second.supernets == 54 - 30);  // nothing scored twice
  CATCH_CHECK(resumed.outcome->replayed == 30);
  CATCH_CHECK(resumed.archive[0].canonical == kAllConv3);
}

CATCH_TEST_CASE("prune refuses spaces without supernets and rounds nothing could score", "[search][strategy][prune]") {
  const auto nb101 = search::make_space_view(test::shipped_space("nasbench101"));
  auto refused = test::shipped_plugins().make_strategy("prune", {}, *nb101);
  CATCH_REQUIRE_FALSE(refused);
  CATCH_CHECK_THAT(refused.error().to_string(), Catch::Contains("graph cell"));
  auto zero = test::shipped_plugins().make_strategy("prune", {{"prune_number", std::int64_t{0}}}, nb201_view());
  CATCH_REQUIRE_FALSE(zero);
  CATCH_CHECK_THAT(zero.error().to_string(), Catch::Contains("prune_number >= 1"));

  CountingScorer broken;
  broken.fail_all = true;
  PruneRun r = prune(broken, "conv3", 0);
  CATCH_REQUIRE_FALSE(r.outcome);
  CATCH_CHECK_THAT(r.outcome.error().to_string(), Catch::Contains("round 1") && Catch::Contains("deliberately failed"));
}

CATCH_TEST_CASE("supernets of NAS-Bench-201: every option alive, validity, text", "[search][strategy][prune]") {
  auto full = spec::full_supernet(nb201());
  CATCH_REQUIRE(full);
  CATCH_CHECK(full->alive.size() == 6);
  CATCH_CHECK(full->alive[0] == std::vector<int>{0, 1, 2, 3, 4});
  CATCH_CHECK_FALSE(full->single());
  CATCH_CHECK(spec::can_complete(nb201(), *full));
  Supernet one = spec::supernet_of({3, 3, 3, 3, 3, 3});
  CATCH_CHECK(one.single());
  CATCH_CHECK(spec::to_text(nb201(), one.without(0, 3)).rfind("op(0,1)={} ", 0) == 0);
  CATCH_CHECK_FALSE(spec::can_complete(nb201(), one.without(0, 3)));
  CATCH_CHECK(spec::to_text(nb201(), full->without(1, 0)).find("op(0,2)={skip_connect,nor_conv_1x1,nor_conv_3x3,avg_pool_3x3}") !=
              std::string::npos);
}
