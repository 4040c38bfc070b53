// The search loop, its strategies, bounds, fitness and resume, on NAS-Bench-201 with an
// objective whose optimum is known (a scorer that counts ops), so every claim is exact.
// No network is built: cost and scores are functions of the cell.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "dsl/support.hpp"
#include "plugin/plugin_host.hpp"
#include "search/round_journal.hpp"
#include "search/search_journal.hpp"
#include "search/search_loop.hpp"
#include "search/search_spec.hpp"
#include "search/space_view.hpp"
#include "support/shipped_plugins.hpp"
#include "spec/space_ops.hpp"
#include "support/test_env.hpp"

using namespace zcnas;

namespace {

const spec::SearchSpace& nb201() {
  static const spec::SearchSpace space = test::shipped_space("nasbench201");
  return space;
}

std::size_t count_of(const std::string& cell, const std::string& op) {
  std::size_t n = 0;
  for (auto at = cell.find(op); at != std::string::npos; at = cell.find(op, at + 1)) ++n;
  return n;
}

// Two proxies: "conv3" counts 3x3 convolutions (6 at the single optimum), "pool" counts
// pooling edges. Records every architecture it was asked to score.
class CountingScorer final : public search::CandidateScorer {
 public:
  const std::vector<std::string>& proxies() const override { return names_; }
  search::CandidateScores score(const spec::Architecture&, const std::string& arch) override {
    scored.push_back(arch);
    if (fail_on.count(arch)) return {{}, 0, "deliberately failed"};
    return {{static_cast<double>(count_of(arch, "nor_conv_3x3")), static_cast<double>(count_of(arch, "avg_pool_3x3"))}, 0, ""};
  }
  std::string protocol_json() const override { return "{}"; }
  std::vector<std::string> scored;
  std::set<std::string> fail_on;

 private:
  std::vector<std::string> names_{"conv3", "pool"};
};

// params = 100 per 3x3 conv + 10 per 1x1 conv; flops = 2 x params.
search::CostFn op_cost() {
  return [](const spec::Architecture&, const std::string& arch, bool) -> Expected<search::Cost> {
    const double p = 100.0 * count_of(arch, "nor_conv_3x3") + 10.0 * count_of(arch, "nor_conv_1x1");
    return search::Cost{p, 2 * p};
  };
}

search::Fitness proxy_fitness(const std::string& proxy) {
  static plugin::PluginHost host;
  search::FitnessSpec f;
  f.name = proxy;
  return *search::Fitness::make(f, host, {});
}

struct Run {
  search::Archive archive{{"conv3", "pool"}};
  search::SearchOutcome outcome;
};

// What the strategy plugins see of NAS-Bench-201 (lives as long as the tests).
const SpaceView& nb201_view() {
  static const std::unique_ptr<SpaceView> view = search::make_space_view(nb201());
  return *view;
}

Expected<std::unique_ptr<SearchStrategy>> make_strategy(const std::string& name,
                                                        std::map<std::string, ParamValue> params = {},
                                                        const SpaceView& space = nb201_view()) {
  return test::shipped_plugins().make_strategy(name, params, space);
}

Run run(const std::string& strategy, std::uint64_t seed, std::int64_t evaluations, CountingScorer& scorer,
        std::vector<spec::Constraint> bounds = {}, std::vector<search::Candidate> replay = {}) {
  std::map<std::string, ParamValue> params;
  if (strategy == "evolution") params = {{"population", std::int64_t{20}}, {"tournament", std::int64_t{5}}};
  auto s = make_strategy(strategy, params);
  CATCH_REQUIRE(s);
  search::Fitness fitness = proxy_fitness("conv3");
  search::LoopOptions lo;
  lo.seed = seed;
  lo.budget.evaluations = evaluations;
  lo.bounds = std::move(bounds);
  search::SearchLoop loop(nb201(), **s, scorer, op_cost(), fitness, lo);
  loop.set_replay(std::move(replay));
  Run r;
  auto out = loop.run(r.archive, nullptr, nullptr);
  CATCH_REQUIRE(out);
  r.outcome = *out;
  return r;
}

double best_conv3(const Run& r) { return r.archive.fitness()[*r.archive.best()]; }

}  // namespace

CATCH_TEST_CASE("exhaustive search scores every NAS-Bench-201 cell once and finds the known optimum", "[search]") {
  CountingScorer scorer;
  Run r = run("exhaustive", 0, 0, scorer);
  CATCH_CHECK(r.archive.size() == 15625);
  CATCH_CHECK(std::set<std::string>(scorer.scored.begin(), scorer.scored.end()).size() == 15625);
  CATCH_CHECK(r.outcome.stop_reason == "the strategy has nothing left to propose");
  CATCH_CHECK(r.archive[*r.archive.best()].canonical ==
              "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|");
  CATCH_CHECK(best_conv3(r) == 6);
}

CATCH_TEST_CASE("a search spends exactly its evaluation budget on distinct cells, and a seed fixes its path",
                "[search]") {
  for (const char* strategy : {"random", "evolution"}) {
    CATCH_CAPTURE(strategy);
    CountingScorer a, b, c;
    Run ra = run(strategy, 7, 150, a);
    Run rb = run(strategy, 7, 150, b);
    Run rc = run(strategy, 8, 150, c);
    CATCH_CHECK(ra.archive.size() == 150);
    CATCH_CHECK(a.scored.size() == 150);
    CATCH_CHECK(std::set<std::string>(a.scored.begin(), a.scored.end()).size() == 150);
    CATCH_CHECK(a.scored == b.scored);
    CATCH_CHECK(a.scored != c.scored);
    CATCH_CHECK(ra.outcome.stop_reason == "evaluation budget spent (150)");
  }
}

CATCH_TEST_CASE("regularised evolution climbs where random search at the same budget does not", "[search]") {
  // 3^6 of the 5^6 cells... the optimum is one cell of 15,625: random search at 300
  // evaluations finds it with probability 2%; evolution mutates towards it.
  int evolution_hits = 0;
  double random_mean = 0;
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    CountingScorer e, r;
    evolution_hits += best_conv3(run("evolution", seed, 300, e)) == 6;
    random_mean += best_conv3(run("random", seed, 300, r)) / 5;
  }
  CATCH_CHECK(evolution_hits == 5);
  CATCH_CHECK(random_mean < 5.5);
}

CATCH_TEST_CASE("bounds are checked before scoring: nothing out of bounds is ever scored", "[search]") {
  spec::Constraint params;
  params.quantity = "params";
  params.min = 150;
  params.max = 330;  // 2 or 3 3x3 convs (+ up to 3 1x1 convs)
  spec::Constraint flops;
  flops.quantity = "flops";
  flops.max = 500;  // params <= 250: exactly 2 3x3 convs
  CountingScorer scorer;
  Run r = run("evolution", 1, 100, scorer, {params, flops});
  CATCH_CHECK(r.archive.size() == 100);
  CATCH_CHECK(r.outcome.rejected > 0);
  for (const auto& arch : scorer.scored) CATCH_CHECK(count_of(arch, "nor_conv_3x3") == 2);
  CATCH_CHECK(best_conv3(r) == 2);
}

CATCH_TEST_CASE("a failed candidate is recorded with its reason, never chosen, and the search goes on", "[search]") {
  CountingScorer probe;
  Run first = run("random", 3, 20, probe);
  CountingScorer scorer;
  scorer.fail_on = {probe.scored[4], first.archive[*first.archive.best()].canonical};
  Run r = run("random", 3, 20, scorer);
  CATCH_CHECK(r.archive.size() == 20);
  CATCH_CHECK(r.archive[4].error == "deliberately failed");
  CATCH_CHECK(std::isinf(r.archive.fitness()[4]));
  CATCH_CHECK(r.archive[*r.archive.best()].error.empty());
}

CATCH_TEST_CASE("a resumed search replays what was scored and ends exactly where an uninterrupted one does",
                "[search]") {
  CountingScorer whole;
  Run uninterrupted = run("evolution", 5, 120, whole);
  // The interrupted run got 47 candidates through.
  CountingScorer part;
  Run interrupted = run("evolution", 5, 47, part);
  CountingScorer rest;
  Run resumed = run("evolution", 5, 120, rest, {}, interrupted.archive.candidates());
  CATCH_CHECK(resumed.outcome.replayed == 47);
  CATCH_CHECK(rest.scored.size() == 120 - 47);  // nothing scored twice
  std::vector<std::string> a, b;
  for (const auto& c : uninterrupted.archive.candidates()) a.push_back(c.canonical);
  for (const auto& c : resumed.archive.candidates()) b.push_back(c.canonical);
  CATCH_CHECK(a == b);
  CATCH_CHECK(uninterrupted.archive.fitness() == resumed.archive.fitness());
}

CATCH_TEST_CASE("the trajectory file reads back into the candidates it recorded", "[search]") {
  CountingScorer scorer;
  scorer.fail_on = {"|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"};
  Run r = run("exhaustive", 0, 30, scorer);
  const std::string path = (std::filesystem::temp_directory_path() / "zcnas_search_journal_test.csv").string();
  {
    auto j = search::SearchJournal::open(path, nb201(), {"conv3", "pool"}, false);
    CATCH_REQUIRE(j);
    for (std::size_t i = 0; i < r.archive.size(); ++i) CATCH_REQUIRE((*j)->append(r.archive, i));
  }
  auto back = search::SearchJournal::open(path, nb201(), {"conv3", "pool"}, true);
  CATCH_REQUIRE(back);
  const auto& rows = (*back)->recorded();
  CATCH_REQUIRE(rows.size() == 30);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CATCH_CHECK(rows[i].canonical == r.archive[i].canonical);
    CATCH_CHECK(rows[i].arch == r.archive[i].arch);
    CATCH_CHECK(rows[i].params == r.archive[i].params);
    CATCH_CHECK(rows[i].error.empty() == r.archive[i].error.empty());
    if (rows[i].error.empty()) CATCH_CHECK(rows[i].scores == r.archive[i].scores);
  }
  // Another search's file is refused, not silently mixed in.
  auto other = search::SearchJournal::open(path, nb201(), {"conv3", "synflow"}, true);
  CATCH_REQUIRE_FALSE(other);
  CATCH_CHECK_THAT(other.error().to_string(), Catch::Contains("records a search with other proxies or columns"));
  // A row torn by a kill (no newline) is dropped and computed again.
  { std::ofstream(path, std::ios::app) << "31,0.5,|none~0|+|none"; }
  auto torn = search::SearchJournal::open(path, nb201(), {"conv3", "pool"}, true);
  CATCH_REQUIRE(torn);
  CATCH_CHECK((*torn)->recorded().size() == 30);
  std::filesystem::remove(path);
}

CATCH_TEST_CASE("the rounds file reads back, drops a torn row and refuses another search's", "[search][prune]") {
  const std::string path = (std::filesystem::temp_directory_path() / "zcnas_round_journal_test.csv").string();
  {
    auto j = search::RoundJournal::open(path, {"conv3", "pool"}, false);
    CATCH_REQUIRE(j);
    search::ScoredSupernet ok{1, "op(0,1)={none,skip_connect}", {2, 0.5}, 0.125, 0.25, ""};
    search::ScoredSupernet failed{1, "op(0,1)={skip_connect}", {}, 0.125, 0.5, "deliberately failed"};
    CATCH_REQUIRE((*j)->append(ok));
    CATCH_REQUIRE((*j)->append(failed));
  }
  { std::ofstream(path, std::ios::app) << "2,0.75,\"op(0,1)={no"; }
  auto back = search::RoundJournal::open(path, {"conv3", "pool"}, true);
  CATCH_REQUIRE(back);
  const auto& rows = (*back)->recorded();
  CATCH_REQUIRE(rows.size() == 2);
  CATCH_CHECK(rows[0].key == "op(0,1)={none,skip_connect}");
  CATCH_CHECK(rows[0].scores == std::vector<double>{2, 0.5});
  CATCH_CHECK(rows[0].seconds == 0.125);
  CATCH_CHECK(rows[1].error == "deliberately failed");
  auto other = search::RoundJournal::open(path, {"conv3"}, true);
  CATCH_REQUIRE_FALSE(other);
  CATCH_CHECK_THAT(other.error().to_string(), Catch::Contains("records the rounds of a search with other proxies"));
  std::filesystem::remove(path);
}

CATCH_TEST_CASE("a lower-is-better proxy is maximised negated, a failed score is -inf", "[search]") {
  ScoreTable t;
  t.archs = {"a", "b", "c"};
  t.proxies = {"x"};
  t.columns = {{3, NAN, 1}};
  const search::Fitness higher = proxy_fitness("x");
  auto v = higher.evaluate(t);
  CATCH_REQUIRE(v);
  CATCH_CHECK((*v)[0] == 3);
  CATCH_CHECK(std::isinf((*v)[1]));
  CATCH_CHECK((*v)[2] == 1);
}

CATCH_TEST_CASE("search TOML mistakes are reported with their line and column", "[search][config]") {
  auto bad = search::parse_search(
      "[search]\nspace = \"x.zc\"\nstrategy = \"evolution\"\nevaluatons = 5\n[fitness]\nproxy = \"synflow\"\n",
      "bad.toml");
  CATCH_REQUIRE_FALSE(bad);
  CATCH_CHECK_THAT(bad.error().to_string(), Catch::Contains("bad.toml:4:1") && Catch::Contains("'evaluations'"));
  auto two = search::parse_search("[search]\nspace = \"x.zc\"\n[fitness]\nproxy = \"a\"\ncombiner = \"libra\"\n", "two.toml");
  CATCH_REQUIRE_FALSE(two);
  CATCH_CHECK_THAT(two.error().to_string(), Catch::Contains("exactly one of 'proxy', 'expression', 'combiner'"));
  auto untruthful = search::parse_search("[search]\nspace = \"x.zc\"\n[fitness]\ncombiner = \"libra\"\n", "c.toml");
  CATCH_REQUIRE_FALSE(untruthful);
  CATCH_CHECK_THAT(untruthful.error().to_string(), Catch::Contains("add a [truth] table"));
  auto bounds = search::parse_search(
      "[search]\nspace = \"x.zc\"\n[constraints]\nparams = [24e6, 21e6]\n[fitness]\nproxy = \"a\"\n", "b.toml");
  CATCH_REQUIRE_FALSE(bounds);
  CATCH_CHECK_THAT(bounds.error().to_string(), Catch::Contains("b.toml:4:10") && Catch::Contains("[min, max]"));
  auto good = search::parse_search(
      "[search]\nspace = \"s/x.zc\"\nstrategy = \"random\"\nseed = 3\nevaluations = 10\n[constraints]\nparams = [0, 5e6]\n"
      "[fitness]\ncombiner = \"libra\"\ndelta = 0.2\nlabelled = 50\n[truth]\nfile = \"t.csv\"\ncolumn = \"acc\"\n",
      "dir/good.toml");
  CATCH_REQUIRE(good);
  CATCH_CHECK(good->space_file == "dir/s/x.zc");
  CATCH_CHECK(good->strategy.name == "random");
  CATCH_CHECK(good->seed == 3);
  CATCH_CHECK(good->constraints.size() == 1);
  CATCH_CHECK(*good->constraints[0].max == 5e6);
  CATCH_CHECK_FALSE(good->constraints[0].min);
  CATCH_CHECK(good->fitness.labelled == 50);
  CATCH_CHECK(std::get<double>(good->fitness.params.at("delta")) == 0.2);
}

CATCH_TEST_CASE("unknown strategies and impossible tournaments are refused by name", "[search]") {
  auto s = make_strategy("evolutoin");
  CATCH_REQUIRE_FALSE(s);
  CATCH_CHECK_THAT(s.error().to_string(), Catch::Contains("did you mean 'evolution'"));
  auto big = make_strategy("evolution", {{"population", std::int64_t{50}}, {"tournament", std::int64_t{80}}});
  CATCH_REQUIRE_FALSE(big);
  CATCH_CHECK_THAT(big.error().to_string(), Catch::Contains("1 <= tournament <= population (50), got 80"));
  auto typo = make_strategy("evolution", {{"populaton", std::int64_t{50}}});
  CATCH_REQUIRE_FALSE(typo);
  CATCH_CHECK_THAT(typo.error().to_string(), Catch::Contains("population"));
  const auto darts = search::make_space_view(test::shipped_space("darts"));
  auto huge = make_strategy("exhaustive", {}, *darts);
  CATCH_REQUIRE_FALSE(huge);
  CATCH_CHECK_THAT(huge.error().to_string(), Catch::Contains("more than the limit of 10000000"));
}

CATCH_TEST_CASE("labelling as the search goes: labels the best-rated, counts them as evaluations, picks the best label",
                "[search][labelling]") {
  // Truth = 3x3 convs + 0.1 x pools; single_best fitted on it picks conv3. Every 40
  // candidates the 5 best-rated unlabelled ones are labelled and the combiner refitted.
  auto truth = [](const std::string& arch) {
    return static_cast<double>(count_of(arch, "nor_conv_3x3")) + 0.1 * static_cast<double>(count_of(arch, "avg_pool_3x3"));
  };
  search::FitnessSpec f;
  f.kind = search::FitnessSpec::Kind::combiner;
  f.name = "single_best";
  f.label_every = 40;
  f.label_top = 5;
  auto fitness = search::Fitness::make(f, test::shipped_plugins(), {}, &nb201());
  CATCH_REQUIRE(fitness);
  ScoreTable start;
  start.proxies = {"conv3", "pool"};
  start.columns.assign(2, {});
  std::vector<double> y;
  spec::Rng sampler(11);
  for (int i = 0; i < 10; ++i) {
    const std::string arch = spec::to_canonical(nb201(), spec::sample(nb201(), sampler));
    start.archs.push_back(arch);
    start.params.push_back(1);
    start.columns[0].push_back(static_cast<double>(count_of(arch, "nor_conv_3x3")));
    start.columns[1].push_back(static_cast<double>(count_of(arch, "avg_pool_3x3")));
    y.push_back(truth(arch));
  }
  CATCH_REQUIRE(fitness->fit(start, y));
  CATCH_CHECK(fitness->fitted_rows() == 10);

  auto s = make_strategy("random");
  CATCH_REQUIRE(s);
  CountingScorer scorer;
  std::vector<std::string> asked;
  search::LoopOptions lo;
  lo.seed = 5;
  lo.budget.evaluations = 200;
  lo.label_every = 40;
  lo.label_top = 5;
  lo.oracle = [&](const std::string& arch) -> std::optional<double> {
    asked.push_back(arch);
    return truth(arch);
  };
  search::SearchLoop loop(nb201(), **s, scorer, op_cost(), *fitness, lo);
  search::Archive archive{{"conv3", "pool"}};
  archive.pick_by_label(true);
  auto out = loop.run(archive, nullptr, nullptr);
  CATCH_REQUIRE(out);
  // Rounds after 40, 80, 120 and 160 candidates: 20 labels, 180 candidates, 200 in all.
  CATCH_CHECK(out->labelled == 20);
  CATCH_CHECK(archive.labelled() == 20);
  CATCH_CHECK(archive.size() == 180);
  CATCH_CHECK(asked.size() == 20);
  CATCH_CHECK(std::set<std::string>(asked.begin(), asked.end()).size() == 20);  // none labelled twice
  // The first round labelled the 5 best-rated of the first 40 (conv3 decides, earliest first on ties).
  std::vector<std::size_t> first(40);
  for (std::size_t i = 0; i < 40; ++i) first[i] = i;
  std::stable_sort(first.begin(), first.end(), [&](std::size_t a, std::size_t b) {
    return count_of(archive[a].canonical, "nor_conv_3x3") > count_of(archive[b].canonical, "nor_conv_3x3");
  });
  for (std::size_t k = 0; k < 5; ++k) CATCH_CHECK_FALSE(std::isnan(archive.labels()[first[k]]));
  // The pick is the labelled candidate with the highest truth, not the best-rated one.
  double best_label = -1;
  for (std::size_t i = 0; i < archive.size(); ++i)
    if (!std::isnan(archive.labels()[i])) best_label = std::max(best_label, archive.labels()[i]);
  CATCH_REQUIRE(archive.best());
  CATCH_CHECK(archive.labels()[*archive.best()] == best_label);
  CATCH_CHECK(truth(archive[*archive.best()].canonical) == best_label);
}

CATCH_TEST_CASE("labelling and graph-feature settings are checked where they are written", "[search][config]") {
  auto half = search::parse_search(
      "[search]\nspace = \"x.zc\"\n[fitness]\ncombiner = \"xgboost\"\nlabel_every = 10\n[truth]\nfile = \"t.csv\"\ncolumn = \"c\"\n",
      "half.toml");
  CATCH_REQUIRE_FALSE(half);
  CATCH_CHECK_THAT(half.error().to_string(), Catch::Contains("label_every and label_top go together"));
  auto pick = search::parse_search(
      "[search]\nspace = \"x.zc\"\npick = \"labelled\"\n[fitness]\ncombiner = \"xgboost\"\n[truth]\nfile = \"t.csv\"\ncolumn = \"c\"\n",
      "pick.toml");
  CATCH_REQUIRE_FALSE(pick);
  CATCH_CHECK_THAT(pick.error().to_string(), Catch::Contains("set [fitness] label_every"));
  auto proxy = search::parse_search(
      "[search]\nspace = \"x.zc\"\n[fitness]\nproxy = \"synflow\"\nlabel_every = 10\nlabel_top = 2\n", "proxy.toml");
  CATCH_REQUIRE_FALSE(proxy);
  CATCH_CHECK_THAT(proxy.error().to_string(), Catch::Contains("it needs combiner"));
  search::FitnessSpec f;
  f.kind = search::FitnessSpec::Kind::combiner;
  f.name = "xgboost";
  f.graph_features = true;
  const spec::SearchSpace macro = test::shipped_space("transnas_macro");
  auto graphless = search::Fitness::make(f, test::shipped_plugins(), {}, &macro);
  CATCH_REQUIRE_FALSE(graphless);
  CATCH_CHECK_THAT(graphless.error().to_string(), Catch::Contains("has no cell"));
}
