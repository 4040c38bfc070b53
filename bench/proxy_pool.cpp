// Benchmark: seconds per NAS-Bench-201 cell for each shipped proxy alone (paying for its own
// passes) and for the whole pool sharing passes, at batch 64 on real CIFAR-10.
//   build/bench/zcnas_bench_proxy_pool <spaces dir> <plugins dir> <data dir> [cells] [batch]
// Prints medians; results are kept in bench/results/proxy_pool.md.

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "plugin/plugin_host.hpp"
#include "plugin/proxy_instances.hpp"
#include "run/environment.hpp"
#include "run/score_options.hpp"
#include "runtime/runtime.hpp"
#include "score/score_run.hpp"
#include "spec/space_ops.hpp"

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

template <typename T>
T or_die(zcnas::Expected<T> e) {
  if (!e) {
    std::fprintf(stderr, "%s\n", e.error().to_string().c_str());
    std::exit(1);
  }
  return std::move(*e);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s <spaces dir> <plugins dir> <data dir> [cells=20] [batch=64]\n", argv[0]);
    return 2;
  }
  const std::string spaces = argv[1], plugins = argv[2], data = argv[3];
  const int cells = argc > 4 ? std::atoi(argv[4]) : 20;
  const int batch = argc > 5 ? std::atoi(argv[5]) : 64;
  // The environment as `zcnas score` resolves it (threads, seed, device, plugins), no store.
  zcnas::run::RunSettings settings;
  settings.plugin_dirs = {plugins};
  settings.no_store = true;
  settings.quiet = true;
  auto env = or_die(zcnas::run::Environment::resolve(settings));
  const auto space = or_die(env->load_space({spaces + "/nasbench201.zc", ""}));
  const zcnas::plugin::PluginHost& host = env->host();

  zcnas::spec::Rng rng(2024);
  std::vector<std::string> archs;
  for (int i = 0; i < cells; ++i) archs.push_back(zcnas::spec::to_canonical(space, zcnas::spec::sample(space, rng)));

  zcnas::score::ScoreOptions options = zcnas::run::score_options(*env);
  options.batch_size = batch;
  options.data_dirs = {data};
  std::printf("NAS-Bench-201, %d sampled cells, CIFAR-10 batch %d, %d threads, %s\n", cells, batch,
              zcnas::runtime::threads(), zcnas::runtime::blas_library().c_str());
  std::printf("%-12s %14s\n", "proxy", "alone s/cell");

  // Each proxy alone: the cost a user pays when scoring with that proxy only.
  std::vector<std::string> names;
  for (const auto& p : host.plugins())
    if (p.metadata.kind == zcnas::PluginKind::proxy) names.push_back(p.metadata.name);
  double sum_alone = 0;
  for (const auto& name : names) {
    auto proxies = or_die(zcnas::plugin::instantiate_named_proxies({name}, {}, {}, host));
    auto run = or_die(zcnas::score::ScoreRun::prepare(space, std::move(proxies), options));
    std::vector<double> seconds;
    for (std::size_t i = 0; i < archs.size(); ++i) {
      const auto start = std::chrono::steady_clock::now();
      const auto r = run.score(i, archs[i]);
      seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      if (!r.outcomes[0].ok) std::fprintf(stderr, "%s\n", r.outcomes[0].error.c_str());
    }
    sum_alone += median(seconds);
    std::printf("%-12s %14.3f\n", name.c_str(), median(seconds));
  }

  // The whole pool on shared passes.
  auto pool = or_die(zcnas::plugin::instantiate_all_proxies(host));
  const std::size_t n = pool.size();
  auto run = or_die(zcnas::score::ScoreRun::prepare(space, std::move(pool), options));
  std::vector<double> seconds;
  for (std::size_t i = 0; i < archs.size(); ++i) {
    const auto start = std::chrono::steady_clock::now();
    run.score(i, archs[i]);
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::printf("%-12s %14.3f   (sum of the medians alone)\n", "separately", sum_alone);
  std::printf("pool of %zu, shared passes: median %.3f s/cell, p90 %.3f s/cell\n", n, median(seconds),
              seconds[seconds.size() * 9 / 10]);
  return 0;
}
