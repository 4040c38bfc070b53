// The shipped image sets decode to the images and labels their sources document
// (data/images/*/SOURCE.md), and batches are picked reproducibly by seed.

#include <catch2/catch.hpp>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "data/batches.hpp"
#include "data/datasets.hpp"
#include "data/loaders.hpp"
#include "support/test_env.hpp"

using namespace zcnas;

namespace {
std::vector<std::string> dirs() { return {test::data_dir()}; }
std::vector<std::int64_t> first_labels(const data::ImageSet& s, int n) {
  std::vector<std::int64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(s.labels[i].item<std::int64_t>());
  return out;
}
}  // namespace

CATCH_TEST_CASE("CIFAR-10 sprites decode to 1000 labelled 32x32 images", "[data]") {
  auto train = data::load_dataset("cifar10", dirs());
  CATCH_REQUIRE(train);
  CATCH_CHECK(train->images.sizes() == torch::IntArrayRef({1000, 3, 32, 32}));
  CATCH_CHECK(first_labels(*train, 10) == std::vector<std::int64_t>{6, 9, 9, 4, 1, 1, 2, 7, 8, 3});
  // Mean RGB of the 1000 training images, 0..1 (SOURCE.md): 0.490 / 0.483 / 0.446.
  const at::Tensor mean = train->images.to(torch::kDouble).mean({0, 2, 3}) / 255.0;
  CATCH_CHECK(mean[0].item<double>() == Approx(0.490).margin(0.001));
  CATCH_CHECK(mean[1].item<double>() == Approx(0.483).margin(0.001));
  CATCH_CHECK(mean[2].item<double>() == Approx(0.446).margin(0.001));
  auto test = data::load_dataset("cifar10-test", dirs());
  CATCH_REQUIRE(test);
  CATCH_CHECK(first_labels(*test, 10) == std::vector<std::int64_t>{3, 8, 8, 0, 6, 6, 1, 6, 3, 1});
  // Class histogram of the test sprite (SOURCE.md): 103/89/100/103/90/86/112/102/106/109.
  CATCH_CHECK(torch::bincount(test->labels)[6].item<std::int64_t>() == 112);
}

CATCH_TEST_CASE("CIFAR-100 and ImageNet16-120 records decode with their labels", "[data]") {
  auto c100 = data::load_dataset("cifar100", dirs());
  CATCH_REQUIRE(c100);
  CATCH_CHECK(c100->size() == 654);
  CATCH_CHECK(c100->num_classes == 100);
  CATCH_CHECK(c100->labels[0].item<std::int64_t>() == 73);  // index.csv: record 0 is a shark
  CATCH_CHECK(std::get<0>(at::_unique(c100->labels)).size(0) == 100);
  auto in16 = data::load_dataset("imagenet16-120", dirs());
  CATCH_REQUIRE(in16);
  CATCH_CHECK(in16->images.sizes() == torch::IntArrayRef({279, 3, 16, 16}));
  CATCH_CHECK(std::get<0>(at::_unique(in16->labels)).size(0) == 120);
}

CATCH_TEST_CASE("ImageNet JPEGs are decoded, resized and centre-cropped to the input", "[data]") {
  auto set = data::load_dataset("imagenet", dirs(), 224);
  CATCH_REQUIRE(set);
  CATCH_CHECK(set->images.sizes() == torch::IntArrayRef({256, 3, 224, 224}));
  CATCH_CHECK(set->labels[0].item<std::int64_t>() == 472);  // labels.txt line 1
  CATCH_CHECK(set->images.to(torch::kFloat).std().item<float>() > 30);  // real pictures, not a flat fill
}

CATCH_TEST_CASE("broken or missing data files are errors naming the file", "[data]") {
  const std::string dir = test::build_dir() + "/tests/broken_data";
  std::filesystem::create_directories(dir + "/images/imagenet/data");
  { std::ofstream(dir + "/images/imagenet/data/a.JPEG") << "not a jpeg"; }
  { std::ofstream(dir + "/images/imagenet/labels.txt") << "a.JPEG 3\n"; }
  auto bad = data::load_dataset("imagenet", {dir});
  CATCH_REQUIRE_FALSE(bad);
  CATCH_CHECK(bad.error().to_string().find("a.JPEG") != std::string::npos);
  CATCH_CHECK(bad.error().to_string().find("labels.txt:1") != std::string::npos);

  auto missing = data::load_dataset("cifar100", {dir});
  CATCH_REQUIRE_FALSE(missing);
  CATCH_CHECK(missing.error().to_string().find("images/cifar100/cifar100_test654_fine.bin") != std::string::npos);
  CATCH_CHECK(missing.error().to_string().find("ZCNAS_DATA_PATH") != std::string::npos);

  { std::ofstream(dir + "/short.bin", std::ios::binary) << std::string(100, 'x'); }
  auto ragged = data::read_label_records(dir + "/short.bin", 32, 32);
  CATCH_REQUIRE_FALSE(ragged);
  CATCH_CHECK(ragged.error().to_string().find("not a whole number of 3073-byte records") != std::string::npos);

  auto typo = data::load_dataset("cifar-10", dirs());
  CATCH_REQUIRE_FALSE(typo);
  CATCH_CHECK(typo.error().to_string().find("did you mean 'cifar10'") != std::string::npos);
}

CATCH_TEST_CASE("batches are picked by seed, reproducibly, and normalised", "[data]") {
  auto set = data::load_dataset("cifar10", dirs());
  CATCH_REQUIRE(set);
  data::DataSource source{"cifar10", std::move(*set)};
  data::BatchPlan plan;
  plan.batch_size = 64;
  plan.count = 2;
  plan.seed = 7;
  plan.input_shape = {3, 32, 32};
  auto a = data::draw_batches(source, plan), b = data::draw_batches(source, plan);
  CATCH_REQUIRE(a);
  CATCH_REQUIRE(b);
  CATCH_CHECK(torch::equal((*a)[0].inputs, (*b)[0].inputs));
  CATCH_CHECK(torch::equal((*a)[1].labels, (*b)[1].labels));
  CATCH_CHECK_FALSE(torch::equal((*a)[0].labels, (*a)[1].labels));  // batches differ
  // No image twice within or across the two batches.
  const auto rows = data::batch_indices(1000, plan);
  std::set<std::int64_t> seen;
  for (const auto& r : rows) seen.insert(r.begin(), r.end());
  CATCH_CHECK(seen.size() == 128);
  plan.seed = 8;
  auto c = data::draw_batches(source, plan);
  CATCH_CHECK_FALSE(torch::equal((*a)[0].labels, (*c)[0].labels));
  // Normalised with the CIFAR-10 constants: near zero mean, unit spread.
  CATCH_CHECK(std::abs((*a)[0].inputs.mean().item<float>()) < 0.2);
  CATCH_CHECK((*a)[0].inputs.std().item<float>() == Approx(1.0).margin(0.15));
  // Resized when the space's input differs.
  plan.input_shape = {3, 16, 16};
  auto small = data::draw_batches(source, plan);
  CATCH_REQUIRE(small);
  CATCH_CHECK((*small)[0].inputs.sizes() == torch::IntArrayRef({64, 3, 16, 16}));
  // A batch larger than the set is refused with both sizes.
  plan.batch_size = 2000;
  auto big = data::draw_batches(source, plan);
  CATCH_REQUIRE_FALSE(big);
  CATCH_CHECK(big.error().to_string().find("1000 images, fewer than the batch size 2000") != std::string::npos);
}

CATCH_TEST_CASE("synthetic sources are drawn from the seed", "[data]") {
  data::BatchPlan plan;
  plan.batch_size = 4;
  plan.input_shape = {3, 8, 8};
  plan.num_classes = 5;
  auto g1 = data::draw_batches({"gaussian", std::nullopt}, plan);
  auto g2 = data::draw_batches({"gaussian", std::nullopt}, plan);
  CATCH_REQUIRE(g1);
  CATCH_CHECK(torch::equal((*g1)[0].inputs, (*g2)[0].inputs));
  CATCH_CHECK((*g1)[0].labels.max().item<std::int64_t>() < 5);
  auto ones = data::draw_batches({"ones", std::nullopt}, plan);
  CATCH_CHECK((*ones)[0].inputs.min().item<float>() == 1.0f);
}
