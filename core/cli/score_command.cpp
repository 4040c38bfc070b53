// zcnas score: the score job with a progress line.

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <csignal>

#include "commands.hpp"
#include "exit_status.hpp"
#include "progress_line.hpp"

namespace zcnas::cli {

namespace {

// SIGINT/SIGTERM ask the job to stop after the architecture at hand: its outputs close over
// what is done, the store holds every result, and the same command resumes. A second signal
// finds the default action back and ends the process at once.
std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;
extern "C" void on_stop_signal(int sig) {
  g_signal = sig;
  g_stop.store(true);
  std::signal(sig, SIG_DFL);
}

}  // namespace

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
  run::ScoreJob stoppable = job;
  g_stop.store(false);
  stoppable.stop = &g_stop;
  auto previous_int = std::signal(SIGINT, on_stop_signal);
  auto previous_term = std::signal(SIGTERM, on_stop_signal);
  auto report = run::run_score(settings, stoppable, on_progress);
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
  progress.reset();
  if (!report) return fail(report.error());
  if (report->interrupted) {
    std::cerr << "zcnas: score interrupted by " << (g_signal == SIGTERM ? "SIGTERM" : "SIGINT") << " after "
              << report->architectures << " architectures"
              << (report->store_path.empty() ? std::string(" (no run store: a rerun starts over)")
                                             : "; every result is in " + report->store_path +
                                                   ": run the same command to resume")
              << "\n";
    return 128 + (g_signal == SIGTERM ? SIGTERM : SIGINT);
  }
  return kExitOk;
}

}  // namespace zcnas::cli
