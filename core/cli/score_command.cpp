// zcnas score: the score job with a progress line.

#include <spdlog/spdlog.h>

#include <chrono>

#include "commands.hpp"
#include "exit_status.hpp"
#include "progress_line.hpp"

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
  auto report = run::run_score(settings, job, on_progress);
  progress.reset();
  return report ? kExitOk : fail(report.error());
}

}  // namespace zcnas::cli
