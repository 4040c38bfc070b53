// The run layer's jobs, called as the CLI calls them: the score job streams what it scores
// with the environment's protocol, evaluate judges a live experiment from the results it
// wrote, and a live search scores each candidate on the network its cost was measured on,
// with the same scores as a fresh build.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "eval/score_import.hpp"
#include "plugin/proxy_instances.hpp"
#include "run/evaluate_job.hpp"
#include "run/score_job.hpp"
#include "run/score_options.hpp"
#include "search/cost_model.hpp"
#include "search/live_scorer.hpp"
#include "score/network_handoff.hpp"
#include "spec/space_ops.hpp"
#include "support/scratch_dir.hpp"
#include "support/test_env.hpp"

using namespace zcnas;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) { return test::scratch_dir("run_jobs/" + name); }

std::unique_ptr<run::Environment> environment(const std::string& config = "") {
  ::setenv("ZCNAS_DATA_PATH", test::data_dir().c_str(), 1);
  run::RunSettings s;
  s.quiet = true;
  s.threads = 1;
  s.no_store = true;
  s.config_file = config;
  s.plugin_dirs = {test::plugin_dir()};
  auto env = run::Environment::resolve(s);
  if (!env) throw std::runtime_error(env.error().to_string());
  return std::move(*env);
}

}  // namespace

CATCH_TEST_CASE("the score job streams the selection's rows and records the environment's protocol", "[run]") {
  const fs::path dir = scratch("score");
  const std::string config = (dir / "run.toml").string();
  std::ofstream(config) << "[runtime]\nseed = 2\nbatchnorm = \"eval\"\n";
  auto env = environment(config);
  run::ScoreJob job;
  job.space = {test::spaces_dir() + "/nasbench201.zc", ""};
  job.proxies = {"params", "nwot"};
  job.select.sample = 3;
  job.select.sample_seed = 4;
  job.batch_size = 8;
  job.out = (dir / "scores.csv").string();
  std::vector<std::size_t> seen;
  auto report = run::run_score(*env, job, [&](std::size_t done, std::size_t, std::size_t) { seen.push_back(done); });
  CATCH_REQUIRE(report);
  CATCH_CHECK(report->lead);
  CATCH_CHECK(report->architectures == 3);
  CATCH_CHECK(report->rows == 6);
  CATCH_CHECK(report->failures == 0);
  CATCH_CHECK(seen == std::vector<std::size_t>{0, 1, 2, 3});
  auto table = eval::read_score_csv(job.out);
  CATCH_REQUIRE(table);
  CATCH_CHECK(table->scores.rows() == 3);
  CATCH_CHECK(table->scores.proxies == std::vector<std::string>{"params", "nwot"});
  std::ifstream side(job.out + ".protocol.json");
  const auto protocol = nlohmann::json::parse(side);
  CATCH_CHECK(protocol["batchnorm"] == "eval");
  CATCH_CHECK(protocol["seed"] == 2);
  CATCH_CHECK(protocol["batch_size"] == 8);

  // Bad input is the user's: it says so, and nothing is written.
  job.proxies = {"nwott"};
  job.out = (dir / "never.csv").string();
  auto refused = run::run_score(*env, job);
  CATCH_REQUIRE_FALSE(refused);
  CATCH_CHECK(refused.error().bad_input);
  CATCH_CHECK_FALSE(fs::exists(job.out));
}

CATCH_TEST_CASE("evaluate judges a live experiment from the scores it wrote, as it would from the file", "[run]") {
  const fs::path dir = scratch("evaluate");
  const std::string toml = (dir / "live.toml").string();
  std::ofstream(toml) << "[experiment]\nname = \"live\"\n[scores]\nspace = \"" << test::spaces_dir()
                      << "/nasbench201.zc\"\ndataset = \"cifar10\"\nsample = 5\nbatch_size = 8\n"
                      << "proxies = [\"params\", \"flops\", \"nwot\"]\nout = \"" << (dir / "live.csv").string()
                      << "\"\n[truth]\nfile = \"" << test::data_dir() << "/nb201/nb201_200ep_acc.csv\"\n"
                      << "column = \"cifar10-test\"\n[evaluation]\nbootstrap = 0\n";
  auto env = environment();
  run::EvaluateJob live;
  live.experiments = {toml};
  live.json = (dir / "live.json").string();
  auto from_memory = run::run_evaluate(*env, live);
  CATCH_REQUIRE(from_memory);
  CATCH_CHECK_THAT(from_memory->standard_output, Catch::Contains("nwot"));

  run::EvaluateJob from_file;
  from_file.scores = {(dir / "live.csv").string()};
  from_file.name = "live";
  from_file.truth = test::data_dir() + "/nb201/nb201_200ep_acc.csv";
  from_file.truth_column = "cifar10-test";
  from_file.bootstrap = 0;
  from_file.json = (dir / "file.json").string();
  auto from_csv = run::run_evaluate(*env, from_file);
  CATCH_REQUIRE(from_csv);
  auto experiment = [](const std::string& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in).at(0);
  };
  const auto a = experiment(live.json), b = experiment(from_file.json);
  CATCH_REQUIRE(a.at("proxies").size() == 3);
  CATCH_CHECK(a.at("proxies") == b.at("proxies"));           // every agreement number
  CATCH_CHECK(a.at("points").at("scores") == b.at("points").at("scores"));
}

CATCH_TEST_CASE("a live candidate is scored on the network its cost was measured on, with a fresh build's scores", "[run]") {
  auto env = environment();
  auto program = env->parse(test::spaces_dir() + "/nasbench201.zc");
  CATCH_REQUIRE(program);
  const spec::SearchSpace& space = program->spaces.at(0);
  score::ScoreOptions so = run::score_options(*env);
  so.batch_size = 8;
  auto make_run = [&] {
    auto proxies = plugin::instantiate_named_proxies({"nwot", "synflow", "jacov"}, {}, {}, env->host());
    CATCH_REQUIRE(proxies);
    auto r = score::ScoreRun::prepare(space, std::move(*proxies), so);
    CATCH_REQUIRE(r);
    return std::move(*r);
  };
  score::ScoreRun fresh = make_run();
  auto handoff = std::make_shared<score::NetworkHandoff>();
  auto live = search::make_live_scorer(make_run(), handoff);
  search::CostModel cost(space, fresh.protocol().classes, fresh.protocol().input_shape);
  cost.hand_networks_to(handoff, so.seed);

  spec::Rng rng(11);
  for (int i = 0; i < 3; ++i) {
    const spec::Architecture arch = spec::sample(space, rng);
    const std::string canonical = spec::to_canonical(space, arch);
    auto c = cost.measure(arch, canonical, true);
    CATCH_REQUIRE(c);
    search::CandidateScores handed = live->score(arch, canonical);
    CATCH_CHECK_FALSE(handoff->take(canonical));  // the scorer took the measured network
    const score::ArchResult built = fresh.score(score::IndexedArch{0, canonical, arch});
    CATCH_REQUIRE(handed.scores.size() == built.outcomes.size());
    for (std::size_t p = 0; p < built.outcomes.size(); ++p) {
      CATCH_INFO(canonical << " " << built.outcomes[p].proxy);
      CATCH_REQUIRE(built.outcomes[p].ok);
      CATCH_CHECK(handed.scores[p] == built.outcomes[p].score);
    }
  }
}
