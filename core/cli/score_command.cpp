// zcnas score: the score job with a progress line.

#include <spdlog/spdlog.h>

#include <chrono>
#include <string>

#include "commands.hpp"
#include "exit_status.hpp"
#include "progress_line.hpp"
#include "stop_on_signal.hpp"

namespace zcnas::cli {

int score(const RunSettings& settings, const run::ScoreJob& job) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<ProgressLine> progress;
  auto on_progress = [&](std::size_t done, std::size_t total, std::size_t failures) {
    if (!progress) progress = std::make_unique<ProgressLine>("score", static_cast<std::int64_t>(total), !settings.quiet);
    if (done == 0) return;
    progress->update(static_cast<std::int64_t>(done), std::to_string(failures) + " failed");
    if (!progress->active() && (done % 100 == 0 || done == total))
      spdlog::info("{}/{} architectures, {:.1f} s", done, total,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  };
  // The architecture at hand is finished: the store holds every result, the CSV closes over them.
  run::ScoreJob stoppable = job;
  int stopped_by = 0;
  std::string signal_name;
  auto result = [&] {
    StopOnSignal signals;  // the previous handlers are back as soon as the job returns
    stoppable.stop = signals.flag();
    auto r = run::run_score(settings, stoppable, on_progress);
    stopped_by = signals.exit_status();
    signal_name = signals.signal_name();
    return r;
  }();
  progress.reset();
  if (!result) return fail(result.error());
  if (result->interrupted) {
    std::cerr << "zcnas: score interrupted by " << signal_name << " after "
              << result->architectures << " architectures"
              << (result->store_path.empty() ? std::string(" (no run store: a rerun starts over)")
                                             : "; every result is in " + result->store_path +
                                                   ": run the same command to resume")
              << "\n";
    return stopped_by;
  }
  return kExitOk;
}

}  // namespace zcnas::cli
