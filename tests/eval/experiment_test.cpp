// Experiment TOML: what it says, and the errors a typo gets.
#include <catch2/catch.hpp>

#include "eval/experiment.hpp"

using namespace zcnas;

CATCH_TEST_CASE("an experiment TOML names scores, truth, combiners and seeds", "[eval][experiment]") {
  auto x = eval::parse_experiment(R"(
[experiment]
name = "nb201-c10"
[scores]
files = ["../data/naslib_zc/zc_nasbench201.json"]
task = "cifar10"
[truth]
label = "val_accuracy"
[combiner]
plugin = "libra"
delta = 0.2
[rivals.azn]
plugin = "log_rank"
proxies = "jacov,nwot"
[evaluation]
labelled = [50, 100]
seeds = [0, 1, 2]
bootstrap = 10
)", "/x/examples/exp.toml");
  CATCH_REQUIRE(x);
  CATCH_CHECK(x->name == "nb201-c10");
  CATCH_CHECK(x->score_files == std::vector<std::string>{"/x/data/naslib_zc/zc_nasbench201.json"});
  CATCH_REQUIRE(x->combiners.size() == 2);
  CATCH_CHECK(x->combiners[0].plugin == "libra");
  CATCH_CHECK(std::get<double>(x->combiners[0].params.at("delta")) == 0.2);
  CATCH_CHECK(x->combiners[1].name == "azn");
  CATCH_CHECK(x->labelled == std::vector<std::int64_t>{50, 100});
  CATCH_CHECK(x->seeds.size() == 3);
}

CATCH_TEST_CASE("experiment TOML mistakes are reported with their line and column", "[eval][experiment]") {
  auto x = eval::parse_experiment(R"([scores]
files = ["a.csv"]
[truth]
file = "t.csv"
colum = "cifar10-test"
[evaluation]
labeled = [50]
)", "exp.toml");
  CATCH_REQUIRE_FALSE(x);
  const std::string e = x.error().to_string();
  CATCH_INFO(e);
  CATCH_CHECK(e.find("exp.toml:5:1") != std::string::npos);
  CATCH_CHECK(e.find("column") != std::string::npos);  // the suggestion
  CATCH_CHECK(e.find("exp.toml:7:1") != std::string::npos);
}
