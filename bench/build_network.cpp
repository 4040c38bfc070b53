// Benchmark: how long it takes to turn (space, architecture) into a Network.
//   build/bench/zcnas_bench_build_network <spaces dir> [nb201 samples] [autoformer samples]
// Prints the median and 90th percentile per space; results are kept in bench/results/.

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "dsl/parser.hpp"
#include "net/families/build_network.hpp"
#include "runtime/runtime.hpp"
#include "spec/space_ops.hpp"

namespace {
int run(const std::string& file, int samples) {
  auto program = zcnas::dsl::parse_file(file);
  if (!program) {
    std::fprintf(stderr, "%s\n", program.error().to_string().c_str());
    return 1;
  }
  const auto& space = program->spaces.at(0);
  zcnas::spec::Rng rng(0);
  std::vector<double> ms;
  for (int i = 0; i < samples; ++i) {
    const auto arch = zcnas::spec::sample(space, rng);
    const auto start = std::chrono::steady_clock::now();
    auto net = zcnas::net::build_network(space, arch, static_cast<std::uint64_t>(i));
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if (!net) {
      std::fprintf(stderr, "%s\n", net.error().to_string().c_str());
      return 1;
    }
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-18s %5d nets  median %8.2f ms  p90 %8.2f ms\n", space.name.c_str(), samples, ms[ms.size() / 2],
              ms[ms.size() * 9 / 10]);
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <spaces dir> [nb201 samples] [autoformer samples]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const int nb201 = argc > 2 ? std::stoi(argv[2]) : 500;
  const int vit = argc > 3 ? std::stoi(argv[3]) : 20;
  zcnas::runtime::set_threads(0);
  std::printf("LibTorch %s, %d threads\n", zcnas::runtime::torch_version().c_str(), zcnas::runtime::threads());
  return run(dir + "/nasbench201.zc", nb201) || run(dir + "/autoformer_small.zc", vit);
}
