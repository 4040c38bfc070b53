#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "dsl/support.hpp"
#include "spec/graph_features.hpp"
#include "spec/space_ops.hpp"

using namespace zcnas;

namespace {

std::map<std::string, double> features_of(const spec::SearchSpace& space, const std::string& cell) {
  auto names = spec::graph_feature_names(space);
  if (!names) throw std::runtime_error(names.error().to_string());
  auto arch = spec::from_canonical(space, cell);
  if (!arch) throw std::runtime_error(arch.error().to_string());
  const std::vector<double> values = spec::graph_features(space, *arch);
  if (values.size() != names->size()) throw std::runtime_error("names and values differ in length");
  std::map<std::string, double> out;
  for (std::size_t i = 0; i < values.size(); ++i) out[(*names)[i]] = values[i];
  return out;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(item);
  return out;
}

}  // namespace

CATCH_TEST_CASE("graph features of NAS-Bench-201 cells, worked by hand", "[dsl][graph_features]") {
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  CATCH_SECTION("GRAF's feature set: 5 op counts and 31 subsets each for paths and degrees") {
    auto names = spec::graph_feature_names(space);
    CATCH_REQUIRE(names);
    CATCH_CHECK(names->size() == 5 + 31 + 31 + 31 * 4);
    CATCH_CHECK(names->front() == "graph:op_count:none");
  }
  CATCH_SECTION("every edge none") {
    auto f = features_of(space, "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
    CATCH_CHECK(f.at("graph:op_count:none") == 6);
    CATCH_CHECK(f.at("graph:op_count:nor_conv_3x3") == 0);
    CATCH_CHECK(f.at("graph:min_path_len:banned=-") == 1);      // the input-output edge
    CATCH_CHECK(f.at("graph:min_path_len:banned=none") == 5);   // no path: nodes + 1
    CATCH_CHECK(f.at("graph:max_op_on_path:allowed=none") == 3);
    CATCH_CHECK(f.at("graph:max_op_on_path:allowed=skip_connect") == -1);
    CATCH_CHECK(f.at("graph:node_degree:allowed=none:in_degree") == 3);
    CATCH_CHECK(f.at("graph:node_degree:allowed=none:out_degree") == 3);
    CATCH_CHECK(f.at("graph:node_degree:allowed=none:avg_in") == 1.5);
  }
  CATCH_SECTION("a mixed cell") {
    // edges: 0-1 3x3, 0-2 skip, 1-2 none, 0-3 avg, 1-3 1x1, 2-3 3x3
    auto f = features_of(space, "|nor_conv_3x3~0|+|skip_connect~0|none~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|");
    CATCH_CHECK(f.at("graph:op_count:nor_conv_3x3") == 2);
    CATCH_CHECK(f.at("graph:op_count:skip_connect") == 1);
    CATCH_CHECK(f.at("graph:min_path_len:banned=-") == 1);
    CATCH_CHECK(f.at("graph:min_path_len:banned=avg_pool_3x3") == 2);                            // 0-1-3
    CATCH_CHECK(f.at("graph:min_path_len:banned=nor_conv_1x1+avg_pool_3x3") == 2);               // 0-2-3
    CATCH_CHECK(f.at("graph:min_path_len:banned=nor_conv_1x1+nor_conv_3x3+avg_pool_3x3") == 5);  // none left
    CATCH_CHECK(f.at("graph:max_op_on_path:allowed=none+nor_conv_3x3") == 3);                    // 0-1-2-3
    CATCH_CHECK(f.at("graph:max_op_on_path:allowed=nor_conv_3x3") == -1);
    CATCH_CHECK(f.at("graph:max_op_on_path:allowed=skip_connect+nor_conv_3x3") == 2);            // 0-2-3
    CATCH_CHECK(f.at("graph:max_op_on_path:allowed=none+skip_connect+nor_conv_1x1+nor_conv_3x3+avg_pool_3x3") == 3);
    CATCH_CHECK(f.at("graph:node_degree:allowed=nor_conv_3x3:in_degree") == 1);
    CATCH_CHECK(f.at("graph:node_degree:allowed=nor_conv_3x3:out_degree") == 1);
    CATCH_CHECK(f.at("graph:node_degree:allowed=nor_conv_3x3:avg_out") == 0.5);
  }
}

CATCH_TEST_CASE("graph features equal GRAF's own code on 30 NAS-Bench-201 cells", "[dsl][graph_features]") {
  // tests/dsl/graf_nb201_reference.csv: bench/graph_features/reference.py, which runs
  // gabikadlecova/zc_combine @ 5a14948 (features/base.py, nasbench201.py, configs/nb201_full.json).
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  std::ifstream in(test::source_dir() + "/tests/dsl/graf_nb201_reference.csv");
  CATCH_REQUIRE(in);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split(line);
  CATCH_REQUIRE(header.size() == 192);
  int cells = 0, compared = 0;
  while (std::getline(in, line)) {
    const std::vector<std::string> row = split(line);
    CATCH_REQUIRE(row.size() == header.size());
    CATCH_CAPTURE(row[0]);
    const auto ours = features_of(space, row[0]);
    CATCH_CHECK(ours.size() == header.size() - 1);
    for (std::size_t c = 1; c < header.size(); ++c) {
      CATCH_CAPTURE(header[c]);
      auto it = ours.find(header[c]);
      CATCH_REQUIRE(it != ours.end());
      CATCH_CHECK(it->second == Approx(std::stod(row[c])).margin(1e-9));
      ++compared;
    }
    ++cells;
  }
  CATCH_CHECK(cells == 30);
  CATCH_CHECK(compared == 30 * 191);
}

CATCH_TEST_CASE("graph features name the cell they cannot read", "[dsl][graph_features]") {
  auto names = spec::graph_feature_names(test::shipped_space("nasbench101"));
  CATCH_REQUIRE_FALSE(names);
  CATCH_CHECK_THAT(names.error().to_string(), Catch::Contains("graph cell") && Catch::Contains("dag cells"));
  auto macro = spec::graph_feature_names(test::shipped_space("transnas_macro"));
  CATCH_CHECK_FALSE(macro);
}
