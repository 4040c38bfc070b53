#pragma once
// Candidates scored live: each one built and probed with a pool of proxy plugins on real
// images, with the same protocol as `zcnas score` (recorded in protocol_json()).

#include <memory>

#include "score/score_run.hpp"
#include "search/candidate_scorer.hpp"

namespace zcnas::search {

// `handoff`: where the cost model leaves the network it measured (each candidate built once).
std::unique_ptr<CandidateScorer> make_live_scorer(score::ScoreRun run,
                                                 std::shared_ptr<score::NetworkHandoff> handoff = nullptr);

}  // namespace zcnas::search
