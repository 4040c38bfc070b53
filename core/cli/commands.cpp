#include "commands.hpp"
#include "progress_line.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>

#include "config/run_config.hpp"
#include "dsl/parser.hpp"
#include "runtime/install_paths.hpp"
#include "spec/family.hpp"
#include "spec/space_ops.hpp"
#include "util/suggest.hpp"
#include "log/logging.hpp"
#include "net/families/build_network.hpp"
#include "net/toy_cnn.hpp"
#include "zcnas/net/flops.hpp"
#include "plugin/plugin_host.hpp"
#include "plugin/proxy_instances.hpp"
#include "proxy/proxy_runner.hpp"
#include "runtime/runtime.hpp"
#include "score/score_run.hpp"
#include "score/score_writer.hpp"
#include "score/score_driver.hpp"
#include "search/cost_model.hpp"
#include "distributed/mpi_world.hpp"
#include "session.hpp"
#include <fstream>
#include "zcnas/probe/context.hpp"
#include "zcnas/version.hpp"

namespace zcnas::cli {

namespace {

std::string needs_text(const PluginNeeds& n) {
  std::vector<std::string> parts;
  if (n.labels) parts.push_back("labels");
  if (n.gradients) parts.push_back("gradients");
  if (n.data_batch) parts.push_back("a real data batch");
  if (n.float64) parts.push_back("float64");
  if (n.gpu) parts.push_back("a GPU");
  if (n.min_batches > 1) parts.push_back(std::to_string(n.min_batches) + " batches");
  if (parts.empty()) return "nothing beyond the network";
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

nlohmann::json param_json(const ParamValue& v) {
  switch (type_of(v)) {
    case ParamType::boolean: return std::get<bool>(v);
    case ParamType::integer: return std::get<std::int64_t>(v);
    case ParamType::real: return std::get<double>(v);
    case ParamType::string: return std::get<std::string>(v);
    case ParamType::real_list: return std::get<std::vector<double>>(v);
  }
  return nullptr;
}

nlohmann::json plugin_json(const plugin::LoadedPlugin& p) {
  const auto& m = p.metadata;
  nlohmann::json params = nlohmann::json::array();
  for (const auto& s : m.params)
    params.push_back({{"name", s.name}, {"type", to_string(s.type)}, {"default", param_json(s.default_value)},
                      {"doc", s.doc}});
  return {{"name", m.name},
          {"version", m.version},
          {"kind", to_string(m.kind)},
          {"description", m.description},
          {"direction", m.direction == ScoreDirection::higher_is_better ? "higher" : "lower"},
          {"needs",
           {{"labels", m.needs.labels},
            {"gradients", m.needs.gradients},
            {"data_batch", m.needs.data_batch},
            {"float64", m.needs.float64},
            {"gpu", m.needs.gpu},
            {"min_batches", m.needs.min_batches}}},
          {"params", params},
          {"path", p.path},
          {"abi_version", p.stamp.abi_version},
          {"sdk_version", p.stamp.sdk_version},
          {"torch_version", p.stamp.torch_version},
          {"compiler", p.stamp.compiler}};
}

}  // namespace

int plugins_list(const GlobalOptions& options, bool json) {
  auto session = open_session(options);
  if (!session) return report(session.error()), kExitUsage;
  const auto& host = (*session)->host;
  if (json) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& p : host.plugins()) all.push_back(plugin_json(p));
    std::cout << all.dump(2) << "\n";
    return kExitOk;
  }
  if (host.plugins().empty()) {
    std::cout << "no plugins found; searched:\n";
    for (const auto& d : (*session)->plugin_dirs) std::cout << "  " << d << "\n";
    return kExitOk;
  }
  std::size_t name_width = 4, version_width = 7;
  for (const auto& p : host.plugins()) {
    name_width = std::max(name_width, p.metadata.name.size());
    version_width = std::max(version_width, p.metadata.version.size());
  }
  std::cout << std::left << std::setw(static_cast<int>(name_width) + 2) << "NAME" << std::setw(10) << "KIND"
            << std::setw(static_cast<int>(version_width) + 2) << "VERSION" << std::setw(8) << "BETTER"
            << "DESCRIPTION\n";
  for (const auto& p : host.plugins()) {
    const auto& m = p.metadata;
    std::cout << std::setw(static_cast<int>(name_width) + 2) << m.name << std::setw(10) << to_string(m.kind)
              << std::setw(static_cast<int>(version_width) + 2) << m.version << std::setw(8)
              << (m.kind == PluginKind::op ? "-" : m.direction == ScoreDirection::higher_is_better ? "higher" : "lower")
              << m.description << "\n";
  }
  return kExitOk;
}

int plugins_show(const GlobalOptions& options, const std::string& name, bool json) {
  auto session = open_session(options);
  if (!session) return report(session.error()), kExitUsage;
  const auto& host = (*session)->host;
  const plugin::LoadedPlugin* p = host.find(name);
  if (p == nullptr) {
    auto missing = host.make_proxy(name, {});  // carries the "did you mean" message
    report(missing.error());
    return kExitUsage;
  }
  if (json) {
    std::cout << plugin_json(*p).dump(2) << "\n";
    return kExitOk;
  }
  const auto& m = p->metadata;
  std::cout << m.name << " " << m.version << " (" << to_string(m.kind) << ")\n"
            << "  " << m.description << "\n\n"
            << "  score:      " << to_string(m.direction) << "\n"
            << "  needs:      " << needs_text(m.needs) << "\n"
            << "  library:    " << p->path << "\n"
            << "  built for:  zcnas SDK " << p->stamp.sdk_version << ", plugin ABI " << p->stamp.abi_version
            << ", LibTorch " << p->stamp.torch_version << ", " << p->stamp.compiler << "\n\n";
  if (m.params.empty()) {
    std::cout << "  parameters: none\n";
    return kExitOk;
  }
  std::cout << "  parameters:\n";
  for (const auto& s : m.params) {
    std::cout << "    " << s.name << " (" << to_string(s.type) << ", default " << to_string(s.default_value)
              << ")\n        " << s.doc << "\n";
  }
  return kExitOk;
}

int doctor(const GlobalOptions& options) {
  auto opened = open_session(options);
  if (!opened) return report(opened.error()), kExitUsage;
  Session& s = **opened;
  std::cout << "zcnas " << ZCNAS_SDK_VERSION << " (plugin ABI " << ZCNAS_PLUGIN_ABI_VERSION << ")\n"
            << "LibTorch " << runtime::torch_version() << ", " << runtime::threads() << " CPU thread(s) of "
            << runtime::hardware_threads() << ", CUDA "
            << (runtime::cuda_available() ? std::to_string(runtime::cuda_device_count()) + " device(s)"
                                          : std::string("not available"))
            << "\nBLAS: " << runtime::blas_library() << "\ndevice: " << s.device.str() << "\n"
            << "plugins: " << std::count_if(s.host.plugins().begin(), s.host.plugins().end(),
                                            [](const plugin::LoadedPlugin& p) { return p.metadata.kind != PluginKind::op; })
            << " loaded, " << s.refusals.size() << " refused\n";
  for (const auto& r : s.refusals) std::cout << "  refused: " << r.to_string() << "\n";
  // Ops are listed apart: one op library registers dozens of them.
  std::map<std::string, int> op_libraries;
  for (const auto& p : s.host.plugins())
    if (p.metadata.kind == PluginKind::op) ++op_libraries[p.path];
  for (const auto& [path, n] : op_libraries) std::cout << "ops: " << n << " from " << path << "\n";

  auto proxies = s.config.proxies.empty() ? plugin::instantiate_all_proxies(s.host)
                                          : plugin::instantiate_proxies(s.config.proxies, s.host);
  if (!proxies) return report(proxies.error()), kExitUsage;

  // A seeded Gaussian batch with seeded labels: every proxy can run on it.
  Network network = net::make_toy_cnn({3, 8, 10, s.seed});
  network.to(s.device);
  at::Generator gen = at::detail::createCPUGenerator(s.seed);
  std::vector<Batch> batches;
  for (int b = 0; b < 2; ++b)
    batches.push_back({at::normal(0.0, 1.0, {16, 3, 32, 32}, gen), at::randint(0, 10, {16}, gen)});
  ProbeOptions probe;
  probe.device = s.device;
  probe.seed = s.seed;
  probe.dataset = "gaussian";
  probe.num_classes = 10;
  const std::uint64_t seed = s.seed;
  ProbeContext ctx(network, std::move(batches), probe, [seed](std::uint64_t) -> Expected<Network> {
    return net::make_toy_cnn({3, 8, 10, seed});
  });
  proxy::plan_passes(*proxies, ctx);
  std::cout << "scoring a toy CNN (" << network.layers().size() << " weighted layers, "
            << network.parameter_count() << " parameters), 2 Gaussian batches of 16 at 3x32x32:\n";
  int failures = 0;
  int width = 8;
  for (const auto& p : *proxies) width = std::max(width, static_cast<int>(p.name.size()) + 2);
  for (auto& p : *proxies) {
    auto outcome = proxy::run_proxy(p, ctx, "toy_cnn");
    if (outcome.ok) {
      std::cout << "  " << std::left << std::setw(width) << p.name << std::setw(16) << outcome.score << std::fixed
                << std::setprecision(3) << outcome.seconds << " s\n"
                << std::defaultfloat << std::setprecision(6);
    } else {
      ++failures;
      std::cout << "  " << std::left << std::setw(width) << p.name << "FAILED: " << outcome.error << "\n";
    }
  }
  std::cout << "forward passes computed: " << ctx.passes_computed() << "\n";
  const bool healthy = failures == 0 && s.refusals.empty() && !proxies->empty();
  std::cout << (healthy ? "ok" : "problems found") << "\n";
  return healthy ? kExitOk : kExitFailure;
}

namespace {

nlohmann::json value_json(const spec::Value& v) {
  if (v.is_integer()) return v.as_integer();
  if (v.is_number()) return v.as_number();
  if (v.is_boolean()) return v.as_boolean();
  if (v.is_text()) return v.as_text();
  nlohmann::json list = nlohmann::json::array();
  for (const auto& x : v.as_list()) list.push_back(value_json(x));
  return list;
}

}  // namespace

int space_info(const GlobalOptions& options, const SpaceOptions& o) {
  auto session = open_session(options);
  if (!session) return report(session.error()), kExitUsage;
  auto space = load_space(**session, o);
  if (!space) return report(space.error()), kExitUsage;
  const spec::BigUint size = spec::size(*space);
  // Choices grouped as declared: per-layer choices once with their count, cells once.
  struct Group {
    std::string name, detail;
  };
  std::vector<Group> groups;
  std::set<std::string> seen;
  for (const auto& d : space->decisions) {
    if (!seen.insert(d.group).second) continue;
    std::string options_text;
    for (std::size_t k = 0; k < d.options.size(); ++k) options_text += (k ? ", " : "") + d.options[k].to_string();
    if (d.count_decision >= 0) {
      groups.push_back({d.group, "{" + options_text + "} per layer of '" + space->decisions[d.count_decision].name + "'"});
    } else if (const spec::Cell* c = space->cell(d.group)) {
      std::string ops;
      for (std::size_t k = 0; k < c->ops.size(); ++k) ops += (k ? ", " : "") + c->ops[k].to_string();
      groups.push_back({d.group, std::string(spec::to_string(c->kind)) + " cell, " + std::to_string(c->nodes) +
                                     " nodes, " + std::to_string(c->decision_count) + " decisions, ops {" + ops + "}"});
    } else {
      groups.push_back({d.name, "{" + options_text + "}"});
    }
  }
  if (o.json) {
    nlohmann::json j;
    j["name"] = space->name;
    j["family"] = space->family;
    j["file"] = space->file;
    j["size"] = size.to_string();
    j["decisions"] = space->decisions.size();
    for (const auto& [k, v] : space->settings) j["settings"][k] = value_json(v);
    for (const auto& g : groups) j["choices"][g.name] = g.detail;
    j["constraints"] = nlohmann::json::array();
    for (const auto& c : space->constraints) {
      nlohmann::json cj{{"quantity", c.quantity}};
      if (c.min) cj["min"] = *c.min;
      if (c.max) cj["max"] = *c.max;
      j["constraints"].push_back(cj);
    }
    j["format"] = space->format;
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  const spec::FamilySpec* family = spec::find_family(space->family);
  std::cout << "space " << space->name << " (" << space->file << ")\n"
            << "  family:     " << space->family
            << (family                      ? " - " + family->description
                : space->family == "network" ? std::string(" - the network body in the file, built from op plugins")
                                             : std::string())
            << "\n";
  for (const auto& [k, v] : space->settings)
    std::cout << "  " << std::left << std::setw(std::max<int>(12, static_cast<int>(k.size()) + 2)) << (k + ":")
              << v.to_string() << "\n";
  std::ostringstream approx;
  approx.precision(3);
  approx << size.to_double();
  std::cout << "  size:       " << size.to_string() << (size.fits_u64() ? "" : " (~" + approx.str() + ")") << "\n"
            << "  decisions:  " << space->decisions.size() << "\n  choices:\n";
  for (const auto& g : groups) std::cout << "    " << g.name << ": " << g.detail << "\n";
  for (const auto& c : space->constraints)
    std::cout << "  constraint: " << c.quantity << (c.min ? " >= " + spec::Value::real(*c.min).to_string() : "")
              << (c.max ? " <= " + spec::Value::real(*c.max).to_string() : "") << "\n";
  if (!space->format.empty()) std::cout << "  format:     " << space->format << "\n";
  return kExitOk;
}

int space_sample(const GlobalOptions& options, const SpaceOptions& o) {
  auto session = open_session(options);
  if (!session) return report(session.error()), kExitUsage;
  auto space = load_space(**session, o);
  if (!space) return report(space.error()), kExitUsage;
  const spec::BigUint size = spec::size(*space);
  if (o.unique && size.fits_u64() && static_cast<std::uint64_t>(o.count) > size.to_u64())
    return report(Error(ErrorKind::invalid_argument, "--unique asks for " + std::to_string(o.count) +
                                                         " architectures, the space has " + size.to_string())),
           kExitUsage;
  spec::Rng rng(o.seed);
  std::set<std::string> printed;
  // Rejection sampling: uniform over the architectures inside the bounds. A budget of draws
  // keeps a space whose bounds almost nothing meets from running forever.
  std::optional<search::CostModel> cost;
  if (o.within && !space->constraints.empty()) cost.emplace(*space, 0, std::vector<std::int64_t>{});
  const bool with_flops = search::needs_flops(space->constraints);
  const std::int64_t max_draws = std::max<std::int64_t>(1000, 1000 * o.count);
  std::int64_t draws = 0, outside = 0;
  for (std::int64_t n = 0; n < o.count;) {
    if (++draws > max_draws && cost)
      return report(Error(ErrorKind::invalid_argument,
                          "--within-constraints: only " + std::to_string(n) + " of " + std::to_string(max_draws) +
                              " sampled architectures of space '" + space->name + "' meet its constraints")),
             kExitFailure;
    const spec::Architecture arch = spec::sample(*space, rng);
    const std::string text = spec::to_canonical(*space, arch);
    if (o.unique && !printed.insert(text).second) continue;
    if (cost) {
      auto c = cost->measure(arch, text, with_flops);
      if (!c) return report(c.error().with_context("architecture '" + text + "'")), kExitFailure;
      if (!search::broken_bound(space->constraints, *c, with_flops).empty()) {
        ++outside;
        continue;
      }
    }
    std::cout << text << "\n";
    ++n;
  }
  if (cost) spdlog::info("space sample: {} of {} drawn architectures were outside the constraints", outside, draws);
  return kExitOk;
}

int space_enumerate(const GlobalOptions& options, const SpaceOptions& o) {
  auto session = open_session(options);
  if (!session) return report(session.error()), kExitUsage;
  auto space = load_space(**session, o);
  if (!space) return report(space.error()), kExitUsage;
  std::int64_t printed = 0;
  spec::enumerate(*space, [&](const spec::Architecture& arch) {
    if (o.limit >= 0 && printed >= o.limit) return false;
    std::cout << spec::to_canonical(*space, arch) << "\n";
    ++printed;
    return static_cast<bool>(std::cout);  // stop when the reader has gone (| head)
  });
  return kExitOk;
}

int arch_show(const GlobalOptions& options, const ArchOptions& o) {
  auto session = open_session(options);
  if (!session) return report(session.error()), kExitUsage;
  SpaceOptions so;
  so.file = o.file;
  so.space = o.space;
  auto space = load_space(**session, so);
  if (!space) return report(space.error()), kExitUsage;
  if (o.arch.empty() && !space->decisions.empty())
    return report(Error(ErrorKind::invalid_argument, "space '" + space->name + "' has " +
                                                         std::to_string(space->decisions.size()) +
                                                         " choices: name an architecture (zcnas space sample " + o.file +
                                                         " -n 1)")),
           kExitUsage;
  auto arch = spec::from_canonical(*space, o.arch);
  if (!arch) return report(arch.error()), kExitUsage;
  auto network = net::build_network(*space, *arch, (*session)->seed);
  if (!network) return report(network.error()), kExitFailure;
  std::vector<std::int64_t> input;
  for (const auto& v : space->settings.at("input").as_list()) input.push_back(v.as_integer());
  auto flops = count_flops(*network, input);
  if (!flops) return report(flops.error()), kExitFailure;
  const std::int64_t params = network->parameter_count();
  const double macs = flops->macs();
  if (o.json) {
    nlohmann::json j{{"space", space->name}, {"family", space->family}, {"arch", o.arch}, {"params", params},
                     {"flops", flops->total}, {"flops_macs", macs}, {"hash", spec::stable_hash(*space, *arch)}};
    j["layers"] = nlohmann::json::array();
    for (const auto& l : network->layers())
      j["layers"].push_back({{"name", l.name}, {"kind", to_string(l.kind)}, {"shape", l.weight.sizes().vec()},
                             {"params", l.weight.numel() + (l.bias.defined() ? l.bias.numel() : 0)},
                             {"flops", flops->per_layer[l.depth]}});
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  std::size_t width = 5;
  for (const auto& l : network->layers()) width = std::max(width, l.name.size());
  std::cout << std::left << std::setw(static_cast<int>(width) + 2) << "LAYER" << std::setw(8) << "KIND" << std::setw(20)
            << "WEIGHT" << std::setw(12) << "PARAMS" << "MACS\n";
  for (const auto& l : network->layers()) {
    std::ostringstream shape;
    shape << l.weight.sizes();
    std::cout << std::setw(static_cast<int>(width) + 2) << l.name << std::setw(8) << to_string(l.kind) << std::setw(20)
              << shape.str() << std::setw(12) << (l.weight.numel() + (l.bias.defined() ? l.bias.numel() : 0))
              << static_cast<std::int64_t>(flops->per_layer[l.depth]) << "\n";
  }
  std::cout << "\n" << space->name << " " << o.arch << "\n"
            << "  weighted layers: " << network->layers().size() << ", activation sites: " << network->activations().size()
            << "\n  params: " << params << " (" << params / 1e6 << " M, BatchNorm and LayerNorm included)\n"
            << "  flops:  " << static_cast<std::int64_t>(flops->total) << " (" << flops->total / 1e6
            << " M, NAS-Bench-Suite-Zero's convention, batch 1)\n"
            << "  MACs:   " << static_cast<std::int64_t>(macs) << " (Conv2d and Linear only)\n";
  return kExitOk;
}


namespace {

// "i/N" with 0 <= i < N.
Expected<std::pair<std::size_t, std::size_t>> parse_shard(const std::string& text) {
  const auto bad = Error(ErrorKind::invalid_argument, "--shard '" + text + "': expected i/N with 0 <= i < N, e.g. 0/4");
  const auto slash = text.find('/');
  if (slash == std::string::npos) return bad;
  try {
    std::size_t used_i = 0, used_n = 0;
    const long long i = std::stoll(text.substr(0, slash), &used_i);
    const long long n = std::stoll(text.substr(slash + 1), &used_n);
    if (used_i != slash || used_n != text.size() - slash - 1 || n < 1 || i < 0 || i >= n) return bad;
    return std::make_pair(static_cast<std::size_t>(i), static_cast<std::size_t>(n));
  } catch (const std::exception&) {
    return bad;
  }
}

}  // namespace

int score(const GlobalOptions& given, const ScoreCommand& c) {
  auto joined = distributed::MpiWorld::join();
  if (!joined) return report(joined.error()), kExitUsage;
  const distributed::MpiWorld& world = **joined;
  // Every rank runs the same set-up; rank 0 alone talks to the user, the store and the files.
  GlobalOptions options = given;
  if (world.rank() != 0) options.quiet = true;
  auto fail = [&world](const Error& e, int code) {
    report(e);
    if (world.distributed()) world.abort(code);
    return code;
  };

  auto session = open_session(options);
  if (!session) return fail(session.error(), kExitUsage);
  const Session& s = **session;
  const dsl::PluginCatalog catalog = plugin::catalog_of(s.host);
  auto program = dsl::parse_file(c.file, parse_options(catalog));
  if (!program) return fail(program.error(), kExitUsage);
  auto space = pick_space(*program, {c.file, c.space});  // the program parsed above, not a second parse
  if (!space) return fail(space.error(), kExitUsage);

  auto proxies = c.proxies.empty() ? plugin::instantiate_all_proxies(s.host)
                                   : plugin::instantiate_named_proxies(c.proxies, s.config.proxies,
                                                                       program->proxies, s.host);
  if (!proxies) return fail(proxies.error(), kExitUsage);
  auto archs = select_architectures(*space, c.select);
  if (!archs) return fail(archs.error(), kExitUsage);
  std::pair<std::size_t, std::size_t> shard{0, 1};
  if (!c.shard.empty()) {
    auto parsed = parse_shard(c.shard);
    if (!parsed) return fail(parsed.error(), kExitUsage);
    shard = *parsed;
  }
  std::vector<score::IndexedArch> mine;
  for (std::size_t i = shard.first; i < archs->size(); i += shard.second) mine.push_back({i, (*archs)[i]});

  score::ScoreOptions so;
  so.dataset = c.dataset;
  so.batch_size = c.batch_size;
  so.batches = c.batches;
  so.seed = s.seed;
  so.device = s.device;
  so.batchnorm_train_mode = c.batchnorm == "train";
  so.input_size = c.input_size;
  so.data_dirs = runtime::default_data_dirs();
  so.isolate = s.isolate;
  so.proxy_time_limit = s.proxy_timeout;
  so.proxy_memory_mb = s.proxy_memory_mb;
  auto run = score::ScoreRun::prepare(*space, std::move(*proxies), so);
  if (!run) return fail(run.error(), kExitUsage);
  std::unique_ptr<score::ScoreWriter> writer;
  std::shared_ptr<store::RunStore> store;
  if (world.rank() == 0) {
    auto opened = open_store(s);
    if (!opened) return fail(opened.error(), kExitUsage);
    store = std::move(*opened);
    if (store) {
      if (auto ok = run->use_store(store, s.retry_failed); !ok) return fail(ok.error(), kExitFailure);
    }
    auto w = score::ScoreWriter::open(c.out, c.json, run->protocol());
    if (!w) return fail(w.error(), kExitFailure);
    writer = std::move(*w);
  }
  run->set_origin(store::this_origin() + (world.distributed() ? " rank " + std::to_string(world.rank()) : ""));

  spdlog::info("scoring {} architectures{} of '{}' with {} proxies on {} (batch {}, seed {}, {}){}{}", mine.size(),
               c.shard.empty() ? std::string() : " (shard " + c.shard + " of " + std::to_string(archs->size()) + ")",
               space->name, run->proxies().size(), c.dataset, c.batch_size, s.seed, s.device.str(),
               world.distributed() ? ", " + std::to_string(world.size()) + " MPI ranks" : std::string(),
               store ? ", store " + store->path() : std::string());
  const auto start = std::chrono::steady_clock::now();
  ProgressLine progress("score", static_cast<std::int64_t>(mine.size()), !options.quiet && world.rank() == 0);
  auto on_progress = [&](std::size_t done, std::size_t total, std::size_t failures) {
    progress.update(static_cast<std::int64_t>(done), std::to_string(failures) + " failed");
    if (!progress.active() && (done % 100 == 0 || done == total))
      spdlog::info("{}/{} architectures, {:.1f} s", done, total,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  };
  auto stats = score::drive_scoring(*run, mine, writer.get(), world, on_progress);
  if (!stats) return fail(stats.error(), kExitFailure);
  if (world.rank() != 0) return kExitOk;
  if (auto ok = writer->finish(); !ok) return fail(ok.error(), kExitFailure);
  if (store)
    spdlog::info("{} results computed, {} reused from the run store {}", stats->computed, stats->reused, store->path());
  if (stats->failures > 0) {
    // The run itself succeeded: failures are results, recorded with their reasons.
    spdlog::warn("{} of {} scores failed (status 'failed' in the CSV, with the reason)", stats->failures,
                 writer->rows());
  }
  return kExitOk;
}

int check(const GlobalOptions& options, const std::string& file) {
  auto session = open_session(options);
  if (!session) return report(session.error()), kExitUsage;
  const dsl::PluginCatalog catalog = plugin::catalog_of((*session)->host);
  auto program = dsl::parse_file(file, parse_options(catalog));
  if (!program) return report(program.error()), kExitUsage;
  std::cout << file << ": ok (" << program->files.size() << " file(s) read)\n";
  for (const auto& sp : program->spaces)
    std::cout << "  space " << sp.name << ": family " << sp.family << ", " << sp.decisions.size() << " decisions, size "
              << spec::size(sp).to_string() << "  [" << sp.location.to_string() << "]\n";
  for (const auto& p : program->proxies)
    std::cout << "  proxy " << p.name << " = " << p.expr.to_string() << "  [" << p.location.to_string() << "]\n";
  return kExitOk;
}

int version() {
  std::cout << "zcnas " << ZCNAS_SDK_VERSION << "\nplugin ABI " << ZCNAS_PLUGIN_ABI_VERSION << "\nLibTorch "
            << runtime::torch_version() << "\n";
  return kExitOk;
}

}  // namespace zcnas::cli
