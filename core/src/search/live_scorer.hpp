#pragma once
// Candidates scored live: each one built and probed with a pool of proxy plugins on real
// images, with the same protocol as `zcnas score` (recorded in protocol_json()).

#include <memory>

#include "score/score_run.hpp"
#include "search/candidate_scorer.hpp"

namespace zcnas::search {

std::unique_ptr<CandidateScorer> make_live_scorer(score::ScoreRun run);

}  // namespace zcnas::search
