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

// DARTS's own evaluation network (quark0/darts @ f276dd3, cnn/model.py NetworkCIFAR(36, 10, 20,
// auxiliary=False, genotypes.DARTS_V2)) counts 3,349,342 parameters, printed by running that
// code here with PyTorch; its ops keep affine BatchNorm, which `op_bn = affine` selects. The
// default (NAS-Bench-301's plain op BatchNorm) is 33,264 fewer: 2 x the channels of every op
// BatchNorm of this genotype (5 sep_conv_3x3 x 2 + 1 dil_conv_3x3 per normal cell).
CATCH_TEST_CASE("DARTS_V2 at DARTS's evaluation setting has DARTS's parameter count with affine op BatchNorm",
                "[net][nb301]") {
  spec::SearchSpace space = test::shipped_space("darts");
  space.settings["init_channels"] = spec::Value::integer(36);
  space.settings["layers"] = spec::Value::integer(20);
  const std::string v2 =
      "normal.in(0,0)=0;normal.op(0,0)=sep_conv_3x3;normal.in(0,1)=1;normal.op(0,1)=sep_conv_3x3;"
      "normal.in(1,0)=0;normal.op(1,0)=sep_conv_3x3;normal.in(1,1)=1;normal.op(1,1)=sep_conv_3x3;"
      "normal.in(2,0)=1;normal.op(2,0)=sep_conv_3x3;normal.in(2,1)=0;normal.op(2,1)=skip_connect;"
      "normal.in(3,0)=0;normal.op(3,0)=skip_connect;normal.in(3,1)=2;normal.op(3,1)=dil_conv_3x3;"
      "reduce.in(0,0)=0;reduce.op(0,0)=max_pool_3x3;reduce.in(0,1)=1;reduce.op(0,1)=max_pool_3x3;"
      "reduce.in(1,0)=2;reduce.op(1,0)=skip_connect;reduce.in(1,1)=1;reduce.op(1,1)=max_pool_3x3;"
      "reduce.in(2,0)=0;reduce.op(2,0)=max_pool_3x3;reduce.in(2,1)=2;reduce.op(2,1)=skip_connect;"
      "reduce.in(3,0)=2;reduce.op(3,0)=skip_connect;reduce.in(3,1)=1;reduce.op(3,1)=max_pool_3x3";
  auto arch = spec::from_canonical(space, v2);
  CATCH_REQUIRE(arch);
  auto plain = net::build_network(space, *arch, 0);
  CATCH_REQUIRE(plain);
  CATCH_CHECK(plain->parameter_count() == 3349342 - 33264);
  space.settings["op_bn"] = spec::Value::identifier("affine");
  auto affine = net::build_network(space, *arch, 0);
  CATCH_REQUIRE(affine);
  CATCH_CHECK(affine->parameter_count() == 3349342);
  space.settings["op_bn"] = spec::Value::identifier("batchnorm");
  auto wrong = net::build_network(space, *arch, 0);
  CATCH_REQUIRE_FALSE(wrong);
  CATCH_CHECK_THAT(wrong.error().to_string(), Catch::Contains("op_bn is plain or affine, not 'batchnorm'"));
}
