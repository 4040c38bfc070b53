// zcnas search: the search job with a progress line and Ctrl-C handling, and the best
// candidate printed. Ctrl-C stops cleanly after the candidate in flight; kill -9 loses at
// most that candidate (the job resumes from the trajectory).

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "exit_status.hpp"
#include "progress_line.hpp"
#include "stop_on_signal.hpp"

namespace zcnas::cli {

int search(const RunSettings& settings, const SearchCommand& c) {
  auto env = run::Environment::resolve(settings);
  if (!env) return report(env.error()), kExitUsage;
  std::unique_ptr<ProgressLine> progress;
  auto on_tick = [&](const run::SearchTick& t) {
    if (!progress) progress = std::make_unique<ProgressLine>("search", t.budget, c.progress && !settings.quiet);
    const std::size_t step = t.budget > 0 ? std::max<std::int64_t>(1, t.budget / 10) : 100;
    const std::string best = t.has_best ? fmt::format("best {:.6g}", t.best_fitness) : "best -";
    const std::string extra = fmt::format("{}, {} replayed, {} out of bounds", best, t.replayed, t.rejected);
    progress->update(static_cast<std::int64_t>(t.evaluations), extra, t.eta);
    if (!progress->active() && t.evaluations % step == 0)
      spdlog::info("{}/{} evaluated | {} | {} elapsed, ETA {}", t.evaluations, t.budget, extra, clock_text(t.elapsed),
                   clock_text(t.eta));
  };
  int stopped_by = 0;
  auto r = [&] {
    StopOnSignal signals;  // the previous handlers are back as soon as the job returns
    auto result = run::run_search(**env, c.job, on_tick, signals.flag());
    stopped_by = signals.exit_status();
    return result;
  }();
  progress.reset();
  if (!r) return fail(r.error());

  std::cout << "best: " << r->best << "\n"
            << fmt::format("  score {:.6g}  params {:.4g}M  flops {:.4g}M  (evaluation {} of {}, {:.1f} s)\n",
                           r->best_fitness, r->params / 1e6, r->flops / 1e6, r->best_evaluation, r->candidates,
                           r->elapsed);
  for (const auto& t : r->truth)
    std::cout << fmt::format("  true {}: {:.2f} (the space's best: {:.2f})\n", t.column, t.value, t.optimum);
  if (r->supernets > 0)
    std::cout << fmt::format("  pruned in {} rounds, {} supernets scored\n", r->rounds, r->supernets);
  std::cout << "  stopped: " << r->stop_reason << "\n  outputs: " << r->out
            << "/{best.json, trajectory.csv, " << (r->supernets > 0 ? "rounds.csv, " : "")
            << "best_so_far.csv, best_so_far.svg}\n";
  if (r->late_error) report(*r->late_error);
  if (r->interrupted) {
    std::cout << "  interrupted: run the same command to resume\n";
    return stopped_by;
  }
  return r->late_error ? kExitFailure : kExitOk;
}

}  // namespace zcnas::cli
