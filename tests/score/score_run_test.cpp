// Scoring runs end to end on real NAS-Bench-201 networks and real CIFAR-10 batches: every
// shipped proxy gives a finite score, passes are shared, failures are recorded and the run
// goes on, and the CSV and protocol say what happened.

#include <catch2/catch.hpp>
#include <torch/torch.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dsl/parser.hpp"
#include "dsl/support.hpp"
#include "net/families/build_network.hpp"
#include "plugin/proxy_instances.hpp"
#include "proxy/proxy_runner.hpp"
#include "score/score_run.hpp"
#include "score/score_writer.hpp"
#include "spec/space_ops.hpp"
#include "support/shipped_plugins.hpp"
#include "table/csv_table.hpp"
#include "zcnas/probe/layer_gradients.hpp"

using namespace zcnas;

namespace {

const char* kBestCell = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";
const char* kMixedCell = "|avg_pool_3x3~0|+|skip_connect~0|none~1|+|nor_conv_1x1~0|avg_pool_3x3~1|nor_conv_1x1~2|";

score::ScoreOptions small_run() {
  score::ScoreOptions o;
  o.dataset = "cifar10";
  o.batch_size = 16;
  o.seed = 3;
  o.data_dirs = {test::data_dir()};
  o.device = c10::Device(test::device_name());
  return o;
}

// Every proxy of `names` must score `arch` under `options`; their scores in that order, and the
// run's protocol as one line of JSON when `protocol` is given.
std::vector<double> scores_of(const spec::SearchSpace& space, const std::vector<std::string>& names,
                              const score::ScoreOptions& options, const std::string& arch,
                              std::string* protocol = nullptr) {
  std::vector<spec::ProxyDecl> none;
  auto proxies = plugin::instantiate_named_proxies(names, {}, none, test::shipped_plugins());
  CATCH_REQUIRE(proxies);
  auto run = score::ScoreRun::prepare(space, std::move(*proxies), options);
  CATCH_REQUIRE(run);
  if (protocol != nullptr) *protocol = score::protocol_json(run->protocol(), -1);
  const auto r = run->score(0, arch);
  std::vector<double> scores;
  for (const auto& o : r.outcomes) {
    CATCH_INFO(o.proxy << ": " << o.error);
    CATCH_REQUIRE(o.ok);
    scores.push_back(o.score);
  }
  return scores;
}

}  // namespace

CATCH_TEST_CASE("every shipped proxy scores a real NB201 cell on CIFAR-10, on three shared passes", "[score]") {
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  auto proxies = plugin::instantiate_all_proxies(test::shipped_plugins());
  CATCH_REQUIRE(proxies);
  CATCH_CHECK(proxies->size() >= 16);
  auto arch = spec::from_canonical(space, kBestCell);
  CATCH_REQUIRE(arch);
  auto built = net::build_network(space, *arch, 0);
  CATCH_REQUIRE(built);
  auto run = score::ScoreRun::prepare(space, {}, small_run());
  CATCH_CHECK_FALSE(run);  // no proxies: refused

  // The same batches a run would use, straight into a context, to count passes.
  auto all = std::move(*proxies);
  auto prepared = score::ScoreRun::prepare(space, std::move(all), small_run());
  CATCH_REQUIRE(prepared);
  const auto result = prepared->score(0, kBestCell);
  for (const auto& o : result.outcomes) {
    CATCH_INFO(o.proxy << ": " << o.error);
    CATCH_CHECK(o.ok);
    CATCH_CHECK(std::isfinite(o.score));
  }
}

CATCH_TEST_CASE("one forward per batch serves the whole pool", "[score]") {
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  auto proxies = plugin::instantiate_all_proxies(test::shipped_plugins());
  CATCH_REQUIRE(proxies);
  auto arch = spec::from_canonical(space, kMixedCell);
  auto built = net::build_network(space, *arch, 0);
  CATCH_REQUIRE(built);
  Network net = std::move(*built);
  std::vector<Batch> batches;
  for (int b = 0; b < 2; ++b)
    batches.push_back({torch::randn({8, 3, 32, 32}), torch::randint(0, 10, {8}, torch::kLong)});
  ProbeContext ctx(net, batches, {}, net::network_factory(space, *arch));  // tenas_lr builds a thin copy
  proxy::run_proxies(*proxies, ctx, kMixedCell, nullptr, {}, [&](std::size_t i, proxy::ProxyOutcome& out) {
    CATCH_INFO((*proxies)[i].name << ": " << out.error);
    CATCH_CHECK(out.ok);
  });
  // Cross-entropy on batches 0 and 1 (ZiCo); jacov's and epe_nas's input Jacobian is a second
  // backward over batch 0's forward. Synflow, grasp and zen run their own forwards on changed
  // weights or for second derivatives; the proxies that run after the cache is dropped ask it
  // for nothing (or this count would grow).
  CATCH_CHECK(ctx.passes_computed() == 2);
}

CATCH_TEST_CASE("proxies with passes of their own run after the shared ones, the cache dropped", "[score]") {
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  auto arch = spec::from_canonical(space, kMixedCell);
  CATCH_REQUIRE(arch);
  const std::vector<std::string> names{"vkdnw", "grad_norm", "params", "snip"};
  torch::manual_seed(11);
  const std::vector<Batch> batches{{torch::randn({8, 3, 32, 32}), torch::randint(0, 10, {8}, torch::kLong)}};
  auto in_context = [&](bool listed_order, std::vector<std::size_t>* started) {
    auto proxies = plugin::instantiate_named_proxies(names, {}, {}, test::shipped_plugins());
    CATCH_REQUIRE(proxies);
    auto built = net::build_network(space, *arch, 0);
    CATCH_REQUIRE(built);
    ProbeContext ctx(*built, batches, {});
    std::vector<double> scores(names.size());
    if (listed_order) {
      proxy::plan_passes(*proxies, ctx);
      for (std::size_t i = 0; i < names.size(); ++i) scores[i] = proxy::run_proxy((*proxies)[i], ctx, kMixedCell).score;
      return scores;
    }
    proxy::run_proxies(
        *proxies, ctx, kMixedCell, nullptr, [&](std::size_t i) { started->push_back(i); },
        [&](std::size_t i, proxy::ProxyOutcome& o) {
          CATCH_INFO(o.proxy << ": " << o.error);
          CATCH_CHECK(o.ok);
          scores[i] = o.score;
        });
    // Dropped: no gradients left on the network, and the pass is computed again when asked.
    for (const auto& p : built->module().parameters()) CATCH_CHECK_FALSE(p.grad().defined());
    CATCH_CHECK(ctx.passes_computed() == 1);
    CATCH_REQUIRE(ctx.pass(0, gradients::weight_gradient_request()));
    CATCH_CHECK(ctx.passes_computed() == 2);
    return scores;
  };
  std::vector<std::size_t> started;
  const auto reordered = in_context(false, &started);
  // grad_norm and snip read the shared pass; vkdnw runs its own passes, params none: each group
  // in the listed order.
  CATCH_CHECK(started == std::vector<std::size_t>{1, 3, 0, 2});
  // The order changes no score: the same bits as the listed order.
  const auto listed = in_context(true, nullptr);
  for (std::size_t i = 0; i < names.size(); ++i) {
    CATCH_INFO(names[i]);
    CATCH_CHECK(reordered[i] == listed[i]);
  }
}

CATCH_TEST_CASE("a run streams rows, records failures with reasons and writes its protocol", "[score]") {
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  plugin::PluginHost host;
  CATCH_REQUIRE(host.load_directory(test::plugin_dir()).empty());
  CATCH_REQUIRE(host.load_file(test::fixture("faulty_proxy")));
  std::vector<spec::ProxyDecl> none;
  auto proxies = plugin::instantiate_named_proxies({"nwot", "synflow", "fixture_faulty"}, {}, none, host);
  CATCH_REQUIRE(proxies);
  auto run = score::ScoreRun::prepare(space, std::move(*proxies), small_run());
  CATCH_REQUIRE(run);
  const std::string csv = test::build_dir() + "/tests/score_run.csv";
  const std::string json = test::build_dir() + "/tests/score_run.json";
  auto writer = score::ScoreWriter::open(csv, json, run->protocol());
  CATCH_REQUIRE(writer);
  for (const auto* a : {kBestCell, "|nor_conv_3x3~0|+|bogus~0|"}) CATCH_REQUIRE((*writer)->write(run->score(0, a)));
  CATCH_REQUIRE((*writer)->finish());

  auto table = table::read_csv(csv);
  CATCH_REQUIRE(table);
  CATCH_CHECK(table->header == std::vector<std::string>{"arch", "proxy", "score", "seconds", "status", "error"});
  CATCH_REQUIRE(table->rows.size() == 6);
  CATCH_CHECK(table->rows[0][0] == kBestCell);
  CATCH_CHECK(table->rows[0][4] == "ok");
  CATCH_CHECK(table->rows[2][1] == "fixture_faulty");
  CATCH_CHECK(table->rows[2][4] == "failed");
  CATCH_CHECK_FALSE(table->rows[2][5].empty());
  CATCH_CHECK(table->rows[3][4] == "failed");  // the bogus architecture, with the parser's reason
  CATCH_CHECK(table->rows[3][5].find("bogus") != std::string::npos);

  std::ifstream side(csv + ".protocol.json");
  const auto protocol = nlohmann::json::parse(side);
  CATCH_CHECK(protocol["dataset"]["name"] == "cifar10");
  CATCH_CHECK(protocol["batch_size"] == 16);
  CATCH_CHECK(protocol["seed"] == 3);
  CATCH_CHECK(protocol["batchnorm"] == "train");
  CATCH_CHECK(protocol["batch_rows"][0].size() == 16);
  CATCH_CHECK(protocol["proxies"][1]["name"] == "synflow");
  CATCH_CHECK(protocol["proxies"][1]["params"] == "batchnorm=false, log=true");
  std::ifstream doc_in(json);
  const auto doc = nlohmann::json::parse(doc_in);
  CATCH_CHECK(doc["scores"].size() == 6);
  CATCH_CHECK(doc["timing"]["nwot"]["architectures"] == 2);
}

CATCH_TEST_CASE("the same seed gives the same scores, another seed other batches", "[score]") {
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  auto score_once = [&](std::uint64_t seed) {
    std::vector<spec::ProxyDecl> none;
    auto proxies = plugin::instantiate_named_proxies({"snip", "jacov"}, {}, none, test::shipped_plugins());
    auto options = small_run();
    options.seed = seed;
    auto run = score::ScoreRun::prepare(space, std::move(*proxies), options);
    const auto r = run->score(0, kMixedCell);
    return std::vector<double>{r.outcomes[0].score, r.outcomes[1].score};
  };
  CATCH_CHECK(score_once(1) == score_once(1));
  CATCH_CHECK(score_once(1) != score_once(2));
}

CATCH_TEST_CASE("the classifier follows the dataset and the input size can be the benchmark's", "[score]") {
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  auto proxies = plugin::instantiate_named_proxies({"params"}, {}, {}, test::shipped_plugins());
  CATCH_REQUIRE(proxies);
  score::ScoreOptions o = small_run();
  o.dataset = "imagenet16-120";
  o.input_size = 16;
  auto run = score::ScoreRun::prepare(space, std::move(*proxies), o);
  CATCH_REQUIRE(run);
  CATCH_CHECK(run->protocol().classes == 120);
  CATCH_CHECK(run->protocol().input_shape == std::vector<std::int64_t>{3, 16, 16});
  const auto result = run->score(0, kBestCell);
  CATCH_REQUIRE(result.outcomes.front().ok);
  // The best cell with a 120-way classifier: 1,073,128 parameters on CIFAR-10's 10 classes
  // plus 110 more outputs of the 64-wide linear layer (64 weights + 1 bias each).
  auto ten = plugin::instantiate_named_proxies({"params"}, {}, {}, test::shipped_plugins());
  auto run10 = score::ScoreRun::prepare(space, std::move(*ten), small_run());
  CATCH_REQUIRE(run10);
  const double p10 = run10->score(0, kBestCell).outcomes.front().score;
  CATCH_CHECK(result.outcomes.front().score == p10 + 110 * 65);
}

CATCH_TEST_CASE("lswag scores a GELU vision transformer on CIFAR-10 as it scores ReLU cells", "[score][lswag]") {
  // A small AutoFormer-family space (same family code as the shipped ones, 32 x 32 input).
  auto program = dsl::parse_text(R"(space mini_vit { family = vit; input = [3, 32, 32]; classes = 10; patch = 8;
      embed_dim in { 24, 32 }; depth in { 2, 3 }; per layer (depth) { mlp_ratio in { 2.0 }; num_heads in { 2 }; } })",
                                 "mini_vit.zc");
  CATCH_REQUIRE(program);
  const spec::SearchSpace space = program->spaces[0];
  config::ProxyInstance psi_only;
  psi_only.name = "psi";
  psi_only.plugin = "lswag";
  psi_only.params = {{"use_lambda", false}};
  auto proxies = plugin::instantiate_proxies({psi_only}, test::shipped_plugins());
  CATCH_REQUIRE(proxies);
  auto lswag = plugin::instantiate_named_proxies({"lswag"}, {}, {}, test::shipped_plugins());
  CATCH_REQUIRE(lswag);
  proxies->push_back(std::move(lswag->front()));
  auto run = score::ScoreRun::prepare(space, std::move(*proxies), small_run());
  CATCH_REQUIRE(run);
  for (const char* arch : {"embed_dim=24;depth=2;mlp_ratio[0]=2.0;mlp_ratio[1]=2.0;num_heads[0]=2;num_heads[1]=2",
                           "embed_dim=32;depth=3;mlp_ratio[0]=2.0;mlp_ratio[1]=2.0;mlp_ratio[2]=2.0;num_heads[0]=2;"
                           "num_heads[1]=2;num_heads[2]=2"}) {
    const auto result = run->score(0, arch);
    for (const auto& o : result.outcomes) {
      CATCH_INFO(arch << " " << o.proxy << ": " << o.error);
      CATCH_REQUIRE(o.ok);
      CATCH_CHECK(std::isfinite(o.score));
    }
    // Psi: the GELU units' patterns over 16 samples; far more than one, at most 2^16.
    CATCH_CHECK(result.outcomes[0].score > 10);
    CATCH_CHECK(result.outcomes[1].score > result.outcomes[0].score);  // Lambda > 1 multiplies it
  }
}

CATCH_TEST_CASE("sub-batch passes score a transformer as whole batches do, to float rounding", "[score][chunk]") {
  // No BatchNorm, so the samples do not interact: passes of 5 + 5 + 5 + 1 samples, joined,
  // are the batch of 16's pass. Without GraSP, whose planned kept graph would make batch 0's
  // pass a whole one (context_test checks that).
  auto program = dsl::parse_text(R"(space mini_vit { family = vit; input = [3, 32, 32]; classes = 10; patch = 8;
      embed_dim in { 32 }; depth in { 3 }; per layer (depth) { mlp_ratio in { 2.0 }; num_heads in { 2 }; } })",
                                 "mini_vit.zc");
  CATCH_REQUIRE(program);
  const spec::SearchSpace space = program->spaces[0];
  const char* arch = "embed_dim=32;depth=3;mlp_ratio[0]=2.0;mlp_ratio[1]=2.0;mlp_ratio[2]=2.0;num_heads[0]=2;"
                     "num_heads[1]=2;num_heads[2]=2";
  const std::vector<std::string> names{"lswag", "zico", "swap", "nwot", "grad_norm", "snip", "fisher",
                                       "jacov", "epe_nas", "plain"};
  auto score_with = [&](std::int64_t chunk, std::string* protocol) {
    auto options = small_run();
    options.pass_chunk = chunk;
    CATCH_INFO("pass_chunk " << chunk);
    return scores_of(space, names, options, arch, protocol);
  };
  std::string whole_protocol, chunked_protocol;
  const auto whole = score_with(0, &whole_protocol), chunked = score_with(5, &chunked_protocol);
  CATCH_REQUIRE(whole.size() == names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    CATCH_INFO(names[i] << ": whole " << whole[i] << ", chunked " << chunked[i]);
    // 1/sigma over two batches amplifies rounding where two gradients nearly agree (L-SWAG, ZiCo).
    CATCH_CHECK(chunked[i] == Approx(whole[i]).epsilon(1e-3));
  }
  CATCH_CHECK(chunked != whole);  // the sub-batches did reach the arithmetic
  // The record says so, and the store keeps the two apart.
  CATCH_CHECK(chunked_protocol.find("\"pass_chunk\":5") != std::string::npos);
  CATCH_CHECK(whole_protocol.find("pass_chunk") == std::string::npos);
}

CATCH_TEST_CASE("sub-batch passes are refused where the samples interact", "[score][chunk]") {
  // NB201 cells have BatchNorm in training mode: each pass-based proxy fails with the reason;
  // the network's other proxies (params) still score.
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  std::vector<spec::ProxyDecl> none;
  auto proxies = plugin::instantiate_named_proxies({"grad_norm", "params"}, {}, none, test::shipped_plugins());
  CATCH_REQUIRE(proxies);
  auto options = small_run();
  options.pass_chunk = 4;
  auto run = score::ScoreRun::prepare(space, std::move(*proxies), options);
  CATCH_REQUIRE(run);
  const auto r = run->score(0, kBestCell);
  CATCH_REQUIRE(r.outcomes.size() == 2);
  CATCH_CHECK_FALSE(r.outcomes[0].ok);
  CATCH_CHECK_THAT(r.outcomes[0].error, Catch::Contains("BatchNorm in training mode"));
  CATCH_CHECK(r.outcomes[1].ok);
}

CATCH_TEST_CASE("tenas_lr counts regions on TE-NAS's thin copy of the scored cell", "[score][tenas]") {
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  auto run_with = [&](std::map<std::string, ParamValue> params) {
    config::ProxyInstance lr;
    lr.name = "tenas_lr";
    lr.plugin = "tenas_lr";
    lr.params = std::move(params);
    for (const auto& [k, v] : lr.params) lr.param_locations[k] = {"test", 1, 1};
    auto proxies = plugin::instantiate_proxies({lr}, test::shipped_plugins());
    CATCH_REQUIRE(proxies);
    auto run = score::ScoreRun::prepare(space, std::move(*proxies), small_run());
    CATCH_REQUIRE(run);
    return std::move(*run);
  };
  auto run = run_with({});
  // Every edge none: nothing reaches a ReLU but zeros (the last BN of a zero map is zero), one code.
  const auto dead = run.score(0, "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
  CATCH_REQUIRE(dead.outcomes[0].ok);
  CATCH_CHECK(dead.outcomes[0].score == 1);
  // A live cell: many regions among the 3,000 one-channel 4 x 4 crops, not one per crop.
  const auto live = run.score(0, kBestCell);
  CATCH_REQUIRE(live.outcomes[0].ok);
  CATCH_CHECK(live.outcomes[0].score > 10);
  CATCH_CHECK(live.outcomes[0].score < 3000);
  CATCH_CHECK(run.score(0, kBestCell).outcomes[0].score == live.outcomes[0].score);  // reproducible
  // A thin setting the space does not have is named.
  auto bad = run_with({{"thin", std::string("stem=1; widht=3")}});
  const auto refused = bad.score(0, kBestCell);
  CATCH_CHECK_FALSE(refused.outcomes[0].ok);
  CATCH_CHECK_THAT(refused.outcomes[0].error, Catch::Contains("no setting 'widht'"));
}

CATCH_TEST_CASE("channels-last networks and batches score as contiguous ones, to float rounding", "[score]") {
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  auto score_with = [&](bool channels_last) {
    auto options = small_run();
    options.channels_last = channels_last;
    return scores_of(space, {"grad_norm", "grasp", "nwot", "jacov", "synflow"}, options, kBestCell);
  };
  const auto contiguous = score_with(false), channels_last = score_with(true);
  for (std::size_t i = 0; i < contiguous.size(); ++i) {
    CATCH_INFO("proxy " << i);
    CATCH_CHECK(channels_last[i] == Approx(contiguous[i]).epsilon(1e-2));
  }
  CATCH_CHECK(channels_last != contiguous);  // the layout did reach the arithmetic
}
