#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "dsl/support.hpp"
#include "net/reference_params.hpp"
#include "net/families/build_network.hpp"
#include "score/task_setup.hpp"
#include "spec/space_ops.hpp"

using namespace zcnas;

namespace {
std::vector<int> digits(const std::string& key) {
  std::vector<int> v;
  for (char c : key)
    if (c >= '0' && c <= '9') v.push_back(c - '0');
  return v;
}

// Micro keys: an op code per edge; our format string takes the same codes.
std::string micro_arch(const std::string& key) {
  const auto d = digits(key);
  return "64-41414-" + std::to_string(d.at(0)) + "_" + std::to_string(d.at(1)) + std::to_string(d.at(2)) + "_" +
         std::to_string(d.at(3)) + std::to_string(d.at(4)) + std::to_string(d.at(5));
}

// Macro keys: a code per layer, 0 for absent layers.
std::string macro_arch(const std::string& key) {
  std::vector<int> codes;
  for (int c : digits(key))
    if (c != 0) codes.push_back(c);
  std::string text = "blocks=" + std::to_string(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) text += ";block[" + std::to_string(i) + "]=" + std::to_string(codes[i]);
  return text;
}

// Params of every `stride`-th network of a task, its head built as `zcnas score --task` builds
// it, against Suite-Zero's (which count the encoder and the task's decoder; not the
// autoencoder's GAN discriminator, which only trains it).
void check(const std::string& family, const std::string& task, std::size_t stride) {
  spec::SearchSpace space = test::shipped_space(family);
  auto chosen = score::choose_task(space, task);
  CATCH_REQUIRE(chosen);
  CATCH_REQUIRE(*chosen);
  score::apply_task(space, **chosen);
  std::ifstream in(test::data_dir() + "/naslib_zc/zc_trans" + std::string("bench101_") +
                   (family == "transnas_micro" ? "micro" : "macro") + ".json");
  CATCH_REQUIRE(in);
  const nlohmann::json j = nlohmann::json::parse(in);
  std::size_t index = 0, checked = 0, mismatched = 0;
  for (const auto& [key, value] : j.at(task).items()) {
    if (index++ % stride != 0) continue;
    CATCH_CAPTURE(family, task, key);
    auto arch = spec::from_canonical(space, family == "transnas_micro" ? micro_arch(key) : macro_arch(key));
    CATCH_REQUIRE(arch);
    ++checked;
    if (!test::params_match(space, *arch, value.at("params").at("score").get<double>())) ++mismatched;
  }
  CATCH_CHECK(checked > 0);
  CATCH_CHECK(mismatched == 0);
}
}  // namespace

CATCH_TEST_CASE("TransNAS-Bench-101 micro and macro params equal Suite-Zero's on a fixed sample", "[net][transnas]") {
  for (const char* family : {"transnas_micro", "transnas_macro"}) {
    check(family, "class_object", 25);
    check(family, "class_scene", 25);
    check(family, "jigsaw", 25);
    check(family, "autoencoder", 50);
  }
}

CATCH_TEST_CASE("TransNAS-Bench-101 params equal Suite-Zero's on every network of four tasks", "[.slow][net][transnas]") {
  for (const char* family : {"transnas_micro", "transnas_macro"})
    for (const char* task : {"class_object", "class_scene", "jigsaw", "autoencoder"}) check(family, task, 1);
}
