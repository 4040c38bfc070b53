#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "dsl/support.hpp"
#include "net/families/build_network.hpp"
#include "spec/space_ops.hpp"
#include <algorithm>
#include "zcnas/net/flops.hpp"

using namespace zcnas;

namespace {
struct Reference {
  std::string arch;
  double params_m;  // millions, printed to 6 decimals
  double flops_m;
};

std::vector<Reference> nb201_reference() {
  std::ifstream in(test::data_dir() + "/nb201_zc/nb201_zc_proxies.csv");
  if (!in) throw std::runtime_error("data/nb201_zc/nb201_zc_proxies.csv is missing");
  std::string line;
  std::getline(in, line);  // net,net_str,epe_nas,fisher,flops,grad_norm,grasp,jacov,l2_norm,nwot,params,...
  std::vector<Reference> rows;
  while (std::getline(in, line)) {
    const std::size_t close = line.find("\",");  // the quoted tuple
    std::vector<std::string> cells;
    std::stringstream rest(line.substr(close + 2));
    std::string cell;
    while (std::getline(rest, cell, ',')) cells.push_back(cell);
    // cells: net_str, epe_nas, fisher, flops, grad_norm, grasp, jacov, l2_norm, nwot, params, ...
    rows.push_back({cells.at(0), std::stod(cells.at(9)), std::stod(cells.at(3))});
  }
  return rows;
}

// Every `stride`-th reference cell: params exact to the printed precision, FLOPs within 1%.
void check_params(std::size_t stride) {
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  const auto rows = nb201_reference();
  CATCH_REQUIRE(rows.size() == 9445);
  std::size_t checked = 0, mismatched = 0;
  double worst_flops_error = 0;
  for (std::size_t r = 0; r < rows.size(); r += stride) {
    auto arch = spec::from_canonical(space, rows[r].arch);
    CATCH_REQUIRE(arch);
    auto net = net::build_network(space, *arch, 0);
    CATCH_REQUIRE(net);
    const double ours = std::round(static_cast<double>(net->parameter_count())) / 1e6;
    auto flops = count_flops(*net, {3, 32, 32});
    CATCH_REQUIRE(flops);
    const double flops_error = std::fabs(flops->total / 1e6 - rows[r].flops_m) / rows[r].flops_m;
    worst_flops_error = std::max(worst_flops_error, flops_error);
    if (std::fabs(ours - rows[r].params_m) > 0.5e-6) {
      ++mismatched;
      CATCH_CAPTURE(rows[r].arch, ours, rows[r].params_m);
      CATCH_CHECK(std::fabs(ours - rows[r].params_m) <= 0.5e-6);
    }
    ++checked;
  }
  CATCH_CHECK(mismatched == 0);
  CATCH_CHECK(checked == (rows.size() + stride - 1) / stride);
  CATCH_CHECK(worst_flops_error < 0.01);
  // Measured: the fitted convention leaves a constant 1,078 FLOPs unexplained (0.0136% of
  // the smallest cell's 7.9M); far inside the 1% asked for, short of exact.
  CATCH_CHECK(worst_flops_error < 2e-4);
}
}  // namespace

CATCH_TEST_CASE("NAS-Bench-201 params and FLOPs agree with NAS-Bench-Suite-Zero on a fixed sample of 500 cells",
                "[net][nb201]") {
  check_params(19);  // 9,445 / 19 -> 498 cells spread over the file
}

CATCH_TEST_CASE("NAS-Bench-201 params and FLOPs agree with NAS-Bench-Suite-Zero on all 9,445 cells",
                "[.slow][net][nb201]") {
  check_params(1);
}

CATCH_TEST_CASE("a NAS-Bench-201 network runs forward and backward with taps at every ReLU", "[net][nb201]") {
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  auto arch = spec::from_canonical(
      space, "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|none~2|");
  CATCH_REQUIRE(arch);
  auto net = net::build_network(space, *arch, 0);
  CATCH_REQUIRE(net);
  // Cells: 3 ReLUConvBN edges x 15 cells; 2 reduction blocks x 2; the stem; the classifier.
  CATCH_CHECK(net->layers().size() == 1 + 15 * 3 + 2 * 3 + 1);
  CATCH_CHECK(net->activations().size() == 15 * 3 + 2 * 2 + 1);
  CATCH_CHECK(net->layers().front().name == "stem_conv");
  CATCH_CHECK(net->layers()[1].name == "stage0_cell0.edge_0_1.op.conv");
  CATCH_CHECK(net->layers().back().name == "classifier");
  torch::manual_seed(0);
  at::Tensor y = net->forward(torch::randn({2, 3, 32, 32}));
  CATCH_CHECK(y.sizes() == at::IntArrayRef({2, 10}));
  y.sum().backward();
  CATCH_CHECK(net->layers().front().weight.grad().defined());
  // Same seed, same weights; another seed, others.
  auto again = net::build_network(space, *arch, 0), other = net::build_network(space, *arch, 1);
  CATCH_CHECK(torch::equal(again->layers()[5].weight, net->layers()[5].weight));
  CATCH_CHECK_FALSE(torch::equal(other->layers()[5].weight, net->layers()[5].weight));
}

CATCH_TEST_CASE("a family without a builder is refused by name", "[net][nb201]") {
  spec::SearchSpace space = test::shipped_space("nasbench201");
  space.family = "imaginary";  // the DSL refuses unknown families; a builder must too
  spec::Rng rng(0);
  auto net = net::build_network(space, spec::sample(space, rng), 0);
  CATCH_REQUIRE_FALSE(net);
  CATCH_CHECK(net.error().kind() == ErrorKind::unsupported);
  CATCH_CHECK(net.error().to_string() ==
              "family 'imaginary' has no network builder yet; built: cell_network, darts, nasbench101, "
              "transnas_macro, transnas_micro, vit");
}
