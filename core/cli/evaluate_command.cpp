// zcnas evaluate: the evaluate job, its markdown on standard output.

#include <spdlog/spdlog.h>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "exit_status.hpp"
#include "progress_line.hpp"

namespace zcnas::cli {

int evaluate(const RunSettings& settings, const run::EvaluateJob& job) {
  auto env = run::Environment::resolve(settings);
  if (!env) return report(env.error()), kExitUsage;
  std::unique_ptr<ProgressLine> progress;
  std::string scoring;
  auto r = run::run_evaluate(**env, job, [&](const std::string& name, std::size_t done, std::size_t total) {
    if (!progress || scoring != name) {
      progress.reset();
      progress = std::make_unique<ProgressLine>("score " + name, static_cast<std::int64_t>(total), !settings.quiet);
      scoring = name;
    }
    progress->update(static_cast<std::int64_t>(done));
    if (!progress->active() && done % 50 == 0) spdlog::info("{}/{}", done, total);
  });
  progress.reset();
  if (!r) return fail(r.error());
  std::cout << r->standard_output;
  for (const auto& e : r->output_errors) report(e);
  return r->output_errors.empty() ? kExitOk : kExitFailure;
}

}  // namespace zcnas::cli
