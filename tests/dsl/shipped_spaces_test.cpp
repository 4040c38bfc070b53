#include <catch2/catch.hpp>

#include <fstream>
#include <set>

#include "dsl/support.hpp"
#include "spec/space_ops.hpp"

using namespace zcnas;

CATCH_TEST_CASE("every shipped space parses, with its exact size", "[dsl][spaces]") {
  auto [name, size] = GENERATE(table<std::string, std::string>({
      {"nasbench201", "15625"},
      {"transnas_micro", "4096"},
      {"transnas_macro", "5376"},             // 4^4 + 4^5 + 4^6 (the benchmark keeps 3,256 of them)
      {"nasbench101", "1824025"},             // canonical (pruned) labelled graphs, <= 9 edges
      {"darts", "275647219316498534400"},     // (98 * 294 * 588 * 980)^2: 2 distinct inputs and 7^2 ops per node
      {"autoformer_tiny", "1056964608"},      // 3 * (4^12 + 4^13 + 4^14)
      {"autoformer_small", "77103263459313"}, // 3 * (9^12 + 9^13 + 9^14)
      {"autoformer_base", "10108977168384"},  // 3 * (6^14 + 6^15 + 6^16)
  }));
  CATCH_CAPTURE(name);
  const spec::SearchSpace space = test::shipped_space(name);
  CATCH_CHECK(space.name == name);
  CATCH_CHECK(spec::size(space).to_string() == size);
}

CATCH_TEST_CASE("the size formulas above are the arithmetic they claim", "[dsl][spaces]") {
  auto pow = [](std::uint64_t b, int e) {
    spec::BigUint r(1);
    for (int i = 0; i < e; ++i) r *= spec::BigUint(b);
    return r;
  };
  CATCH_CHECK((spec::BigUint(3) * (pow(9, 12) + pow(9, 13) + pow(9, 14))).to_string() == "77103263459313");
  CATCH_CHECK((spec::BigUint(3) * (pow(6, 14) + pow(6, 15) + pow(6, 16))).to_string() == "10108977168384");
  const spec::BigUint cell = spec::BigUint(98) * spec::BigUint(294) * spec::BigUint(588) * spec::BigUint(980);
  CATCH_CHECK((cell * cell).to_string() == "275647219316498534400");
}

CATCH_TEST_CASE("NAS-Bench-201 enumerates exactly the benchmark's 15,625 cells", "[dsl][spaces]") {
  std::ifstream in(test::data_dir() + "/nb201/mini_nb201_12ep_acc.csv");
  CATCH_REQUIRE(in);
  std::string line;
  std::getline(in, line);  // header
  std::set<std::string> benchmark;
  while (std::getline(in, line)) {
    const auto a = line.find(','), b = line.find(',', a + 1);
    benchmark.insert(line.substr(a + 1, b - a - 1));
  }
  CATCH_REQUIRE(benchmark.size() == 15625);
  const spec::SearchSpace space = test::shipped_space("nasbench201");
  std::set<std::string> ours;
  std::size_t visited = 0;
  spec::enumerate(space, [&](const spec::Architecture& a) {
    ours.insert(spec::to_canonical(space, a));
    ++visited;
    return true;
  });
  CATCH_CHECK(visited == 15625);
  CATCH_CHECK(ours == benchmark);
}

CATCH_TEST_CASE("enumeration visits exactly size() architectures, each valid", "[dsl][spaces]") {
  auto name = GENERATE(as<std::string>{}, "transnas_micro", "transnas_macro");
  CATCH_CAPTURE(name);
  const spec::SearchSpace space = test::shipped_space(name);
  std::set<std::string> seen;
  bool all_valid = true;
  spec::enumerate(space, [&](const spec::Architecture& a) {
    all_valid = all_valid && static_cast<bool>(spec::check(space, a));
    seen.insert(spec::to_canonical(space, a));
    return true;
  });
  CATCH_CHECK(all_valid);
  CATCH_CHECK(spec::BigUint(seen.size()) == spec::size(space));
}
