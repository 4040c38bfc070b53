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

// One CSV line; a field in double quotes may hold commas (DARTS's "in(0,1)").
std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) out.emplace_back();
    else out.back() += c;
  }
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

namespace {
// tests/dsl/graf_<space>_reference.csv: bench/graph_features/reference.py, which runs
// gabikadlecova/zc_combine @ 5a14948 (features/base.py, nasbench201.py, nasbench101.py, darts.py;
// configs/nb201_full.json, nb101_first.json, nb301_full.json) on cells of the shipped space.
void check_against_graf(const std::string& space_name, const std::string& file, std::size_t columns, int expected_cells) {
  const spec::SearchSpace space = test::shipped_space(space_name);
  std::ifstream in(test::source_dir() + "/tests/dsl/" + file);
  CATCH_REQUIRE(in);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split(line);
  CATCH_REQUIRE(header.size() == columns + 1);
  int cells = 0;
  std::size_t compared = 0;
  while (std::getline(in, line)) {
    const std::vector<std::string> row = split(line);
    CATCH_REQUIRE(row.size() == header.size());
    CATCH_CAPTURE(row[0]);
    const auto ours = features_of(space, row[0]);
    CATCH_CHECK(ours.size() == columns);
    for (std::size_t c = 1; c < header.size(); ++c) {
      CATCH_CAPTURE(header[c]);
      auto it = ours.find(header[c]);
      CATCH_REQUIRE(it != ours.end());
      CATCH_CHECK(it->second == Approx(std::stod(row[c])).margin(1e-9));
      ++compared;
    }
    ++cells;
  }
  CATCH_CHECK(cells == expected_cells);
  CATCH_CHECK(compared == static_cast<std::size_t>(expected_cells) * columns);
}
}  // namespace

CATCH_TEST_CASE("graph features equal GRAF's own code on 30 NAS-Bench-201 cells", "[dsl][graph_features]") {
  check_against_graf("nasbench201", "graf_nb201_reference.csv", 191, 30);
}

CATCH_TEST_CASE("graph features equal GRAF's own code on 30 NAS-Bench-101 cells", "[dsl][graph_features]") {
  // GRAF's max_op_on_path here is ours - 2 (-4 for none): reference.py maps it (graph_features.hpp).
  check_against_graf("nasbench101", "graf_nb101_reference.csv", 3 + 7 + 7 + 7 * 4, 30);
}

CATCH_TEST_CASE("graph features equal GRAF's own code on 12 DARTS genotypes", "[dsl][graph_features]") {
  check_against_graf("darts", "graf_darts_reference.csv", 2 * (7 + 127 * 2 + 127 * 4), 12);
}

CATCH_TEST_CASE("graph features of NAS-Bench-101 cells, worked by hand", "[dsl][graph_features]") {
  const spec::SearchSpace space = test::shipped_space("nasbench101");
  // Edges 0-1, 0-6 and 1-6; node 1 a max-pool, nodes 2-5 on no input-output path (canonical:
  // no edges, the first op), so not counted.
  const std::string bits = std::string("100001") + "00001" + "0000" + "000" + "00" + "0";
  auto f = features_of(space, "op.edges=" + bits + ";op(1)=maxpool3x3;op(2)=conv3x3-bn-relu;op(3)=conv3x3-bn-relu;"
                                                   "op(4)=conv3x3-bn-relu;op(5)=conv3x3-bn-relu");
  CATCH_CHECK(f.at("graph:op_count:maxpool3x3") == 1);
  CATCH_CHECK(f.at("graph:op_count:conv3x3-bn-relu") == 0);                 // nodes 2-5: off the path
  CATCH_CHECK(f.at("graph:min_path_len:banned=-") == 1);                     // the input-output edge
  CATCH_CHECK(f.at("graph:min_path_len:banned=maxpool3x3") == 1);
  CATCH_CHECK(f.at("graph:max_op_on_path:allowed=maxpool3x3") == 1);         // 0-1-6
  CATCH_CHECK(f.at("graph:max_op_on_path:allowed=conv3x3-bn-relu") == 0);    // 0-6 alone
  CATCH_CHECK(f.at("graph:node_degree:allowed=maxpool3x3:in_degree") == 1);  // 1 -> output
  CATCH_CHECK(f.at("graph:node_degree:allowed=maxpool3x3:out_degree") == 1); // input -> 1
  CATCH_CHECK(f.at("graph:node_degree:allowed=maxpool3x3:avg_in") == Approx(1.0 / 3));   // 3 nodes kept
  CATCH_CHECK(f.at("graph:node_degree:allowed=conv3x3-bn-relu:avg_out") == 0);
  // Without the input-output edge, banning the max-pool leaves no path: the node count.
  const std::string chain = std::string("100000") + "00001" + "0000" + "000" + "00" + "0";
  auto g = features_of(space, "op.edges=" + chain + ";op(1)=maxpool3x3;op(2)=conv3x3-bn-relu;op(3)=conv3x3-bn-relu;"
                                                    "op(4)=conv3x3-bn-relu;op(5)=conv3x3-bn-relu");
  CATCH_CHECK(g.at("graph:min_path_len:banned=maxpool3x3") == 3);
  CATCH_CHECK(g.at("graph:max_op_on_path:allowed=conv3x3-bn-relu") == -1);
}

CATCH_TEST_CASE("graph features of DARTS genotypes, worked by hand", "[dsl][graph_features]") {
  const spec::SearchSpace space = test::shipped_space("darts");
  auto names = spec::graph_feature_names(space);
  CATCH_REQUIRE(names);
  CATCH_CHECK(names->size() == 2 * (7 + 127 * 2 + 127 * 4));
  CATCH_CHECK(names->front() == "graph:normal:op_count:max_pool_3x3");
  // A chain: node k's first slot reads the state before it through sep_conv_3x3 (node 0: in0),
  // its second slot in1 through skip_connect.
  std::string text;
  for (const char* cell : {"normal", "reduce"})
    for (int k = 0; k < 4; ++k) {
      const std::string at = "(" + std::to_string(k) + ",";
      text += std::string(text.empty() ? "" : ";") + cell + ".in" + at + "0)=" + std::to_string(k == 0 ? 0 : k + 1) + ";" +
              cell + ".op" + at + "0)=sep_conv_3x3;" + cell + ".in" + at + "1)=1;" + cell + ".op" + at + "1)=skip_connect";
    }
  auto f = features_of(space, text);
  CATCH_CHECK(f.at("graph:normal:op_count:sep_conv_3x3") == 4);
  CATCH_CHECK(f.at("graph:reduce:op_count:skip_connect") == 4);
  CATCH_CHECK(f.at("graph:normal:max_op_on_path:allowed=sep_conv_3x3:from=in0") == 5);  // in0-n0-n1-n2-n3-out
  CATCH_CHECK(f.at("graph:normal:max_op_on_path:allowed=sep_conv_3x3:from=in1") == -1); // in1 feeds skips only
  CATCH_CHECK(f.at("graph:normal:max_op_on_path:allowed=skip_connect:from=in1") == 2);  // in1-n_k-out
  CATCH_CHECK(f.at("graph:normal:max_op_on_path:allowed=skip_connect+sep_conv_3x3:from=in1") == 5);
  CATCH_CHECK(f.at("graph:normal:node_degree:allowed=skip_connect:in1_degree") == 4);
  CATCH_CHECK(f.at("graph:normal:node_degree:allowed=skip_connect:in0_degree") == 0);
  CATCH_CHECK(f.at("graph:normal:node_degree:allowed=sep_conv_3x3:in0_degree") == 1);
  CATCH_CHECK(f.at("graph:normal:node_degree:allowed=skip_connect:avg_in") == Approx(4.0 / 7));
}

CATCH_TEST_CASE("graph features need a cell", "[dsl][graph_features]") {
  auto macro = spec::graph_feature_names(test::shipped_space("transnas_macro"));
  CATCH_REQUIRE_FALSE(macro);
  CATCH_CHECK_THAT(macro.error().to_string(), Catch::Contains("has no cell"));
}
