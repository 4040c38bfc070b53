// zcnas search: a thin layer over core/src/search. Reads the search TOML, assembles the
// search, resumes an interrupted one from its trajectory, shows progress, and writes
// best.json, the trajectory and the best-so-far figure. Ctrl-C stops cleanly after the
// candidate in flight; kill -9 loses at most that candidate.

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "progress_line.hpp"
#include "report/search_report.hpp"
#include "runtime/install_paths.hpp"
#include "search/search_journal.hpp"
#include "search/search_loop.hpp"
#include "search/search_setup.hpp"
#include "session.hpp"

namespace zcnas::cli {

namespace fs = std::filesystem;

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_interrupt(int) { g_stop.store(true); }

std::string default_out(const std::string& name) {
  std::string out = "search-";
  for (char ch : name) out += std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' ? ch : '_';
  return out;
}

}  // namespace

int search(const GlobalOptions& options, const SearchCommand& c) {
  auto session = open_session(options);
  if (!session) return report(session.error()), kExitUsage;
  const Session& s = **session;

  auto spec = search::load_search(c.config);
  if (!spec) return report(spec.error()), kExitUsage;
  if (c.seed) spec->seed = *c.seed;
  if (c.evaluations) spec->evaluations = *c.evaluations;
  if (c.time_limit) spec->time_limit = *c.time_limit;
  if (!c.out.empty()) spec->out = c.out;
  if (spec->out.empty()) spec->out = default_out(spec->name);

  const dsl::PluginCatalog catalog = plugin::catalog_of(s.host);
  auto program = dsl::parse_file(spec->space_file, parse_options(catalog));
  if (!program) return report(program.error().with_context(spec->file + " [search] space")), kExitUsage;
  auto space = pick_space(*program, {spec->space_file, spec->space});
  if (!space) return report(space.error()), kExitUsage;

  search::SetupContext ctx;
  ctx.host = &s.host;
  ctx.configured = s.config.proxies;
  ctx.device = s.device;
  ctx.data_dirs = runtime::default_data_dirs();
  ctx.network_seed = s.seed;
  auto store = open_store(s);
  if (!store) return report(store.error()), kExitUsage;
  ctx.store = *store;
  ctx.retry_failed = s.retry_failed;
  ctx.isolate = s.isolate;
  ctx.proxy_time_limit = s.proxy_timeout;
  ctx.proxy_memory_mb = s.proxy_memory_mb;
  std::optional<spec::SearchSpace> fit_space;
  if (!spec->fitness.fit_space_file.empty()) {
    auto fit_program = dsl::parse_file(spec->fitness.fit_space_file, parse_options(catalog));
    if (!fit_program) return report(fit_program.error()), kExitUsage;
    auto picked = pick_space(*fit_program, {spec->fitness.fit_space_file, spec->fitness.fit_space});
    if (!picked) return report(picked.error()), kExitUsage;
    fit_space = std::move(*picked);
  }
  auto setup = search::prepare_search(*spec, *space, program->proxies, ctx, fit_space ? &*fit_space : nullptr);
  if (!setup) return report(setup.error()), kExitUsage;

  // The output folder: this very search is resumed, another one is refused.
  std::error_code ec;
  fs::create_directories(spec->out, ec);
  const std::string state_path = (fs::path(spec->out) / "search.json").string();
  const std::string trajectory_path = (fs::path(spec->out) / "trajectory.csv").string();
  bool resume = false;
  if (!c.fresh && fs::exists(state_path)) {
    std::ifstream in(state_path);
    auto state = nlohmann::json::parse(in, nullptr, false);
    const std::string previous = state.is_object() ? state.value("fingerprint", "") : "";
    if (previous != setup->fingerprint)
      return report(Error(ErrorKind::config, "'" + spec->out + "' holds another search (fingerprint " + previous +
                                                 ", this one " + setup->fingerprint +
                                                 "): choose another --out, or --fresh to overwrite it")),
             kExitUsage;
    resume = true;
  }
  if (!resume)  // a fresh search must not leave the previous one's results looking like its own
    for (const char* stale : {"best.json", "best_so_far.csv", "best_so_far.svg", "best_so_far.svg.gp"})
      fs::remove(fs::path(spec->out) / stale, ec);
  {
    nlohmann::json state{{"name", spec->name},         {"config", fs::absolute(c.config).string()},
                         {"fingerprint", setup->fingerprint}, {"space", setup->space.name},
                         {"strategy", spec->strategy.name}, {"seed", spec->seed},
                         {"fitness", setup->fitness->describe()}};
    state["protocol"] = nlohmann::json::parse(setup->scorer->protocol_json(), nullptr, false);
    std::ofstream(state_path) << state.dump(2) << "\n";
  }
  auto journal = search::SearchJournal::open(trajectory_path, setup->space, setup->scorer->proxies(), resume);
  if (!journal) return report(journal.error()), kExitUsage;
  if (resume) spdlog::info("resuming '{}': {} candidates already scored in {}", spec->name, (*journal)->recorded().size(), trajectory_path);

  spdlog::info("search '{}': {} over '{}', fitness {}, seed {}, budget {} evaluations{}", spec->name,
               spec->strategy.name, setup->space.name, setup->fitness->describe(), spec->seed, spec->evaluations,
               spec->time_limit > 0 ? fmt::format(" / {} s", spec->time_limit) : "");

  search::LoopOptions lo;
  lo.seed = spec->seed;
  lo.budget.evaluations = spec->evaluations;
  lo.budget.seconds = spec->time_limit;
  lo.bounds = setup->bounds;
  search::CostModel& cost = *setup->cost;
  search::SearchLoop loop(
      setup->space, *setup->strategy, *setup->scorer,
      [&cost](const spec::Architecture& a, const std::string& k, bool f) { return cost.measure(a, k, f); },
      *setup->fitness, lo);
  loop.set_replay((*journal)->recorded());

  search::Archive archive(setup->scorer->proxies());
  g_stop.store(false);
  auto previous_handler = std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  Expected<search::SearchOutcome> outcome = search::SearchOutcome{};
  {
    ProgressLine progress("search", spec->evaluations, c.progress && !options.quiet);
    const std::size_t step = spec->evaluations > 0 ? std::max<std::int64_t>(1, spec->evaluations / 10) : 100;
    outcome = loop.run(
        archive, [&](const search::Archive& a, std::size_t i) { return (*journal)->append(a, i); },
        [&](const search::SearchProgress& p, const search::Archive& a) {
          const std::string best = p.best ? fmt::format("best {:.6g}", a.fitness()[*p.best]) : "best -";
          const std::string extra = fmt::format("{}, {} replayed, {} out of bounds", best, p.replayed, p.rejected);
          progress.update(static_cast<std::int64_t>(p.evaluations), extra, p.eta);
          if (!progress.active() && p.evaluations % step == 0)
            spdlog::info("{}/{} evaluated | {} | {} elapsed, ETA {}", p.evaluations, spec->evaluations, extra,
                         clock_text(p.elapsed), clock_text(p.eta));
        },
        &g_stop);
  }
  std::signal(SIGINT, previous_handler);
  std::signal(SIGTERM, SIG_DFL);
  if (!outcome) {
    report(outcome.error());
    spdlog::error("the {} candidates scored so far are in {}; run the same command to resume", archive.size(), trajectory_path);
    return kExitFailure;
  }

  report::SearchSummary summary;
  summary.name = spec->name;
  summary.space = setup->space.name;
  summary.strategy = spec->strategy.name;
  summary.fitness = setup->fitness->describe();
  summary.seed = spec->seed;
  summary.fingerprint = setup->fingerprint;
  summary.protocol_json = setup->scorer->protocol_json();
  summary.fit_rows = setup->fit_rows;
  summary.fit_evaluations = setup->fit_evaluations;
  summary.truth_columns = setup->truth_columns;
  summary.truth = &setup->truth;
  const std::string best_path = (fs::path(spec->out) / "best.json").string();
  int status = kExitOk;
  if (auto ok = report::write_best_json(best_path, archive, *outcome, summary); !ok) {
    report(ok.error().with_context(spec->name));
    return kExitFailure;
  }
  if (auto ok = report::write_best_so_far((fs::path(spec->out) / "best_so_far.csv").string(),
                                          (fs::path(spec->out) / "best_so_far.svg").string(), trajectory_path, summary);
      !ok) {
    report(ok.error());
    status = kExitFailure;
  }

  const auto best = *archive.best();
  const search::Candidate& b = archive[best];
  std::cout << "best: " << b.canonical << "\n"
            << fmt::format("  score {:.6g}  params {:.4g}M  flops {:.4g}M  (evaluation {} of {}, {:.1f} s)\n",
                           archive.fitness()[best], b.params / 1e6, b.flops / 1e6, best + 1, archive.size(),
                           outcome->elapsed);
  for (std::size_t t = 0; t < setup->truth_columns.size(); ++t) {
    auto it = setup->truth[t].find(b.canonical);
    double optimum = -INFINITY;
    for (const auto& [k, v] : setup->truth[t]) optimum = std::max(optimum, v);
    if (it != setup->truth[t].end())
      std::cout << fmt::format("  true {}: {:.2f} (the space's best: {:.2f})\n", setup->truth_columns[t], it->second, optimum);
  }
  std::cout << "  stopped: " << outcome->stop_reason << "\n  outputs: " << spec->out << "/{best.json, trajectory.csv, best_so_far.csv, best_so_far.svg}\n";
  if (outcome->stop_reason == "interrupted") {
    std::cout << "  interrupted: run the same command to resume\n";
    return 130;
  }
  return status;
}

}  // namespace zcnas::cli
