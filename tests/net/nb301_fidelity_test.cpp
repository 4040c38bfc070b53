#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "dsl/support.hpp"
#include "net/reference_params.hpp"
#include "net/families/build_network.hpp"
#include "spec/space_ops.hpp"

using namespace zcnas;

namespace {
// NASLib's compact NB301 genotype: [[(input, op) x 8 normal], [(input, op) x 8 reduce]],
// two pairs per node; op indices in the order of spaces/darts.zc.
std::string canonical_from_genotype(const std::string& key) {
  std::vector<int> v;
  for (char c : key)
    if (c >= '0' && c <= '9') v.push_back(c - '0');  // all values are single digits
  const char* ops[] = {"max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3",
                       "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"};
  std::string text;
  for (int cell = 0; cell < 2; ++cell)
    for (int node = 0; node < 4; ++node)
      for (int slot = 0; slot < 2; ++slot) {
        const int pair = cell * 8 + node * 2 + slot;
        const std::string name = cell == 0 ? "normal" : "reduce";
        const std::string at = "(" + std::to_string(node) + "," + std::to_string(slot) + ")";
        text += (text.empty() ? "" : ";") + name + ".in" + at + "=" + std::to_string(v.at(2 * pair)) + ";" + name +
                ".op" + at + "=" + ops[v.at(2 * pair + 1)];
      }
  return text;
}

void check_params(std::size_t stride) {
  const spec::SearchSpace space = test::shipped_space("darts");
  std::ifstream in(test::data_dir() + "/naslib_zc/zc_nasbench301.json");
  CATCH_REQUIRE(in);
  const nlohmann::json j = nlohmann::json::parse(in);
  const auto& rows = j.at("cifar10");
  CATCH_REQUIRE(rows.size() == 725);
  std::size_t index = 0, checked = 0, mismatched = 0;
  for (const auto& [key, value] : rows.items()) {
    if (index++ % stride != 0) continue;
    const std::string text = canonical_from_genotype(key);
    CATCH_CAPTURE(key);
    auto arch = spec::from_canonical(space, text);
    CATCH_REQUIRE(arch);
    ++checked;
    if (!test::params_match(space, *arch, value.at("params").at("score").get<double>())) ++mismatched;
  }
  CATCH_CHECK(checked == (725 + stride - 1) / stride);
  CATCH_CHECK(mismatched == 0);
}
}  // namespace

CATCH_TEST_CASE("NAS-Bench-301 params equal NAS-Bench-Suite-Zero's on a fixed sample of 73 cells", "[net][nb301]") {
  check_params(10);
}

CATCH_TEST_CASE("NAS-Bench-301 params equal NAS-Bench-Suite-Zero's on all 725 cells", "[.slow][net][nb301]") {
  check_params(1);
}

CATCH_TEST_CASE("a DARTS network runs forward and backward", "[net][nb301]") {
  const spec::SearchSpace space = test::shipped_space("darts");
  spec::Rng rng(9);
  auto net = net::build_network(space, spec::sample(space, rng), 0);
  CATCH_REQUIRE(net);
  at::Tensor y = net->forward(torch::randn({2, 3, 32, 32}));
  CATCH_CHECK(y.sizes() == at::IntArrayRef({2, 10}));
  y.sum().backward();
  CATCH_CHECK(net->layers().back().weight.grad().defined());
}
