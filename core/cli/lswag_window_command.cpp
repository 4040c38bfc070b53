// zcnas lswag-window: the layer-window job, its table on standard output, the proposed
// window and the declaration that uses it on stderr.

#include <spdlog/spdlog.h>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "exit_status.hpp"
#include "progress_line.hpp"

namespace zcnas::cli {

int lswag_window(const RunSettings& settings, const run::LswagWindowJob& job) {
  auto env = run::Environment::resolve(settings);
  if (!env) return report(env.error()), kExitUsage;
  std::unique_ptr<ProgressLine> progress;
  auto r = run::run_lswag_window(**env, job, [&](std::size_t done, std::size_t total, std::size_t failed) {
    if (!progress) progress = std::make_unique<ProgressLine>("lswag-window", static_cast<std::int64_t>(total), !settings.quiet);
    progress->update(static_cast<std::int64_t>(done), std::to_string(failed) + " failed");
    if (!progress->active() && done % 50 == 0) spdlog::info("{}/{} networks", done, total);
  });
  progress.reset();
  if (!r) return fail(r.error());
  std::cout << r->table;
  const auto& w = r->window;
  std::cerr << r->title << "\nproposed window: [" << w.lo << ", " << w.hi << "] (peak bin " << w.peak
            << (w.trend ? ", at an end: a trend, no spike" : "") << ")\nrule: " << w.rule << "\nuse it: proxy lswag_"
            << r->space << " = lswag(window = [" << w.lo << ", " << w.hi << "], bins = " << job.bins << ");\n";
  return kExitOk;
}

}  // namespace zcnas::cli
