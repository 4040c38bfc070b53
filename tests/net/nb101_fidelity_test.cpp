#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dsl/support.hpp"
#include "net/reference_params.hpp"
#include "net/families/build_network.hpp"
#include "spec/space_ops.hpp"

using namespace zcnas;

namespace {
struct Reference {
  std::string key;
  spec::Architecture arch;  // canonical
  double params_m;
};

// NAS-Bench-Suite-Zero keys: 49 adjacency entries then 7 op indices (0 input, 1 output,
// 2 maxpool3x3, 3 conv1x1-bn-relu, 4 conv3x3-bn-relu). Some cells are stored unpruned, as
// NAS-Bench-101's ModelSpec receives them; it prunes them before building, as we do.
spec::Architecture arch_from_key(const spec::SearchSpace& space, const std::string& key) {
  std::vector<int> v;
  std::stringstream in(key.substr(1, key.size() - 2));
  std::string item;
  while (std::getline(in, item, ',')) v.push_back(std::stoi(item));
  spec::Architecture arch(space.decisions.size(), 0);
  int d = space.cells.at(0).first_decision;
  for (int i = 0; i < 7; ++i)
    for (int j = i + 1; j < 7; ++j) arch[d++] = v.at(i * 7 + j);
  const int ours[] = {-1, -1, 2, 1, 0};  // their op index -> our option (conv3x3, conv1x1, maxpool)
  for (int k = 1; k < 6; ++k) arch[d++] = ours[v.at(49 + k)];
  spec::canonicalize(space, arch);
  return arch;
}

std::vector<Reference> nb101_reference(const spec::SearchSpace& space) {
  std::ifstream in(test::data_dir() + "/naslib_zc/zc_nasbench101.json");
  if (!in) throw std::runtime_error("data/naslib_zc/zc_nasbench101.json is missing");
  const nlohmann::json j = nlohmann::json::parse(in);
  std::vector<Reference> rows;
  for (const auto& [key, value] : j.at("nasbench101").at("cifar10").items())
    rows.push_back({key, arch_from_key(space, key), value.at("params").get<double>()});
  return rows;
}

void check_params(std::size_t stride) {
  const spec::SearchSpace space = test::shipped_space("nasbench101");
  const auto rows = nb101_reference(space);
  CATCH_REQUIRE(rows.size() == 500);
  std::size_t mismatched = 0;
  for (std::size_t r = 0; r < rows.size(); r += stride) {
    CATCH_CAPTURE(rows[r].key);
    CATCH_REQUIRE(spec::check(space, rows[r].arch));
    if (!test::params_match(space, rows[r].arch, rows[r].params_m)) ++mismatched;
  }
  CATCH_CHECK(mismatched == 0);
}
}  // namespace

CATCH_TEST_CASE("NAS-Bench-101 params equal NAS-Bench-Suite-Zero's on a fixed sample of 100 cells", "[net][nb101]") {
  check_params(5);
}

CATCH_TEST_CASE("NAS-Bench-101 params equal NAS-Bench-Suite-Zero's on all 500 cells", "[.slow][net][nb101]") {
  check_params(1);
}

CATCH_TEST_CASE("a NAS-Bench-101 network runs forward and backward", "[net][nb101]") {
  const spec::SearchSpace space = test::shipped_space("nasbench101");
  spec::Rng rng(5);
  for (int i = 0; i < 3; ++i) {
    auto net = net::build_network(space, spec::sample(space, rng), 0);
    CATCH_REQUIRE(net);
    at::Tensor y = net->forward(torch::randn({2, 3, 32, 32}));
    CATCH_CHECK(y.sizes() == at::IntArrayRef({2, 10}));
    y.sum().backward();
    CATCH_CHECK(net->layers().front().weight.grad().defined());
  }
}
