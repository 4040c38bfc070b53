// Score tables from the three file forms, on the shipped NAS-Bench-Suite-Zero data and on
// small files written here.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "eval/agreement.hpp"
#include "eval/score_import.hpp"
#include "support/test_env.hpp"

using namespace zcnas;

namespace {
std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = test::build_dir() + "/tests/" + name;
  std::ofstream(path) << text;
  return path;
}
}  // namespace

CATCH_TEST_CASE("NASLib's NB201 keys become NAS-Bench-201 cell strings", "[eval][import]") {
  // Edge order (1,2) (1,3) (1,4) (2,3) (2,4) (3,4); 0 skip, 1 none, 2 conv3x3, 3 conv1x1, 4 pool.
  CATCH_CHECK(eval::nb201_cell_from_naslib("(0, 2, 3, 2, 3, 1)") ==
              "|skip_connect~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_1x1~0|nor_conv_1x1~1|none~2|");
  CATCH_CHECK(eval::nb201_cell_from_naslib("(0, 2, 3)").empty());
  CATCH_CHECK(eval::nb201_cell_from_naslib("(0, 2, 3, 2, 3, 7)").empty());
}

CATCH_TEST_CASE("the shipped Suite-Zero NB201 file reads leniently, -Infinity included", "[eval][import]") {
  auto t = eval::read_suite_json(test::data_dir() + "/naslib_zc/zc_nasbench201.json", "cifar10");
  CATCH_REQUIRE(t);
  CATCH_CHECK(t->scores.rows() == 724);
  CATCH_CHECK(t->scores.proxies.size() == 12);
  CATCH_CHECK(t->scores.params.size() == 724);
  const long nwot = t->scores.column_index("nwot");
  CATCH_REQUIRE(nwot >= 0);
  // The disconnected cell (1, 0, 1, 4, 0, 1): nwot written as -Infinity, accuracy 10 (chance).
  const std::string dead = eval::nb201_cell_from_naslib("(1, 0, 1, 4, 0, 1)");
  const auto row = std::find(t->scores.archs.begin(), t->scores.archs.end(), dead) - t->scores.archs.begin();
  CATCH_REQUIRE(static_cast<std::size_t>(row) < t->scores.rows());
  CATCH_CHECK(std::isinf(t->scores.columns[nwot][row]));
  CATCH_CHECK(t->labels.at("val_accuracy")[row] == 10.0);
  auto missing = eval::read_suite_json(test::data_dir() + "/naslib_zc/zc_nasbench201.json", "cifar1O");
  CATCH_REQUIRE_FALSE(missing);
  CATCH_CHECK(missing.error().to_string().find("did you mean 'cifar10'") != std::string::npos);
}

CATCH_TEST_CASE("long and wide score CSVs, failed rows as NaN, joined on the architecture", "[eval][import]") {
  const std::string long_csv = write_temp("long_scores.csv",
                                          "arch,proxy,score,seconds,status,error\n"
                                          "a,x,1.5,0.1,ok,\n"
                                          "a,y,,0.1,failed,boom\n"
                                          "b,x,2.5,0.1,ok,\n"
                                          "b,y,7,0.1,ok,\n");
  auto l = eval::read_score_csv(long_csv);
  CATCH_REQUIRE(l);
  CATCH_CHECK(l->scores.archs == std::vector<std::string>{"a", "b"});
  CATCH_CHECK(l->scores.proxies == std::vector<std::string>{"x", "y"});
  CATCH_CHECK(std::isnan(l->scores.columns[1][0]));
  CATCH_CHECK(l->scores.columns[1][1] == 7);

  const std::string wide_csv = write_temp("wide_scores.csv", "arch,params,z\nb,10,-1\nc,20,-2\n");
  auto w = eval::read_score_csv(wide_csv);
  CATCH_REQUIRE(w);
  CATCH_CHECK(w->scores.params == std::vector<double>{10, 20});
  const auto j = eval::join(*l, *w);
  CATCH_CHECK(j.scores.archs == std::vector<std::string>{"b"});
  CATCH_CHECK(j.scores.proxies == std::vector<std::string>{"x", "y", "params", "z"});
  CATCH_CHECK(j.scores.params == std::vector<double>{10});

  auto truth = eval::read_truth(wide_csv, "arch", "zz");
  CATCH_REQUIRE_FALSE(truth);
  CATCH_CHECK(truth.error().to_string().find("its columns: arch, params, z") != std::string::npos);
}

CATCH_TEST_CASE("rho of the shipped suite scores matches an independent computation", "[eval][import]") {
  // Spearman with val_accuracy on the 724 CIFAR-10 cells, computed in plain Python (ranks with
  // ties averaged, -Infinity lowest): nwot 0.786823, jacov 0.765502, synflow 0.735865.
  auto t = eval::read_suite_json(test::data_dir() + "/naslib_zc/zc_nasbench201.json", "cifar10");
  CATCH_REQUIRE(t);
  eval::AgreementOptions o;
  o.bootstrap = 0;
  const auto& y = t->labels.at("val_accuracy");
  auto rho = [&](const char* p) {
    return eval::agreement(t->scores.columns[t->scores.column_index(p)], y, t->scores.params, o).spearman;
  };
  CATCH_CHECK(rho("nwot") == Approx(0.786823).margin(1e-6));
  CATCH_CHECK(rho("jacov") == Approx(0.765502).margin(1e-6));
  CATCH_CHECK(rho("synflow") == Approx(0.735865).margin(1e-6));
}
