#include "run/search_job.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "report/search_report.hpp"
#include "run/score_options.hpp"
#include "search/round_journal.hpp"
#include "search/search_journal.hpp"
#include "search/search_loop.hpp"
#include "search/search_setup.hpp"
#include "spec/space_settings.hpp"

namespace zcnas::run {

namespace fs = std::filesystem;

namespace {

std::string default_out(const std::string& name) {
  std::string out = "search-";
  for (char ch : name) out += std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' ? ch : '_';
  return out;
}

}  // namespace

JobResult<SearchReport> run_search(const Environment& env, const SearchJob& job,
                                   const std::function<void(const SearchTick&)>& progress,
                                   const std::atomic<bool>* stop) {
  auto spec = search::load_search(job.config);
  if (!spec) return bad_input(std::move(spec).error());
  if (job.seed) spec->seed = *job.seed;
  if (job.evaluations) spec->evaluations = *job.evaluations;
  if (job.time_limit) spec->time_limit = *job.time_limit;
  if (!job.out.empty()) spec->out = job.out;
  if (spec->out.empty()) spec->out = default_out(spec->name);

  auto program = env.parse(spec->space_file);
  if (!program) return bad_input(std::move(program).error().with_context(spec->file + " [search] space"));
  auto space = Environment::pick_space(*program, {spec->space_file, spec->space});
  if (!space) return bad_input(std::move(space).error());
  if (!spec->settings.empty()) {
    auto changed = spec::with_settings(*space, spec->settings);
    if (!changed)
      return bad_input(std::move(changed).error().with_context(spec->setting_locations.begin()->second.to_string() +
                                                               " [settings]"));
    space = std::move(*changed);
  }
  auto ctx = setup_context(env);
  if (!ctx) return bad_input(std::move(ctx).error());
  std::optional<spec::SearchSpace> fit_space;
  if (!spec->fitness.fit_space_file.empty()) {
    auto fit_program = env.parse(spec->fitness.fit_space_file);
    if (!fit_program) return bad_input(std::move(fit_program).error());
    auto picked = Environment::pick_space(*fit_program, {spec->fitness.fit_space_file, spec->fitness.fit_space});
    if (!picked) return bad_input(std::move(picked).error());
    fit_space = std::move(*picked);
  }
  auto setup = search::prepare_search(*spec, *space, program->proxies, *ctx, fit_space ? &*fit_space : nullptr);
  if (!setup) return bad_input(std::move(setup).error());

  // The output folder: this very search is resumed, another one is refused.
  std::error_code ec;
  fs::create_directories(spec->out, ec);
  const std::string state_path = (fs::path(spec->out) / "search.json").string();
  const std::string trajectory_path = (fs::path(spec->out) / "trajectory.csv").string();
  bool resume = false;
  if (!job.fresh && fs::exists(state_path)) {
    std::ifstream in(state_path);
    auto state = nlohmann::json::parse(in, nullptr, false);
    const std::string previous = state.is_object() ? state.value("fingerprint", "") : "";
    if (previous != setup->fingerprint)
      return bad_input(Error(ErrorKind::config, "'" + spec->out + "' holds another search (fingerprint " + previous +
                                                    ", this one " + setup->fingerprint +
                                                    "): choose another --out, or --fresh to overwrite it"));
    resume = true;
  }
  if (!resume)  // a fresh search must not leave the previous one's results looking like its own
    for (const char* stale : {"best.json", "best_so_far.csv", "best_so_far.svg", "best_so_far.svg.gp"})
      fs::remove(fs::path(spec->out) / stale, ec);
  {
    nlohmann::json state{{"name", spec->name},         {"config", fs::absolute(job.config).string()},
                         {"fingerprint", setup->fingerprint}, {"space", setup->space.name},
                         {"strategy", spec->strategy.name}, {"seed", spec->seed},
                         {"fitness", setup->fitness->describe()}};
    state["protocol"] = nlohmann::json::parse(setup->scorer->protocol_json(), nullptr, false);
    std::ofstream(state_path) << state.dump(2) << "\n";
  }
  auto journal = search::SearchJournal::open(trajectory_path, setup->space, setup->scorer->proxies(), resume);
  if (!journal) return bad_input(std::move(journal).error());
  if (resume)
    spdlog::info("resuming '{}': {} candidates already scored in {}", spec->name, (*journal)->recorded().size(),
                 trajectory_path);
  spdlog::info("search '{}': {} over '{}', fitness {}, seed {}, budget {} evaluations{}", spec->name,
               spec->strategy.name, setup->space.name, setup->fitness->describe(), spec->seed, spec->evaluations,
               spec->time_limit > 0 ? fmt::format(" / {} s", spec->time_limit) : "");

  search::LoopOptions lo;
  lo.seed = spec->seed;
  lo.budget.evaluations = spec->evaluations;
  lo.budget.seconds = spec->time_limit;
  lo.bounds = setup->bounds;
  lo.label_every = spec->fitness.label_every;
  lo.label_top = spec->fitness.label_top;
  if (lo.label_every > 0)
    lo.oracle = [&labels = setup->labels](const std::string& arch) -> std::optional<double> {
      auto it = labels.find(arch);
      if (it == labels.end()) return std::nullopt;
      return it->second;
    };
  search::CostModel& cost = *setup->cost;
  search::SearchLoop loop(
      setup->space, *setup->strategy, *setup->scorer,
      [&cost](const spec::Architecture& a, const std::string& k, bool f) { return cost.measure(a, k, f); },
      *setup->fitness, lo);
  loop.set_replay((*journal)->recorded());
  // The rounds of a supernet strategy (pruning) go to their own journal, opened on first use.
  std::unique_ptr<search::RoundJournal> rounds;
  const std::string rounds_path = (fs::path(spec->out) / "rounds.csv").string();
  if (resume && fs::exists(rounds_path)) {
    auto opened = search::RoundJournal::open(rounds_path, setup->scorer->proxies(), true);
    if (!opened) return bad_input(std::move(opened).error());
    rounds = std::move(*opened);
    loop.set_round_replay(rounds->recorded());
    spdlog::info("resuming '{}': {} supernets already scored in {}", spec->name, rounds->recorded().size(), rounds_path);
  } else {
    fs::remove(rounds_path, ec);
  }
  loop.on_supernet([&](const search::ScoredSupernet& s) -> Expected<void> {
    if (!rounds) {
      auto opened = search::RoundJournal::open(rounds_path, setup->scorer->proxies(), false);
      if (!opened) return std::move(opened).error();
      rounds = std::move(*opened);
    }
    return rounds->append(s);
  });

  search::Archive archive(setup->scorer->proxies());
  archive.pick_by_label(spec->pick == "labelled");
  const std::int64_t budget = spec->evaluations;
  bool row_lost = false;  // the candidate whose row could not be written (a full disk) is not in it
  auto outcome = loop.run(
      archive,
      [&](const search::Archive& a, std::size_t i) {
        auto appended = (*journal)->append(a, i);
        row_lost = row_lost || !appended;
        return appended;
      },
      [&](const search::SearchProgress& p, const search::Archive& a) {
        if (!progress) return;
        SearchTick t;
        t.evaluations = p.evaluations;
        t.replayed = p.replayed;
        t.rejected = p.rejected;
        t.budget = budget;
        t.elapsed = p.elapsed;
        t.eta = p.eta;
        t.has_best = p.best.has_value();
        if (p.best) t.best_fitness = a.fitness()[*p.best];
        progress(t);
      },
      stop);
  if (!outcome)
    return failed(std::move(outcome).error().with_context(
        "the " + std::to_string(archive.size() - (row_lost && archive.size() > 0 ? 1 : 0)) +
        " candidates scored so far are in " + trajectory_path +
        "; run the same command to resume"));

  if (archive.size() == 0 && outcome->supernets > 0) {
    // Only a spent budget needs a bigger one; an interrupted search just needs rerunning.
    const bool budget = outcome->stop_reason.find("budget") != std::string::npos;
    return failed(Error(ErrorKind::config,
                        "the search stopped (" + outcome->stop_reason + ") after " +
                            std::to_string(outcome->supernets) + " supernets in " + std::to_string(outcome->rounds) +
                            " rounds, before pruning reached an architecture" +
                            (budget ? ": raise [search] evaluations (each supernet is one)" : std::string()) +
                            "; they are in " + rounds_path + " and a rerun resumes")
                      .with_context(spec->name));
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
  if (auto ok = report::write_best_json(best_path, archive, *outcome, summary); !ok)
    return failed(std::move(ok).error().with_context(spec->name));
  SearchReport r;
  if (auto ok = report::write_best_so_far((fs::path(spec->out) / "best_so_far.csv").string(),
                                          (fs::path(spec->out) / "best_so_far.svg").string(), trajectory_path, summary);
      !ok)
    r.late_error = std::move(ok).error();

  r.name = spec->name;
  r.out = spec->out;
  r.stop_reason = outcome->stop_reason;
  r.interrupted = outcome->stop_reason == "interrupted";
  r.candidates = archive.size();
  r.supernets = outcome->supernets;
  r.rounds = outcome->rounds;
  r.elapsed = outcome->elapsed;
  const auto best = *archive.best();
  const search::Candidate& b = archive[best];
  r.best = b.canonical;
  r.best_fitness = archive.fitness()[best];
  r.params = b.params;
  r.flops = b.flops;
  r.best_evaluation = best + 1;
  for (std::size_t t = 0; t < setup->truth_columns.size(); ++t) {
    auto it = setup->truth[t].find(b.canonical);
    double optimum = -INFINITY;
    for (const auto& [k, v] : setup->truth[t]) optimum = std::max(optimum, v);
    if (it != setup->truth[t].end()) r.truth.push_back({setup->truth_columns[t], it->second, optimum});
  }
  return r;
}

}  // namespace zcnas::run
