#pragma once
// The environment's share of every scoring run (device, seed, data folders, BatchNorm
// mode, isolation and limits), filled in one place for all jobs. Torch side: the run
// layer's jobs include it, its callers do not.

#include "run/environment.hpp"
#include "score/score_run.hpp"
#include "search/search_setup.hpp"

namespace zcnas::run {

// The dataset fields (dataset, batch size and count, input size) are the job's to set.
score::ScoreOptions score_options(const Environment& env);

// A search's set-up context: the plugins, the config's proxies, the store, and score_options().
Expected<search::SetupContext> setup_context(const Environment& env);

}  // namespace zcnas::run
