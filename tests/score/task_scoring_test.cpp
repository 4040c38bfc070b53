// TransNAS-Bench-101's tasks end to end: the batches each task makes from real images (the
// jigsaw's puzzles cut where its permutation says, the autoencoder's image targets), the
// networks the C++ families and the DSL macro space build for them (the two compared in
// tests/net/template_network_test.cpp), and scoring with --task:
// the head, the loss and the protocol follow the task; a task the space lacks is a located error.

#include <catch2/catch.hpp>
#include <torch/torch.h>

#include <cmath>
#include <fstream>

#include "data/tasks.hpp"
#include "dsl/support.hpp"
#include "net/families/build_network.hpp"
#include "plugin/proxy_instances.hpp"
#include "score/protocol_identity.hpp"
#include "score/score_run.hpp"
#include "score/score_writer.hpp"
#include "score/task_setup.hpp"
#include "spec/space_ops.hpp"
#include "support/scratch_dir.hpp"
#include "support/shipped_plugins.hpp"
#include "zcnas/net/flops.hpp"

using namespace zcnas;

namespace {

const char* kMicro = "64-41414-3_13_213";  // an op on every edge kind
const char* kMacro = "blocks=4;block[0]=1;block[1]=2;block[2]=4;block[3]=2";  // Suite-Zero's (1, 2, 4, 2, 0, 0)

spec::SearchSpace task_space(const std::string& name, const std::string& task) {
  spec::SearchSpace space = test::shipped_space(name);
  auto chosen = score::choose_task(space, task);
  if (!chosen || !*chosen) throw std::runtime_error("no task " + task);
  score::apply_task(space, **chosen);
  return space;
}

Network build(const spec::SearchSpace& space, const std::string& text, std::uint64_t seed = 0) {
  auto arch = spec::from_canonical(space, text);
  if (!arch) throw std::runtime_error(arch.error().to_string());
  auto net = net::build_network(space, *arch, seed);
  if (!net) throw std::runtime_error(net.error().to_string());
  return std::move(*net);
}

score::ScoreOptions options(const std::string& task, std::int64_t batch) {
  score::ScoreOptions o;
  o.dataset = "imagenet";
  o.batch_size = batch;
  o.seed = 5;
  o.task = task;
  o.data_dirs = {test::data_dir()};
  return o;
}

}  // namespace

CATCH_TEST_CASE("the jigsaw's tiles are 64x64 crops of the grid cells its permutation names, in that order", "[score][task]") {
  const data::TaskProtocol* jigsaw = data::find_task("jigsaw");
  CATCH_REQUIRE(jigsaw);
  // Channel 0 a ramp along x, channel 1 along y: the centre crop and resize keep them ramps,
  // so a tile's mean tells which cell of the 3 x 3 grid it was cut from.
  const std::int64_t n = 6, size = jigsaw->image_size;
  at::Tensor ramp = torch::linspace(0, 1, size);
  at::Tensor images = torch::zeros({n, 3, size, size});
  images.select(1, 0).copy_(ramp.view({1, 1, size}).expand({n, size, size}));
  images.select(1, 1).copy_(ramp.view({1, size, 1}).expand({n, size, size}));
  std::vector<Batch> batches{{images, torch::zeros({n}, torch::kLong)}};
  auto made = data::task_batches(*jigsaw, batches, 9, {test::data_dir()});
  CATCH_REQUIRE(made);
  const Batch& b = made->at(0);
  CATCH_CHECK(b.inputs.sizes().vec() == std::vector<std::int64_t>{n, 27, 64, 64});
  CATCH_REQUIRE(b.labels.scalar_type() == at::kLong);
  auto perms = data::read_permutations(test::data_dir() + "/transnas/permutations_hamming_max_1000.txt");
  CATCH_REQUIRE(perms);
  CATCH_REQUIRE(perms->size() == 1000);
  // The ramp's value at output pixel p after the centre crop (229 of 255 from 13) and resize.
  auto pixel = [&](double value) { return (value * (size - 1) - 13 + 0.5) * size / 229.0 - 0.5; };
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t label = b.labels[i].item<std::int64_t>();
    CATCH_REQUIRE(label >= 0);
    CATCH_REQUIRE(label < 1000);
    for (std::int64_t t = 0; t < 9; ++t) {
      const at::Tensor tile = b.inputs[i].narrow(0, 3 * t, 3);
      const double x = pixel(tile[0].mean().item<double>()), y = pixel(tile[1].mean().item<double>());
      const std::int64_t cell = (*perms)[static_cast<std::size_t>(label)][static_cast<std::size_t>(t)];
      CATCH_CAPTURE(i, t, label, cell, x, y);
      // The tile's centre lies 32..53 pixels into its 85-pixel cell.
      CATCH_CHECK(x >= (cell % 3) * 85 + 30);
      CATCH_CHECK(x <= (cell % 3) * 85 + 55);
      CATCH_CHECK(y >= (cell / 3) * 85 + 30);
      CATCH_CHECK(y <= (cell / 3) * 85 + 55);
    }
  }
  // The seed decides the puzzles.
  auto again = data::task_batches(*jigsaw, batches, 9, {test::data_dir()});
  auto other = data::task_batches(*jigsaw, batches, 10, {test::data_dir()});
  CATCH_REQUIRE(again);
  CATCH_REQUIRE(other);
  CATCH_CHECK(torch::equal(again->at(0).inputs, b.inputs));
  CATCH_CHECK_FALSE(torch::equal(other->at(0).labels, b.labels));
}

CATCH_TEST_CASE("a permutation set that is not one names its file and line", "[score][task]") {
  const std::string dir = test::scratch_dir("task_permutations").string();
  const std::string path = dir + "/perms.txt";
  std::ofstream(path) << "0 1 2 3 4 5 6 7 8\n0 1 2 3 4 5 6 7 7\n";
  auto read = data::read_permutations(path);
  CATCH_REQUIRE_FALSE(read);
  CATCH_CHECK_THAT(read.error().message(), Catch::Contains(path + ":2:"));
  auto missing = data::task_batches(*data::find_task("jigsaw"), {}, 0, {dir});
  CATCH_REQUIRE_FALSE(missing);
  CATCH_CHECK_THAT(missing.error().message(), Catch::Contains("transnas/permutations_hamming_max_1000.txt"));
}

CATCH_TEST_CASE("each task's network has its head: a classifier, an image as large as the input, the jigsaw's 1,000 classes",
                "[score][task][net]") {
  for (const char* family : {"transnas_micro", "transnas_macro"}) {
    const std::string arch = std::string(family) == "transnas_micro" ? kMicro : kMacro;
    CATCH_CAPTURE(family);
    torch::NoGradGuard no_grad;
    Network scene = build(task_space(family, "class_scene"), arch);
    scene.train(false);
    CATCH_CHECK(scene.forward(torch::randn({2, 3, 256, 256})).sizes().vec() == std::vector<std::int64_t>{2, 63});
    Network autoencoder = build(task_space(family, "autoencoder"), arch);
    autoencoder.train(false);
    const at::Tensor image = autoencoder.forward(torch::randn({1, 3, 256, 256}));
    CATCH_CHECK(image.sizes().vec() == std::vector<std::int64_t>{1, 3, 256, 256});
    CATCH_CHECK(image.abs().max().item<double>() <= 1.0);  // Tanh
    CATCH_CHECK(autoencoder.layers().back().name == "decoder.conv14.conv");
    Network jigsaw = build(task_space(family, "jigsaw"), arch);
    jigsaw.train(false);
    CATCH_CHECK(jigsaw.layers().front().weight.size(1) == 3);  // the stem takes one tile
    CATCH_CHECK(jigsaw.forward(torch::randn({2, 27, 64, 64})).sizes().vec() == std::vector<std::int64_t>{2, 1000});
  }
}

CATCH_TEST_CASE("the jigsaw network is Siamese: its tiles share the encoder and its head sees them in tile order",
                "[score][task][net]") {
  // With BN on running statistics a tile's features do not depend on the other tiles: the
  // same tile in every position gives the head 9 equal feature blocks, and swapping two tiles
  // swaps two blocks of the head's input, so the output changes as the head's columns say.
  Network jigsaw = build(task_space("transnas_micro", "jigsaw"), kMicro, 2);
  jigsaw.train(false);
  torch::NoGradGuard no_grad;
  torch::manual_seed(4);
  const at::Tensor a = torch::randn({1, 3, 64, 64}), c = torch::randn({1, 3, 64, 64});
  std::vector<at::Tensor> tiles(9, a);
  tiles[0] = c;
  const at::Tensor first = jigsaw.forward(torch::cat(tiles, 1));
  std::swap(tiles[0], tiles[8]);
  const at::Tensor last = jigsaw.forward(torch::cat(tiles, 1));
  // The head is linear over [f(t0), ..., f(t8)]: moving c from slot 0 to slot 8 changes the
  // output by (W_8 - W_0) (f(c) - f(a)).
  const auto& head = jigsaw.layers().back();
  const std::int64_t width = head.weight.size(1) / 9;
  const at::Tensor w0 = head.weight.narrow(1, 0, width), w8 = head.weight.narrow(1, 8 * width, width);
  at::Tensor fa, fc;
  {
    // The last block's output, tile-major: row 0 is tile 0 of sample 0.
    std::vector<at::Tensor> blocks;
    jigsaw.module().forward_blocks(torch::cat(std::vector<at::Tensor>(9, a), 1), &blocks);
    fa = blocks.back().mean({2, 3}).narrow(0, 0, 1);
    blocks.clear();
    jigsaw.module().forward_blocks(torch::cat(std::vector<at::Tensor>(9, c), 1), &blocks);
    fc = blocks.back().mean({2, 3}).narrow(0, 0, 1);
  }
  const at::Tensor predicted = first + torch::matmul(fc - fa, (w8 - w0).t());
  CATCH_CHECK(torch::allclose(last, predicted, 1e-4, 1e-4));
}

CATCH_TEST_CASE("scoring with --task: the task's head, data and loss, recorded in the protocol", "[score][task]") {
  const spec::SearchSpace space = test::shipped_space("transnas_micro");
  std::vector<spec::ProxyDecl> none;
  // (Not synflow: on the autoencoder its all-ones pass saturates the final Tanh, every
  // gradient is 0 and synflow fails saying so.)
  for (const char* task : {"jigsaw", "autoencoder", "class_scene"}) {
    CATCH_CAPTURE(task);
    auto proxies = plugin::instantiate_named_proxies({"grad_norm", "snip", "nwot", "lswag"}, {}, none, test::shipped_plugins());
    CATCH_REQUIRE(proxies);
    auto run = score::ScoreRun::prepare(space, std::move(*proxies), options(task, 4));
    CATCH_REQUIRE(run);
    const score::Protocol& p = run->protocol();
    CATCH_CHECK(p.task == task);
    CATCH_CHECK_THAT(p.task_data, Catch::Contains("not Taskonomy's"));
    const auto result = run->score(0, kMicro);
    for (const auto& o : result.outcomes) {
      CATCH_INFO(o.proxy << ": " << o.error);
      CATCH_CHECK(o.ok);
      CATCH_CHECK(std::isfinite(o.score));
    }
    if (std::string(task) == "jigsaw") {
      CATCH_CHECK(p.input_shape == std::vector<std::int64_t>{27, 64, 64});
      CATCH_CHECK(p.classes == 1000);
    } else if (std::string(task) == "autoencoder") {
      CATCH_CHECK(p.input_shape == std::vector<std::int64_t>{3, 256, 256});
    } else {
      CATCH_CHECK(p.classes == 63);
    }
  }
  // The task is part of the protocol: another task, another hash (the store keeps both).
  auto a = plugin::instantiate_named_proxies({"nwot"}, {}, none, test::shipped_plugins());
  auto b = plugin::instantiate_named_proxies({"nwot"}, {}, none, test::shipped_plugins());
  auto ra = score::ScoreRun::prepare(space, std::move(*a), options("class_object", 4));
  auto rb = score::ScoreRun::prepare(space, std::move(*b), options("class_scene", 4));
  CATCH_REQUIRE(ra);
  CATCH_REQUIRE(rb);
  CATCH_CHECK(score::protocol_hash(ra->protocol()) != score::protocol_hash(rb->protocol()));
}

CATCH_TEST_CASE("the autoencoder's proxies differentiate the L1 loss against the image", "[score][task]") {
  // grad_norm of the autoencoder equals the norm of dL1/dW computed here by hand.
  const spec::SearchSpace space = test::shipped_space("transnas_micro");
  std::vector<spec::ProxyDecl> none;
  auto proxies = plugin::instantiate_named_proxies({"grad_norm"}, {}, none, test::shipped_plugins());
  CATCH_REQUIRE(proxies);
  auto run = score::ScoreRun::prepare(space, std::move(*proxies), options("autoencoder", 2));
  CATCH_REQUIRE(run);
  const auto result = run->score(0, kMicro);
  CATCH_REQUIRE(result.outcomes.at(0).ok);
  const Batch& b = run->batches().at(0);
  CATCH_CHECK(torch::equal(b.inputs, b.labels));
  // The inputs are normalised to -1..1 (mean 0.5, std 0.5).
  CATCH_CHECK(b.inputs.min().item<double>() >= -1.0 - 1e-6);
  CATCH_CHECK(b.inputs.max().item<double>() <= 1.0 + 1e-6);
  CATCH_CHECK(b.inputs.min().item<double>() < -0.5);
  spec::SearchSpace built_space = task_space("transnas_micro", "autoencoder");
  Network net = build(built_space, kMicro, 5);
  net.train(true);
  at::Tensor loss = torch::nn::functional::l1_loss(net.forward(b.inputs), b.labels);
  loss.backward();
  double sum = 0;
  for (const auto& layer : net.layers()) sum += layer.weight.grad().norm().item<double>();
  CATCH_CHECK(result.outcomes.at(0).score == Approx(sum).epsilon(1e-3));
}

// zero-cost-nas, NASLib (Suite-Zero's scores), ZiCo and L-SWAG's code iterate nn.Conv2d and
// nn.Linear modules; a decoder's nn.ConvTranspose2d is neither, so they leave it out.
CATCH_TEST_CASE("conv-linear proxy layers leave the decoder's transposed convolutions out of proxies, not out of FLOPs",
                "[score][task]") {
  spec::SearchSpace built_space = task_space("transnas_micro", "autoencoder");
  Network net = build(built_space, kMicro, 5);
  const std::size_t all = net.layers().size();
  std::size_t deconvs = 0;
  for (const auto& layer : net.layers()) deconvs += layer.kind == LayerKind::conv_transpose2d;
  CATCH_REQUIRE(deconvs >= 2);  // conv11 and conv13 always upsample
  auto before = count_flops(net, {3, 256, 256});
  CATCH_REQUIRE(before);
  // The activation after the first deconvolution belongs, after hiding, to the conv before it.
  int site_after_deconv = -1, conv_before = -1;
  for (const auto& site : net.activations()) {
    if (site.depth >= 0 && net.layers()[static_cast<std::size_t>(site.depth)].kind == LayerKind::conv_transpose2d) {
      site_after_deconv = site.index;
      conv_before = site.depth - 1;
      break;
    }
  }
  CATCH_REQUIRE(site_after_deconv >= 0);
  const std::string conv_name = net.layers()[static_cast<std::size_t>(conv_before)].name;
  net.hide_layers(LayerKind::conv_transpose2d);
  CATCH_CHECK(net.layers().size() == all - deconvs);
  CATCH_CHECK(net.hidden_layers().size() == deconvs);
  for (std::size_t d = 0; d < net.layers().size(); ++d) {
    CATCH_CHECK(net.layers()[d].depth == static_cast<int>(d));
    CATCH_CHECK(net.layers()[d].kind != LayerKind::conv_transpose2d);
  }
  const int new_depth = net.activations()[static_cast<std::size_t>(site_after_deconv)].depth;
  CATCH_CHECK(net.layers()[static_cast<std::size_t>(new_depth)].name == conv_name);
  auto after = count_flops(net, {3, 256, 256});
  CATCH_REQUIRE(after);
  CATCH_CHECK(after->total == Approx(before->total).epsilon(1e-12));
  CATCH_CHECK(after->macs() == Approx(before->macs()).epsilon(1e-12));
  CATCH_CHECK(after->hidden > 0);
  // Taps of the kept layers still land in their (renumbered) slots.
  TapRequest taps;
  taps.layers.outputs = true;
  net.set_taps(taps);
  net.train(false);
  const at::Tensor image = net.forward(torch::randn({1, 3, 256, 256}));
  CATCH_CHECK(net.layer_tap(net.layers().size() - 1).output.sizes() == image.sizes());  // conv14, before Tanh

  // Scored: grad_norm sums the kept layers' gradients; flops and params do not change; the
  // protocol says which layers, and only then (runs before the setting keep their hash).
  std::vector<spec::ProxyDecl> none;
  const spec::SearchSpace space = test::shipped_space("transnas_micro");
  auto score_with = [&](bool conv_linear) {
    auto proxies = plugin::instantiate_named_proxies({"grad_norm", "flops", "params"}, {}, none, test::shipped_plugins());
    if (!proxies) throw std::runtime_error(proxies.error().to_string());
    score::ScoreOptions o = options("autoencoder", 2);
    o.conv_linear_layers = conv_linear;
    auto run = score::ScoreRun::prepare(space, std::move(*proxies), o);
    if (!run) throw std::runtime_error(run.error().to_string());
    score::ArchResult result = run->score(0, kMicro);
    return std::make_pair(std::move(result), std::move(*run));
  };
  auto [every, every_run] = score_with(false);
  auto [kept, kept_run] = score_with(true);
  for (const auto* r : {&every, &kept})
    for (const auto& o : r->outcomes) {
      CATCH_INFO(o.proxy << ": " << o.error);
      CATCH_REQUIRE(o.ok);
    }
  CATCH_CHECK(kept.outcomes[1].score == every.outcomes[1].score);  // flops
  CATCH_CHECK(kept.outcomes[2].score == every.outcomes[2].score);  // params
  const Batch& b = kept_run.batches().at(0);
  Network fresh = build(built_space, kMicro, 5);
  fresh.train(true);
  torch::nn::functional::l1_loss(fresh.forward(b.inputs), b.labels).backward();
  double conv_linear = 0, transposed = 0;
  for (const auto& layer : fresh.layers())
    (layer.kind == LayerKind::conv_transpose2d ? transposed : conv_linear) += layer.weight.grad().norm().item<double>();
  CATCH_CHECK(transposed > 0);
  CATCH_CHECK(kept.outcomes[0].score == Approx(conv_linear).epsilon(1e-3));
  CATCH_CHECK(every.outcomes[0].score == Approx(conv_linear + transposed).epsilon(1e-3));
  CATCH_CHECK(kept_run.protocol().proxy_layers == "conv-linear");
  CATCH_CHECK_THAT(score::protocol_json(kept_run.protocol()), Catch::Contains("\"proxy_layers\": \"conv-linear\""));
  CATCH_CHECK_THAT(score::protocol_json(every_run.protocol()), !Catch::Contains("proxy_layers"));
  CATCH_CHECK(score::protocol_hash(kept_run.protocol()) != score::protocol_hash(every_run.protocol()));
}

CATCH_TEST_CASE("a task the space does not offer is an error naming the space's file and its tasks", "[score][task][errors]") {
  std::vector<spec::ProxyDecl> none;
  auto proxies = [&] {
    auto p = plugin::instantiate_named_proxies({"nwot"}, {}, none, test::shipped_plugins());
    CATCH_REQUIRE(p);
    return std::move(*p);
  };
  auto wrong = score::ScoreRun::prepare(test::shipped_space("transnas_macro"), proxies(), options("jigsw", 4));
  CATCH_REQUIRE_FALSE(wrong);
  CATCH_CHECK_THAT(wrong.error().message(), Catch::Contains("transnas_macro.zc"));
  CATCH_CHECK_THAT(wrong.error().message(), Catch::Contains("did you mean 'jigsaw'"));
  CATCH_CHECK_THAT(wrong.error().message(), Catch::Contains("class_object, class_scene, autoencoder, jigsaw"));
  auto none_offered = score::ScoreRun::prepare(test::shipped_space("nasbench201"), proxies(), options("jigsaw", 4));
  CATCH_REQUIRE_FALSE(none_offered);
  CATCH_CHECK_THAT(none_offered.error().message(), Catch::Contains("has no tasks"));
  auto both = options("jigsaw", 4);
  both.input_size = 128;
  auto clash = score::ScoreRun::prepare(test::shipped_space("transnas_micro"), proxies(), both);
  CATCH_REQUIRE_FALSE(clash);
  CATCH_CHECK_THAT(clash.error().message(), Catch::Contains("the task fixes the input"));
}

CATCH_TEST_CASE("a TransNAS cell cut off from its input scores lowest, and jacov says why it cannot", "[score][task]") {
  // 64-41414-1_10_000: nothing enters node 3, so the output does not depend on the input. The
  // zero op keeps the graph where the width is kept (TransNAS-Bench-101's x * 0), so the
  // gradients are 0 rather than missing.
  const spec::SearchSpace space = test::shipped_space("transnas_micro");
  std::vector<spec::ProxyDecl> none;
  auto proxies = plugin::instantiate_named_proxies({"zico", "grad_norm", "jacov"}, {}, none, test::shipped_plugins());
  CATCH_REQUIRE(proxies);
  auto run = score::ScoreRun::prepare(space, std::move(*proxies), options("jigsaw", 4));
  CATCH_REQUIRE(run);
  const auto result = run->score(0, "64-41414-1_10_000");
  CATCH_REQUIRE(result.outcomes.size() == 3);
  CATCH_CHECK(result.outcomes[0].ok);
  CATCH_CHECK(result.outcomes[0].score == 0);
  CATCH_CHECK(result.outcomes[1].ok);
  CATCH_CHECK(result.outcomes[1].score == 0);
  CATCH_CHECK_FALSE(result.outcomes[2].ok);
  CATCH_CHECK_THAT(result.outcomes[2].error, Catch::Contains("does not depend on the input"));
}
