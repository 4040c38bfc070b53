// Our proxies against NAS-Bench-Suite-Zero on real NAS-Bench-201 cells: rank agreement with
// its published scores (data/nb201_zc/nb201_zc_proxies.csv), and Spearman with CIFAR-10
// validation accuracy (data/nb201_zc/nb201_valid_nets.csv) beside its own.
//
// The sample is fixed and stratified: the 9,445 cells sorted by accuracy, every k-th taken.
// CI scores 24 cells; `ctest -L slow` scores 200 (bars and measured values: bench/results/
// proxy_agreement.md). Batches: CIFAR-10 training images, batch 64, seed 0 (as the suite: one
// minibatch of CIFAR-10, batch 64; its images and initial weights are not published, so no
// score can be reproduced exactly, only its ranking).

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "dsl/support.hpp"
#include "plugin/proxy_instances.hpp"
#include "score/score_run.hpp"
#include "support/shipped_plugins.hpp"
#include "table/csv_table.hpp"
#include "zcnas/stats/rank_correlation.hpp"

using namespace zcnas;

namespace {

struct Reference {
  std::vector<std::string> archs;
  std::vector<double> accuracy;
  std::map<std::string, std::vector<double>> theirs;  // by proxy
};

// `cells` NB201 cells evenly spaced in accuracy rank, with the suite's scores.
Reference reference_sample(std::size_t cells) {
  auto scores = table::read_csv(test::data_dir() + "/nb201_zc/nb201_zc_proxies.csv");
  auto accs = table::read_csv(test::data_dir() + "/nb201_zc/nb201_valid_nets.csv");
  CATCH_REQUIRE(scores);
  CATCH_REQUIRE(accs);
  std::map<std::string, double> acc_of;
  const auto& acc_arch = **accs->texts("net_str");
  const auto acc = *accs->numbers("val_accs");
  for (std::size_t i = 0; i < acc_arch.size(); ++i) acc_of[acc_arch[i]] = acc[i];
  const auto& archs = **scores->texts("net_str");
  std::vector<std::size_t> order(archs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return acc_of.at(archs[a]) < acc_of.at(archs[b]); });
  Reference ref;
  std::vector<std::size_t> picked;
  for (std::size_t i = 0; i < cells; ++i) picked.push_back(order[(2 * i + 1) * order.size() / (2 * cells)]);
  for (std::size_t row : picked) {
    ref.archs.push_back(archs[row]);
    ref.accuracy.push_back(acc_of.at(archs[row]));
  }
  for (const auto& column : scores->header) {
    if (column == "net" || column == "net_str") continue;
    const auto values = *scores->numbers(column);
    for (std::size_t row : picked) ref.theirs[column].push_back(values[row]);
  }
  return ref;
}

// Our scores of `ref`'s cells, by proxy.
// Only the proxies the suite has a column for: the rest (tenas_ntk's 64 backward passes a
// cell among them) would only slow the test down.
std::map<std::string, std::vector<double>> our_scores(const Reference& ref, std::uint64_t seed,
                                                      const std::vector<std::string>& names) {
  plugin::PluginHost& host = test::shipped_plugins();
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  auto proxies = plugin::instantiate_named_proxies(names, {}, {}, host);
  CATCH_REQUIRE(proxies);
  score::ScoreOptions options;
  options.batch_size = 64;
  options.seed = seed;
  options.data_dirs = {test::data_dir()};
  options.device = c10::Device(test::device_name());
  auto run = score::ScoreRun::prepare(space, std::move(*proxies), options);
  CATCH_REQUIRE(run);
  std::map<std::string, std::vector<double>> ours;
  for (std::size_t i = 0; i < ref.archs.size(); ++i) {
    for (const auto& o : run->score(i, ref.archs[i]).outcomes) {
      if (!o.ok) CATCH_WARN(o.error);
      ours[o.proxy].push_back(o.ok ? o.score : std::nan(""));
    }
  }
  return ours;
}

// Agreement bars: at least this Spearman between our score and the suite's on the sample.
// Its images and initial weights are not published, so a data- or init-dependent proxy can
// agree with it only as well as it agrees with itself across two of our seeds. Measured on
// 48 cells (bench/results/proxy_agreement.md), ours vs suite / ours seed 0 vs seed 1:
// params, flops, synflow 1.000 / 1.000; zen .998 / .998; nwot .993 / .995; grad_norm .986 / .991;
// snip .985 / .991; fisher .983 / .989 (2.0, channels weighted by fan-in as the suite; per channel it
// was .948); l2_norm .937 / .951; jacov .922 / .941;
// epe_nas .915 / .886; grasp .692 / .776; plain .209 / .180. Bars sit a little below, low
// enough for the 24-cell CI sample too (there snip measured .932, fisher .925).
const std::map<std::string, double> kAgreement = {
    {"params", 0.999}, {"flops", 0.999},   {"synflow", 0.99}, {"zen", 0.95},     {"nwot", 0.95},
    {"snip", 0.9},     {"grad_norm", 0.95}, {"fisher", 0.9},  {"l2_norm", 0.9},  {"jacov", 0.85},
    {"epe_nas", 0.8},  {"grasp", 0.6},
    // plain (a signed sum of dL/dW * W) changes its ranking with every batch: .18 between two
    // of our seeds. The bar only asks that it is not anti-correlated with the suite's.
    {"plain", 0.0},
};
// Proxies whose Spearman with accuracy is not compared with the suite's:
// - plain: itself batch noise (-.35 with seed 0, suite -.72 on the same 48 cells);
// - grasp: ours is steadily higher than the suite's on the 200 cells, .514 / .513 / .530 with
//   seeds 0 / 1 / 2 against its .444 (agreement with it .64-.68, with ourselves across seeds
//   .76): a protocol difference not found yet (NASLib's grasp.py computes the same -W . Hg),
//   reported in bench/results/proxy_agreement.md rather than hidden by a wider tolerance.
const std::set<std::string> kUnmatchedAccuracy = {"plain", "grasp"};

void check_against_reference(std::size_t cells, double accuracy_tolerance) {
  const Reference ref = reference_sample(cells);
  std::vector<std::string> names;
  for (const auto& [proxy, bar] : kAgreement) names.push_back(proxy);
  const auto ours = our_scores(ref, 0, names);
  for (const auto& [proxy, bar] : kAgreement) {
    CATCH_REQUIRE(ours.count(proxy) == 1);
    const double agree = stats::spearman(ours.at(proxy), ref.theirs.at(proxy));
    const double rho_ours = stats::spearman(ours.at(proxy), ref.accuracy);
    const double rho_theirs = stats::spearman(ref.theirs.at(proxy), ref.accuracy);
    CATCH_INFO(proxy << ": agreement " << agree << " (bar " << bar << "), rho with accuracy " << rho_ours
                     << " vs suite " << rho_theirs << " on " << cells << " cells");
    CATCH_CHECK(agree >= bar);
    if (kUnmatchedAccuracy.count(proxy) == 0) CATCH_CHECK(std::abs(rho_ours - rho_theirs) <= accuracy_tolerance);
  }
}

}  // namespace

CATCH_TEST_CASE("proxies rank 24 NB201 cells as NAS-Bench-Suite-Zero does", "[proxies][reference]") {
  check_against_reference(24, 0.2);
}

CATCH_TEST_CASE("proxies rank 200 NB201 cells as NAS-Bench-Suite-Zero does", "[.slow][proxies][reference]") {
  check_against_reference(200, 0.05);
}
