// Benchmark: seconds per NAS-Bench-201 cell and peak memory of the proxy pool, one line per
// configuration, each beside the physical floor of the passes it cannot avoid.
//   zcnas_bench_proxy_pool <spaces dir> <plugins dir> <data dir> <cells file> [batch=64]
//   (cells: bench/reference/nb201_peer_cells_30.txt, the cells the references were timed on)
//                          [--alone] [--repeat R] [--only CONFIG]...
// Configurations, each in a process of its own so that its peak RSS is its own:
//   ten     the references' ten (zero-cost-nas's grad_norm snip grasp fisher jacov plain synflow,
//           NASWOT, SWAP, ZiCo), as ../shared/bench/ timed them
//   ten_cl  the ten with networks and batches channels-last (ScoreOptions::channels_last)
//   pool    every proxy plugin, on shared passes
//   NAME    each proxy alone, with --alone
//   autoformer  (only with --only) L-SWAG on AutoFormer-Small networks (seeded sample, --networks N,
//           default 3) at 224 x 224, two ImageNet batches, as sub-batch passes of --pass-chunk
//           samples (default 16; 0: whole batches); its floor is the bare forward + backward to
//           the weights of both batches, in the same sub-batches
// The floor, for the ten, is the bare LibTorch passes they need, timed alone on the same
// networks: a training-mode forward with the cross-entropy backward to the weights and a second
// backward to the input (jacov), the same on ZiCo's second batch, GraSP's differentiable
// backward and its Hessian-vector product, and synflow's float64 pass. The pool needs more
// (Zen's, TE-NAS's, VKDNW's, AZ-NAS's passes): its "floor" column is the ten's, a lower bound.
// --repeat R scores the cells R times (30 x 34 = 1,020 cells): the RSS after the first cell and
// after the last say whether memory stays flat. Results: bench/results/proxy_pool.md.

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <torch/torch.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "net/families/build_network.hpp"
#include "plugin/plugin_host.hpp"
#include "plugin/proxy_instances.hpp"
#include "run/environment.hpp"
#include "run/score_options.hpp"
#include "runtime/allocator.hpp"
#include "runtime/runtime.hpp"
#include "score/score_run.hpp"
#include "spec/space_ops.hpp"

extern char** environ;

namespace {

const std::vector<std::string> kReferenceTen = {"grad_norm", "snip",    "grasp", "fisher", "jacov",
                                                "plain",     "synflow", "nwot",  "swap",   "zico"};

struct Args {
  std::string spaces, plugins, data, cells;
  int batch = 64;
  int repeat = 1;
  bool alone = false;
  std::vector<std::string> only;  // --only NAME (repeatable): just these configurations
  int networks = 3;               // autoformer: how many networks
  int pass_chunk = 16;            // autoformer: samples per sub-batch pass (0: whole batches)
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

double rss_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

template <typename T>
T or_die(zcnas::Expected<T> e) {
  if (!e) {
    std::fprintf(stderr, "%s\n", e.error().to_string().c_str());
    std::exit(1);
  }
  return std::move(*e);
}

std::vector<std::string> read_cells(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read the cells file\n", path.c_str());
    std::exit(2);
  }
  std::vector<std::string> cells;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') cells.push_back(line);
  return cells;
}

// The ten's unavoidable passes on one network, bare LibTorch. Random inputs: dense passes
// cost the same whatever the pixels.
double floor_seconds(zcnas::Network& net, zcnas::Network& net64, std::int64_t batch) {
  std::vector<at::Tensor> weights;
  for (const auto& p : net.module().parameters()) weights.push_back(p);
  const auto ce_pass = [&](bool input_jacobian) {
    at::Tensor x = torch::randn({batch, 3, 32, 32});
    if (input_jacobian) x.requires_grad_(true);
    const at::Tensor y = torch::randint(0, 10, {batch}, torch::kLong);
    const at::Tensor logits = net.forward(x);
    const at::Tensor loss = torch::nn::functional::cross_entropy(logits, y);
    torch::autograd::grad({loss}, weights, {}, /*retain_graph=*/input_jacobian, false, true);
    if (input_jacobian) torch::autograd::grad({logits.sum()}, {x});
  };
  torch::AutoGradMode grad_mode(true);
  net.train(true);
  const auto start = std::chrono::steady_clock::now();
  ce_pass(true);   // batch 1: every gradient proxy, the taps, jacov's input Jacobian
  ce_pass(false);  // ZiCo's second batch
  {                // GraSP: differentiable gradients, then H g
    const at::Tensor x = torch::randn({batch, 3, 32, 32});
    const at::Tensor y = torch::randint(0, 10, {batch}, torch::kLong);
    const at::Tensor loss = torch::nn::functional::cross_entropy(net.forward(x), y);
    const auto g = torch::autograd::grad({loss}, weights, {}, true, /*create_graph=*/true, true);
    at::Tensor z = torch::zeros({});
    for (std::size_t i = 0; i < g.size(); ++i)
      if (g[i].defined() && g[i].requires_grad()) z = z + (g[i].detach() * g[i]).sum();
    if (z.requires_grad()) torch::autograd::grad({z}, weights, {}, false, false, true);
  }
  {  // synflow: one all-ones image in float64 (through W, not |W|: the same cost)
    std::vector<at::Tensor> w64;
    for (const auto& p : net64.module().parameters()) w64.push_back(p);
    const at::Tensor out = net64.forward(torch::ones({1, 3, 32, 32}, torch::kDouble));
    torch::autograd::grad({out.sum()}, w64, {}, false, false, true);
  }
  return seconds_since(start);
}

// The bench's run environment: its plugins, no run store, quiet.
std::unique_ptr<zcnas::run::Environment> bench_environment(const Args& a) {
  zcnas::run::RunSettings settings;
  settings.plugin_dirs = {a.plugins};
  settings.no_store = true;
  settings.quiet = true;
  return or_die(zcnas::run::Environment::resolve(settings));
}

// L-SWAG's unavoidable passes on one AutoFormer network: forward and backward to the weights
// of each of two batches, in sub-batches of `chunk` (0: whole), bare LibTorch.
double autoformer_floor_seconds(zcnas::Network& net, std::int64_t batch, std::int64_t chunk) {
  std::vector<at::Tensor> weights;
  for (const auto& p : net.module().parameters()) weights.push_back(p);
  torch::AutoGradMode grad_mode(true);
  net.train(true);
  const std::int64_t step = chunk > 0 ? chunk : batch;
  const auto start = std::chrono::steady_clock::now();
  for (int b = 0; b < 2; ++b) {
    for (std::int64_t s = 0; s < batch; s += step) {
      const std::int64_t m = std::min(step, batch - s);
      const at::Tensor x = torch::randn({m, 3, 224, 224});
      const at::Tensor y = torch::randint(0, 1000, {m}, torch::kLong);
      const at::Tensor loss = torch::nn::functional::cross_entropy(net.forward(x), y);
      torch::autograd::grad({loss}, weights, {}, false, false, true);
    }
  }
  return seconds_since(start);
}

void write_line(const std::string& out, const std::vector<double>& seconds, const std::vector<double>& floors,
                double rss_first) {
  std::ofstream(out) << quantile(seconds, 0.5) << " " << quantile(seconds, 0.9) << " "
                     << (floors.empty() ? 0.0 : quantile(floors, 0.5)) << " " << rss_first << " " << rss_mb()
                     << " " << seconds.size() << "\n";
}

int run_autoformer(const Args& a, const std::string& out) {
  auto env = bench_environment(a);
  const auto space = or_die(env->load_space({a.spaces + "/autoformer_small.zc", ""}));
  auto proxies = or_die(zcnas::plugin::instantiate_named_proxies({"lswag"}, {}, {}, env->host()));
  zcnas::score::ScoreOptions options = zcnas::run::score_options(*env);
  options.dataset = "imagenet";
  options.batch_size = a.batch;
  options.data_dirs = {a.data};
  options.pass_chunk = a.pass_chunk;
  auto run = or_die(zcnas::score::ScoreRun::prepare(space, std::move(proxies), options));
  zcnas::spec::Rng rng(0);
  std::vector<double> seconds, floors;
  double rss_first = 0;
  for (int i = 0; i < a.networks; ++i) {
    const auto arch = zcnas::spec::sample(space, rng);
    const std::string text = zcnas::spec::to_canonical(space, arch);
    const auto start = std::chrono::steady_clock::now();
    const auto result = run.score(static_cast<std::size_t>(i), text);
    seconds.push_back(seconds_since(start));
    for (const auto& o : result.outcomes)
      if (!o.ok) std::fprintf(stderr, "%s: %s\n", text.c_str(), o.error.c_str());
    if (i == 0) rss_first = rss_mb();
    auto net = or_die(zcnas::net::build_network(space, arch, options.seed));
    floors.push_back(autoformer_floor_seconds(net, a.batch, a.pass_chunk));
  }
  write_line(out, seconds, floors, rss_first);
  return 0;
}

// One configuration, in this process: writes "median p90 floor rss_first rss_last cells" to `out`.
int run_one(const Args& a, const std::string& config, const std::string& out) {
  if (config == "autoformer") return run_autoformer(a, out);
  auto env = bench_environment(a);
  const auto space = or_die(env->load_space({a.spaces + "/nasbench201.zc", ""}));
  const zcnas::plugin::PluginHost& host = env->host();
  const bool ten = config == "ten" || config == "ten_cl";
  auto proxies = config == "pool" ? or_die(zcnas::plugin::instantiate_all_proxies(host))
                 : ten            ? or_die(zcnas::plugin::instantiate_named_proxies(kReferenceTen, {}, {}, host))
                                  : or_die(zcnas::plugin::instantiate_named_proxies({config}, {}, {}, host));
  zcnas::score::ScoreOptions options = zcnas::run::score_options(*env);
  options.channels_last = config == "ten_cl";
  options.batch_size = a.batch;
  options.data_dirs = {a.data};
  auto run = or_die(zcnas::score::ScoreRun::prepare(space, std::move(proxies), options));
  const auto cells = read_cells(a.cells);

  std::vector<double> seconds, floors;
  double rss_first = 0;
  std::size_t index = 0;
  for (int r = 0; r < a.repeat; ++r) {
    for (const auto& cell : cells) {
      const auto start = std::chrono::steady_clock::now();
      const auto result = run.score(index++, cell);
      seconds.push_back(seconds_since(start));
      for (const auto& o : result.outcomes)
        if (!o.ok) std::fprintf(stderr, "%s: %s\n", cell.c_str(), o.error.c_str());
      if (index == 1) rss_first = rss_mb();
      if (config != "pool" && !ten) continue;
      if (r == 0) {  // the floor once per cell, after the scores, on networks of the same seed
        const auto arch = or_die(zcnas::spec::from_canonical(space, cell));
        auto net = or_die(zcnas::net::build_network(space, arch, options.seed));
        auto net64 = or_die(zcnas::net::build_network(space, arch, options.seed));
        net64.to(at::kDouble);
        net64.set_batchnorm_enabled(false);
        floors.push_back(floor_seconds(net, net64, a.batch));
      }
    }
  }
  write_line(out, seconds, floors, rss_first);
  return 0;
}

// Runs one configuration in a child process of this binary; prints its line with its peak RSS.
int spawn_one(const Args& a, const char* self, const std::string& config, const std::string& proxies_label) {
  const std::string out = "/tmp/zcnas_bench_proxy_pool." + std::to_string(getpid()) + "." + config;
  std::vector<std::string> argv_s = {self,      "--one",   config, out, a.spaces, a.plugins, a.data, a.cells,
                                     std::to_string(a.batch), "--repeat", std::to_string(a.repeat),
                                     "--networks", std::to_string(a.networks), "--pass-chunk",
                                     std::to_string(a.pass_chunk)};
  std::vector<char*> argv;
  for (auto& s : argv_s) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, self, nullptr, nullptr, argv.data(), environ) != 0) {
    std::perror("posix_spawn");
    return 1;
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  std::ifstream in(out);
  double median = 0, p90 = 0, floor = 0, rss_first = 0, rss_last = 0;
  long n = 0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !(in >> median >> p90 >> floor >> rss_first >> rss_last >> n)) {
    std::fprintf(stderr, "%s: the configuration failed (status %d)\n", config.c_str(), status);
    return 1;
  }
  std::remove(out.c_str());
  const double peak_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  char floor_text[32] = "-";
  if (floor > 0) std::snprintf(floor_text, sizeof floor_text, "%s%.3f", config == "pool" ? ">=" : "", floor);
  std::printf("%-10s %-7s %5ld %8.3f %8.3f %9.0f %9s %8.2fx %8.0f %8.0f\n", config.c_str(), proxies_label.c_str(), n,
              median, p90, peak_mb, floor_text, floor > 0 ? median / floor : 0.0, rss_first, rss_last);
  std::fflush(stdout);
  return 0;
}

Args parse(int argc, char** argv, int first) {
  Args a;
  std::vector<std::string> pos;
  for (int i = first; i < argc; ++i) {
    const std::string s = argv[i];
    if (s == "--alone") a.alone = true;
    else if (s == "--repeat" && i + 1 < argc) a.repeat = std::max(1, std::atoi(argv[++i]));
    else if (s == "--only" && i + 1 < argc) a.only.push_back(argv[++i]);
    else if (s == "--networks" && i + 1 < argc) a.networks = std::max(1, std::atoi(argv[++i]));
    else if (s == "--pass-chunk" && i + 1 < argc) a.pass_chunk = std::max(0, std::atoi(argv[++i]));
    else pos.push_back(s);
  }
  if (pos.size() < 4) {
    std::fprintf(stderr,
                 "usage: %s <spaces dir> <plugins dir> <data dir> <cells file> [batch=64] [--alone] [--repeat R] "
                 "[--only CONFIG]... [--networks N] [--pass-chunk N]\n",
                 argv[0]);
    std::exit(2);
  }
  a.spaces = pos[0], a.plugins = pos[1], a.data = pos[2], a.cells = pos[3];
  if (pos.size() > 4) a.batch = std::atoi(pos[4].c_str());
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  const bool retained = zcnas::runtime::retain_freed_memory();  // as the zcnas command does
  if (argc > 3 && std::string(argv[1]) == "--one") return run_one(parse(argc, argv, 4), argv[2], argv[3]);
  const Args a = parse(argc, argv, 1);
  zcnas::runtime::set_threads(0);
  std::printf("NAS-Bench-201, %zu cells of %s x %d, CIFAR-10 batch %d, %d threads, %s, freed memory %s\n",
              read_cells(a.cells).size(), a.cells.c_str(), a.repeat, a.batch, zcnas::runtime::threads(),
              zcnas::runtime::blas_library().c_str(),
              retained ? "kept (runtime/allocator.hpp)" : "returned to the kernel (glibc's defaults)");
  std::printf("%-10s %-7s %5s %8s %8s %9s %9s %9s %8s %8s\n", "config", "proxies", "cells", "median", "p90",
              "peak MB", "floor", "/floor", "RSS@1", "RSS@end");
  if (std::find(a.only.begin(), a.only.end(), "autoformer") != a.only.end())
    std::printf("autoformer: %d AutoFormer-Small networks, L-SWAG, 224 x 224, 2 ImageNet batches of %d, %s\n",
                a.networks, a.batch,
                a.pass_chunk > 0 ? ("sub-batch passes of " + std::to_string(a.pass_chunk)).c_str() : "whole batches");
  const char* self = "/proc/self/exe";  // argv[0] may be a bare name found on PATH
  int failed = 0;
  if (!a.only.empty()) {
    for (const auto& config : a.only)
      failed |= spawn_one(a, self, config, config == "ten" || config == "ten_cl" ? "10" : config == "pool" ? "all" : "1");
    return failed;
  }
  failed |= spawn_one(a, self, "ten", "10");
  failed |= spawn_one(a, self, "ten_cl", "10");
  failed |= spawn_one(a, self, "pool", "all");
  if (a.alone) {
    auto env = bench_environment(a);
    for (const auto& p : env->host().plugins())
      if (p.metadata.kind == zcnas::PluginKind::proxy) failed |= spawn_one(a, self, p.metadata.name, "1");
  }
  return failed;
}
