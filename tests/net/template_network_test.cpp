// Networks written in the DSL: exact parameter counts of torchvision's models, the NAS-Bench-201
// space written out against its C++ family (same parameters, FLOPs and outputs), the located
// errors of the binder, and a cell op added by one word.

#include <catch2/catch.hpp>
#include <torch/torch.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "dsl/support.hpp"
#include "net/families/build_network.hpp"
#include "data/tasks.hpp"
#include "plugin/plugin_host.hpp"
#include "score/task_setup.hpp"
#include "spec/space_ops.hpp"
#include "support/shipped_plugins.hpp"
#include "zcnas/net/flops.hpp"
#include "zcnas/net/modules.hpp"

using namespace zcnas;

namespace {

Expected<spec::Program> parse(const std::string& text, const std::string& origin = "net.zc") {
  static const dsl::PluginCatalog catalog = test::shipped_plugins().catalog();
  dsl::ParseOptions options;
  options.catalog = &catalog;
  return dsl::parse_text(text, origin, options);
}

spec::SearchSpace parse_file_space(const std::string& path) {
  static const dsl::PluginCatalog catalog = test::shipped_plugins().catalog();
  dsl::ParseOptions options;
  options.catalog = &catalog;
  auto program = dsl::parse_file(path, options);
  if (!program) throw std::runtime_error(program.error().to_string());
  return program->spaces.at(0);
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("'" + from + "' not in the text");
  return text.replace(at, from.size(), to);
}

const std::string kSmall =
    "space s {\n"
    "  input = [3, 8, 8];\n"
    "  classes = 4;\n"
    "  w in { 4, 8 };\n"
    "  network {\n"
    "    conv(w, k = 3) bn relu global_pool linear(classes);\n"
    "  }\n"
    "}\n";

}  // namespace

CATCH_TEST_CASE("torchvision's resnet18 and mobilenet_v2 written in the DSL have their exact parameter counts",
                "[net][template]") {
  test::shipped_plugins();
  const std::string dir = test::source_dir() + "/examples/networks/";
  for (const auto& [file, params, layers] :
       std::vector<std::tuple<std::string, std::int64_t, std::size_t>>{{"resnet18.zc", 11689512, 21},
                                                                        {"mobilenet_v2.zc", 3504872, 53}}) {
    CATCH_CAPTURE(file);
    const spec::SearchSpace space = parse_file_space(dir + file);
    CATCH_CHECK(space.decisions.empty());
    CATCH_CHECK(spec::size(space).to_string() == "1");
    auto net = net::build_network(space, {}, 0);
    CATCH_REQUIRE(net);
    CATCH_CHECK(net->parameter_count() == params);
    CATCH_CHECK(net->layers().size() == layers);  // convs (and downsample convs) + the classifier
    torch::NoGradGuard no_grad;
    net->train(false);
    CATCH_CHECK(net->forward(torch::randn({1, 3, 224, 224})).sizes() == at::IntArrayRef({1, 1000}));
  }
}

CATCH_TEST_CASE("layers are named after the DSL: blocks are scopes, unnamed layers <op><index>", "[net][template]") {
  test::shipped_plugins();
  const spec::SearchSpace space = parse_file_space(test::source_dir() + "/examples/networks/resnet18.zc");
  auto net = net::build_network(space, {}, 0);
  CATCH_REQUIRE(net);
  CATCH_CHECK(net->layers().front().name == "conv0");
  CATCH_CHECK(net->layers()[1].name == "basic_block0.conv0");
  CATCH_CHECK(net->layers()[2].name == "basic_block0.conv1");
  // The first block of stage 2 projects its shortcut: its third conv.
  CATCH_CHECK(net->layers()[7].name == "basic_block2.conv2");
  CATCH_CHECK(net->layers().back().name == "linear0");
  CATCH_CHECK(net->activations().size() == 1 + 8 * 2);
}

namespace {
// The shipped space, written out, against its C++ family (tests/net/family_spaces/) on seeded
// samples: the same parameter count, FLOPs, layer names and activation sites and, built from
// the same seed, the same outputs. `task`: both built with that task's head (data/tasks.hpp).
void check_same_as_family(const std::string& name, int samples, int batch, const std::string& task = "") {
  test::shipped_plugins();
  spec::SearchSpace family = parse_file_space(test::source_dir() + "/tests/net/family_spaces/" + name + ".zc");
  spec::SearchSpace written = parse_file_space(test::spaces_dir() + "/" + name + ".zc");
  if (!task.empty()) {
    score::apply_task(family, *data::find_task(task));
    score::apply_task(written, *data::find_task(task));
  }
  CATCH_REQUIRE(family.family != "network");
  CATCH_REQUIRE(written.family == "network");
  CATCH_REQUIRE(spec::size(written).to_string() == spec::size(family).to_string());
  std::vector<std::int64_t> input;
  for (const auto& v : family.settings.at("input").as_list()) input.push_back(v.as_integer());
  std::vector<std::int64_t> batch_shape{batch};
  batch_shape.insert(batch_shape.end(), input.begin(), input.end());
  spec::Rng rng(7);
  for (int i = 0; i < samples; ++i) {
    const spec::Architecture arch = spec::sample(family, rng);
    const std::string text = spec::to_canonical(family, arch);
    CATCH_CAPTURE(name, text);
    auto same = spec::from_canonical(written, text);
    CATCH_REQUIRE(same);
    auto a = net::build_network(family, arch, 3);
    auto b = net::build_network(written, *same, 3);
    CATCH_REQUIRE(a);
    CATCH_REQUIRE(b);
    CATCH_CHECK(a->parameter_count() == b->parameter_count());
    CATCH_REQUIRE(a->layers().size() == b->layers().size());
    CATCH_CHECK(a->activations().size() == b->activations().size());
    for (std::size_t k = 0; k < a->layers().size(); ++k) CATCH_CHECK(a->layers()[k].name == b->layers()[k].name);
    auto fa = count_flops(*a, input);
    auto fb = count_flops(*b, input);
    CATCH_REQUIRE(fa);
    CATCH_REQUIRE(fb);
    CATCH_CHECK(fa->total == fb->total);
    torch::manual_seed(11);
    const at::Tensor x = torch::randn(batch_shape);
    torch::NoGradGuard no_grad;
    CATCH_CHECK(torch::allclose(a->forward(x), b->forward(x), 1e-5, 1e-6));
    // The same block boundaries (AZ-NAS reads them): the DSL's blocks and cells are the family's.
    std::vector<at::Tensor> fa_blocks, fb_blocks;
    a->forward_blocks(x, fa_blocks);
    b->forward_blocks(x, fb_blocks);
    CATCH_REQUIRE(fa_blocks.size() == fb_blocks.size());
    CATCH_CHECK(fa_blocks.size() >= 2);
    for (std::size_t k = 0; k < fa_blocks.size(); ++k) CATCH_CHECK(torch::allclose(fa_blocks[k], fb_blocks[k], 1e-5, 1e-6));
  }
}
}  // namespace

CATCH_TEST_CASE("NAS-Bench-201 written as a network body equals the C++ family on sampled cells", "[net][template][nb201]") {
  check_same_as_family("nasbench201", 25, 2);
}

CATCH_TEST_CASE("TransNAS-Bench-101 macro written as a network body equals the C++ family", "[net][template][transnas]") {
  check_same_as_family("transnas_macro", 4, 1);
}

CATCH_TEST_CASE("TransNAS macro written as a network body equals the C++ family on every task", "[net][template][transnas][task]") {
  for (const char* task : {"class_object", "class_scene", "jigsaw", "autoencoder"}) {
    CATCH_CAPTURE(task);
    check_same_as_family("transnas_macro", 1, 1, task);
  }
}

CATCH_TEST_CASE("AutoFormer-T, -S and -B written as network bodies equal the C++ family", "[net][template][vit]") {
  check_same_as_family("autoformer_tiny", 2, 1);
  check_same_as_family("autoformer_small", 2, 1);
  check_same_as_family("autoformer_base", 1, 1);
}

namespace {
// NAS-Bench-Suite-Zero's params and FLOPs (data/nb201_zc), as the family's fidelity test reads them.
void check_written_nb201_against_suite_zero(std::size_t stride) {
  test::shipped_plugins();
  const spec::SearchSpace space = parse_file_space(test::spaces_dir() + "/nasbench201.zc");
  std::ifstream in(test::data_dir() + "/nb201_zc/nb201_zc_proxies.csv");
  CATCH_REQUIRE(in);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  CATCH_REQUIRE(lines.size() == 9445);
  double worst_flops_error = 0;
  std::size_t checked = 0;
  for (std::size_t r = 0; r < lines.size(); r += stride) {
    const std::size_t close = lines[r].find("\",");
    std::vector<std::string> cells;
    std::stringstream rest(lines[r].substr(close + 2));
    for (std::string cell; std::getline(rest, cell, ',');) cells.push_back(cell);
    auto arch = spec::from_canonical(space, cells.at(0));
    CATCH_REQUIRE(arch);
    auto net = net::build_network(space, *arch, 0);
    CATCH_REQUIRE(net);
    const double params_m = std::round(static_cast<double>(net->parameter_count())) / 1e6;
    CATCH_CAPTURE(cells.at(0), params_m, cells.at(9));
    CATCH_CHECK(std::fabs(params_m - std::stod(cells.at(9))) <= 0.5e-6);
    auto flops = count_flops(*net, {3, 32, 32});
    CATCH_REQUIRE(flops);
    worst_flops_error = std::max(worst_flops_error, std::fabs(flops->total / 1e6 - std::stod(cells.at(3))) / std::stod(cells.at(3)));
    ++checked;
  }
  CATCH_CHECK(checked == (lines.size() + stride - 1) / stride);
  CATCH_CHECK(worst_flops_error < 2e-4);  // the family's bound: 0.0136% on the smallest cell
}
}  // namespace

CATCH_TEST_CASE("NAS-Bench-201 written as a network body: params and FLOPs agree with Suite-Zero on 500 cells",
                "[net][template][nb201]") {
  check_written_nb201_against_suite_zero(19);
}

CATCH_TEST_CASE("NAS-Bench-201 written as a network body: params and FLOPs agree with Suite-Zero on all 9,445 cells",
                "[.slow][net][template][nb201]") {
  check_written_nb201_against_suite_zero(1);
}

CATCH_TEST_CASE("a cell op from the registry is a one-word change in the .zc file", "[net][template][nb201]") {
  test::shipped_plugins();
  const std::string text = read(test::spaces_dir() + "/nasbench201.zc");
  auto program = parse(replace(text, "avg_pool_3x3 }", "avg_pool_3x3, sep_conv_3x3 }"), "nb201_sep.zc");
  CATCH_REQUIRE(program);
  const spec::SearchSpace& space = program->spaces.at(0);
  CATCH_CHECK(spec::size(space).to_string() == "46656");  // 6^6
  auto arch = spec::from_canonical(
      space, "|sep_conv_3x3~0|+|nor_conv_3x3~0|sep_conv_3x3~1|+|skip_connect~0|none~1|avg_pool_3x3~2|");
  CATCH_REQUIRE(arch);
  auto net = net::build_network(space, *arch, 0);
  CATCH_REQUIRE(net);
  CATCH_CHECK(net->layers()[1].name == "stage0_cell0.edge_0_1.op.depthwise1");
  CATCH_CHECK(net->forward(torch::randn({2, 3, 32, 32})).sizes() == at::IntArrayRef({2, 10}));
  // An op no plugin provides is refused where the cell is declared, with the known ones.
  auto bad = parse(replace(text, "avg_pool_3x3 }", "avg_pool_3x3, sep_conv_3x3x }"), "nb201_bad.zc");
  CATCH_REQUIRE_FALSE(bad);
  CATCH_CHECK_THAT(bad.error().to_string(), Catch::Contains("cell op 'sep_conv_3x3x' is provided by no loaded op plugin") &&
                                                Catch::Contains("did you mean 'sep_conv_3x3'"));
}

// ZenNet-400M, -600M and -900M (idstcv/ZenNAS, ZenNet/zennet_imagenet1k_flops*_res224.txt at
// commit d1d617e) as architectures of spaces/mobilenetv2.zc, against Zen-NAS's own network
// (ZenNet/masternet.py, use_se = False) in PyTorch 1.13:
//   net = PlainNet(num_classes=1000, plainnet_struct=s)
//   params: sum(p.numel() for p in net.parameters())
//   MACs:   forward hooks on its Conv2d and Linear modules at 1x3x224x224, out.numel() times
//           in_channels / groups * k * k (in_features), plus out.numel() where there is a bias
// and Zen-NAS's own analytic count, net.get_FLOPs(224), which its FLOP budget bounds: it
// differs by under 0.2% (it takes a strided projection's output at a quarter of its size and
// counts no bias but 1 per projection output), so the budget is the space's `macs`.
CATCH_TEST_CASE("Zen-NAS's published ImageNet networks are architectures of the MobileNetV2 space, to the parameter",
                "[net][template][zennas]") {
  test::shipped_plugins();
  const spec::SearchSpace space = parse_file_space(test::spaces_dir() + "/mobilenetv2.zc");
  const std::string unused5 = "expand[5]=1;kernel[5]=3;width[5]=32;btl[5]=32;depth[5]=0";
  auto [name, text, params, macs_hooked, zen_flops] =
      GENERATE_COPY(table<std::string, std::string, std::int64_t, double, double>({
      {"ZenNet-400M",
       "stem=16;expand[1]=1;kernel[1]=7;width[1]=40;btl[1]=40;depth[1]=1;expand[2]=1;kernel[2]=7;width[2]=64;btl[2]=64;"
       "depth[2]=1;expand[3]=4;kernel[3]=7;width[3]=96;btl[3]=96;depth[3]=5;expand[4]=2;kernel[4]=7;width[4]=224;"
       "btl[4]=224;depth[4]=5;" + unused5,
       5698208, 400419784.0, 399976216.0},
      {"ZenNet-600M",
       "stem=24;expand[1]=1;kernel[1]=7;width[1]=48;btl[1]=48;depth[1]=1;expand[2]=2;kernel[2]=7;width[2]=72;btl[2]=72;"
       "depth[2]=1;expand[3]=6;kernel[3]=7;width[3]=96;btl[3]=88;depth[3]=5;expand[4]=4;kernel[4]=7;width[4]=192;"
       "btl[4]=168;depth[4]=5;" + unused5,
       7125944, 597980336.0, 597745802.0},
      {"ZenNet-900M",
       "stem=16;expand[1]=1;kernel[1]=7;width[1]=48;btl[1]=72;depth[1]=1;expand[2]=2;kernel[2]=7;width[2]=72;btl[2]=64;"
       "depth[2]=3;expand[3]=2;kernel[3]=7;width[3]=152;btl[3]=144;depth[3]=3;expand[4]=2;kernel[4]=7;width[4]=360;"
       "btl[4]=352;depth[4]=4;expand[5]=4;kernel[5]=7;width[5]=288;btl[5]=264;depth[5]=3",
       13300208, 910361216.0, 908691864.0},
  }));
  CATCH_CAPTURE(name);
  auto arch = spec::from_canonical(space, text);
  CATCH_REQUIRE(arch);
  auto net = net::build_network(space, *arch, 0);
  CATCH_REQUIRE(net);
  CATCH_CHECK(net->parameter_count() == params);
  auto macs = count_flops(*net, {3, 224, 224}, FlopConvention::macs);
  CATCH_REQUIRE(macs);
  CATCH_CHECK(macs->total == macs_hooked);
  CATCH_CHECK(macs->total == Approx(zen_flops).epsilon(2e-3));
  // The space's budget (macs <= 600M) holds ZenNet-400M and -600M, not -900M.
  CATCH_REQUIRE(space.constraints.size() == 1);
  CATCH_CHECK((macs->total <= *space.constraints[0].max) == (name != "ZenNet-900M"));
  CATCH_CHECK(net->forward(torch::randn({1, 3, 224, 224})).sizes() == at::IntArrayRef({1, 1000}));
}

CATCH_TEST_CASE("the torchvision-skeleton MobileNetV2 space samples networks that build, with FLOPs for its budget",
                "[net][template]") {
  test::shipped_plugins();
  const spec::SearchSpace space = parse_file_space(test::spaces_dir() + "/mobilenetv2_torchvision.zc");
  CATCH_CHECK(space.decision_index("width[1]") >= 0);
  CATCH_CHECK(space.decision_index("kernel[6][3]") >= 0);
  CATCH_CHECK(space.decisions[space.decision_index("kernel[6][3]")].count_decision == space.decision_index("depth[6]"));
  spec::Rng rng(1);
  for (int i = 0; i < 3; ++i) {
    const spec::Architecture arch = spec::sample(space, rng);
    CATCH_CAPTURE(spec::to_canonical(space, arch));
    auto net = net::build_network(space, arch, 0);
    CATCH_REQUIRE(net);
    auto flops = count_flops(*net, {3, 224, 224});
    CATCH_REQUIRE(flops);
    CATCH_CHECK(flops->total > 50e6);
    CATCH_CHECK(flops->total < 3e9);
  }
}

CATCH_TEST_CASE("the Zen-NAS-style ResNet space samples networks of both block kinds that build", "[net][template]") {
  test::shipped_plugins();
  const spec::SearchSpace space = parse_file_space(test::spaces_dir() + "/zen_resnet.zc");
  CATCH_CHECK(spec::size(space).to_string() == "16796160000");  // (2 * 3 * 5 * 3 * 4)^4
  auto arch = spec::from_canonical(space,
                                   "kind[0]=kxkx;kernel[0]=3;width[0]=1.0;ratio[0]=1.0;depth[0]=2;"
                                   "kind[1]=k1kxk1;kernel[1]=5;width[1]=0.5;ratio[1]=0.25;depth[1]=1;"
                                   "kind[2]=kxkx;kernel[2]=7;width[2]=0.5;ratio[2]=0.5;depth[2]=1;"
                                   "kind[3]=k1kxk1;kernel[3]=3;width[3]=0.5;ratio[3]=0.25;depth[3]=1");
  CATCH_REQUIRE(arch);
  auto net = net::build_network(space, *arch, 0);
  CATCH_REQUIRE(net);
  // stem 1 + kxkx 2 units x 2 convs + 1 projection + k1kxk1 3 + 1 + kxkx 2 + 1 + k1kxk1 3 + 1 + head conv + linear
  CATCH_CHECK(net->layers().size() == 1 + 5 + 4 + 3 + 4 + 1 + 1);
  CATCH_CHECK(net->layers()[2].weight.sizes() == at::IntArrayRef({64, 64, 3, 3}));
  CATCH_CHECK(net->layers()[6].weight.sizes() == at::IntArrayRef({16, 64, 1, 1}));  // 1x1 to 64 * 0.5 * 0.25
  CATCH_CHECK(net->layers()[7].weight.sizes() == at::IntArrayRef({16, 16, 5, 5}));
  auto flops = count_flops(*net, {3, 224, 224});
  CATCH_REQUIRE(flops);
  CATCH_CHECK(flops->total > 1e8);
}

CATCH_TEST_CASE("a network that does not fit is a located error when the file is checked", "[dsl][template][errors]") {
  test::shipped_plugins();
  auto [src, want] = GENERATE_COPY(table<std::string, std::string>({
      {replace(kSmall, "conv(w, k = 3)", "conv(w, k = 3, groups = 3)"),
       "net.zc:6:5: op 'conv' on input [3, 8, 8]: groups = 3 must divide both its 3 input channels and its 4 output channels"},
      {replace(kSmall, "conv(w, k = 3)", "convv(w, k = 3)"), "net.zc:6:5: no op or block named 'convv' (did you mean 'conv'?)"},
      {replace(kSmall, "conv(w, k = 3)", "conv(ww, k = 3)"), "net.zc:6:10: unknown name 'ww' (did you mean 'w'?)"},
      {replace(kSmall, "conv(w, k = 3)", "conv(w, kernel = 3)"), "net.zc:6:5: unknown argument 'kernel' of op 'conv'"},
      {replace(kSmall, "conv(w, k = 3)", "conv(k = 3)"), "net.zc:6:5: op 'conv' needs argument 'out'"},
      {replace(kSmall, "linear(classes)", "linear(7)"), "it must end in [classes] = [4]"},
      {replace(kSmall, "global_pool linear(classes)", "linear(classes)"),
       "op 'linear' on input [4, 8, 8]: expects features [F] or tokens [T, D]"},
      {replace(kSmall, "conv(w, k = 3) bn relu", "residual { conv(8, k = 3) bn; } relu"),
       "net.zc:6:5: residual: the main path gives [8, 8, 8] but the identity shortcut carries [3, 8, 8]"},
      {replace(kSmall, "conv(w, k = 3) bn relu", "conv(w, k = 3) bn relu max_pool(16)"),
       "op 'max_pool' on input [4, 8, 8]: a window of 16 does not fit 8 pixels"},
      {"block b(out) { conv(out, k = 3) bn; }\n" + replace(kSmall, "conv(w, k = 3)", "b(w) b()"),
       "needs argument 'out'"},
      {"block stage2(out) { conv(out, k = 1, groups = 4) bn; }\n" + replace(kSmall, "conv(w, k = 3)", "conv(6, k = 1) stage2(w)"),
       "net.zc:7:20: block 'stage2' on input [6, 8, 8]: net.zc:1:21: op 'conv' on input [6, 8, 8]: groups = 4 must divide"},
      {replace(kSmall, "network {", "network {\n    repeat i in w { if i > 1 { relu; } }"), ""},
      {replace(kSmall, "conv(w, k = 3)", "conv(w, k = 3) as c conv(w, k = 1) as c"), "duplicate layer name 'c'"},
      {replace(kSmall, "conv(w, k = 3)", "cell"), "'cell' uses a dag cell, and this space declares none"},
      {replace(kSmall, "conv(w, k = 3)", "conv(w / 0)"), "net.zc:6:12: division by zero"},
  }));
  CATCH_CAPTURE(src);
  auto program = parse(src);
  if (want.empty()) {
    CATCH_CHECK(program);
  } else {
    CATCH_REQUIRE_FALSE(program);
    CATCH_CHECK_THAT(program.error().to_string(), Catch::Contains(want));
  }
}

CATCH_TEST_CASE("network syntax and structure errors are located too", "[dsl][template][errors]") {
  auto [src, want] = GENERATE_COPY(table<std::string, std::string>({
      {replace(kSmall, "  network {", "  family = cell_network;\n  network {"), "has a network body and a family"},
      {replace(kSmall, "  classes = 4;\n", ""), "needs 'classes = ...;'"},
      {replace(kSmall, "relu global_pool", "relu; global_pool"), ""},
      {replace(kSmall, "linear(classes);", "linear(classes)"), "syntax error"},
      {"block b(x = 1, y) { relu; }\n" + kSmall, "parameter 'y' without a default after one with a default"},
      {"block b(x) { relu; }\nblock b(y) { relu; }\n" + kSmall, "duplicate block 'b'"},
      {replace(kSmall, "  w in { 4, 8 };\n", "  per stage (s in 0..1) { w in { 4, 8 }; per layer (d) { k in { 1 }; } }\n"),
       "per layer (d): unknown name 'd'"},
  }));
  CATCH_CAPTURE(src);
  auto program = dsl::parse_text(src, "net.zc");  // no catalogue: structure only
  if (want.empty()) {
    CATCH_CHECK(program);
  } else {
    CATCH_REQUIRE_FALSE(program);
    CATCH_CHECK_THAT(program.error().to_string(), Catch::Contains(want));
  }
}

CATCH_TEST_CASE("per stage declares one decision per stage, per layer inside it counts by the stage's depth",
                "[dsl][template]") {
  const std::string src =
      "space s {\n  input = [3, 8, 8];\n  classes = 2;\n"
      "  per stage (s in 0..1) {\n    width in { 4, 8 };\n    depth in { 1, 2 };\n"
      "    per layer (depth) { k in { 1, 3 }; }\n  }\n"
      "  network {\n    for s in range(0, 1) { repeat l in depth[s] { conv(width[s], k = k[s][l]) relu; } }\n"
      "    global_pool linear(classes);\n  }\n}\n";
  auto program = dsl::parse_text(src, "stages.zc");
  CATCH_REQUIRE(program);
  const spec::SearchSpace& space = program->spaces.at(0);
  std::vector<std::string> names;
  for (const auto& d : space.decisions) names.push_back(d.name);
  CATCH_CHECK(names == std::vector<std::string>{"width[0]", "depth[0]", "k[0][0]", "k[0][1]", "width[1]", "depth[1]",
                                                "k[1][0]", "k[1][1]"});
  // Per stage: 2 widths x (2 + 4 kernels for depths 1 and 2) = 12; two stages: 144.
  CATCH_CHECK(spec::size(space).to_string() == "144");
  test::shipped_plugins();
  auto arch = spec::from_canonical(space, "width[0]=8;depth[0]=2;k[0][0]=3;k[0][1]=1;width[1]=4;depth[1]=1;k[1][0]=3");
  CATCH_REQUIRE(arch);
  auto net = net::build_network(space, *arch, 0);
  CATCH_REQUIRE(net);
  CATCH_REQUIRE(net->layers().size() == 4);
  CATCH_CHECK(net->layers()[0].weight.sizes() == at::IntArrayRef({8, 3, 3, 3}));
  CATCH_CHECK(net->layers()[1].weight.sizes() == at::IntArrayRef({8, 8, 1, 1}));
  CATCH_CHECK(net->layers()[2].weight.sizes() == at::IntArrayRef({4, 8, 3, 3}));
}

CATCH_TEST_CASE("bn takes eps and momentum, so a declaration can say what a reference's BatchNorm does",
                "[net][template][dsl]") {
  // TransNAS-Bench-101's shortcut BatchNorm2d(planes, affine, track_running_stats) has eps = 1
  // and momentum = 1 by position; written out: bn(eps = 1, momentum = 1).
  test::shipped_plugins();
  auto program = parse(replace(kSmall, "conv(w, k = 3) bn relu", "conv(w, k = 3) as c bn(eps = 1, momentum = 1) as b relu"));
  CATCH_REQUIRE(program);
  auto net = net::build_network(program->spaces.at(0), spec::Architecture{0}, 0);
  CATCH_REQUIRE(net);
  std::shared_ptr<nn::BatchNorm2dImpl> bn;
  for (const auto& m : net->module().named_modules())
    if (auto p = std::dynamic_pointer_cast<nn::BatchNorm2dImpl>(m.value())) bn = p;
  CATCH_REQUIRE(bn);
  torch::manual_seed(0);
  const at::Tensor x = torch::randn({5, 4, 8, 8}) * 3 + 1;
  bn->train(true);
  const at::Tensor y = bn->forward(x);
  const at::Tensor mean = x.mean({0, 2, 3}, true), var = x.var({0, 2, 3}, /*unbiased=*/false, true);
  CATCH_CHECK(torch::allclose(y, (x - mean) / torch::sqrt(var + 1.0), 1e-5, 1e-5));
  // momentum 1: the running statistics are this batch's (the variance unbiased, as PyTorch keeps it).
  CATCH_CHECK(torch::allclose(bn->running_mean, mean.flatten(), 1e-5, 1e-5));
  CATCH_CHECK(torch::allclose(bn->running_var, x.var({0, 2, 3}, /*unbiased=*/true), 1e-4, 1e-5));
  // The default stays PyTorch's.
  auto plain = parse(kSmall);
  CATCH_REQUIRE(plain);
  auto plain_net = net::build_network(plain->spaces.at(0), spec::Architecture{0}, 0);
  CATCH_REQUIRE(plain_net);
  int plain_bns = 0;
  for (const auto& m : plain_net->module().named_modules())
    if (auto p = std::dynamic_pointer_cast<nn::BatchNorm2dImpl>(m.value())) {
      ++plain_bns;
      p->train(true);
      CATCH_CHECK(torch::allclose(p->forward(x), (x - mean) / torch::sqrt(var + 1e-5), 1e-4, 1e-4));
    }
  CATCH_CHECK(plain_bns == 1);
  for (const auto& [change, want] : std::vector<std::pair<std::string, std::string>>{
           {"bn(eps = 0)", "net.zc:6:20: op 'bn' on input [4, 8, 8]: needs eps > 0"},
           {"bn(momentum = 2)", "needs momentum in [0, 1]"}}) {
    auto bad = parse(replace(kSmall, "bn", change));
    CATCH_REQUIRE_FALSE(bad);
    CATCH_CHECK_THAT(bad.error().to_string(), Catch::Contains(want));
  }
}
