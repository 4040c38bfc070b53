#pragma once
// The search loop: ask the strategy, canonicalise, skip what was seen, check the bounds on
// the real network, score, add to the archive, refit the fitness over the archive, report.
// Torch-free: scoring and costs come through CandidateScorer and a cost function.
//
// Resuming is replaying: the candidates of an interrupted run are handed back in `replay`
// and served instead of being scored, so the same seed walks the same path to where the
// run stopped, then goes on. Nothing already scored is scored again.
//
// A strategy that works on supernets (TE-NAS's pruning) asks for rounds first: the loop
// scores each supernet of a round (each one an evaluation of the budget), rates the round
// as one population with the fitness (ranks are relative to the round) and hands the ratings
// back; supernets of an interrupted run are replayed like candidates.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "search/archive.hpp"
#include "search/candidate_scorer.hpp"
#include "search/cost_bounds.hpp"
#include "search/fitness.hpp"
#include "search/round_journal.hpp"
#include "zcnas/strategy.hpp"

namespace zcnas::search {

struct SearchBudget {
  std::int64_t evaluations = 1000;  // distinct architectures scored (0: no limit)
  double seconds = 0;               // search time (0: no limit)
};

struct LoopOptions {
  std::uint64_t seed = 0;
  SearchBudget budget;
  std::vector<spec::Constraint> bounds;
  // Proposals in a row that are repeats or out of bounds before the search gives up.
  std::int64_t max_idle_proposals = 5000;
  // Labelling as the search goes (FitnessSpec::label_every): the truth of a candidate, or
  // nullopt when there is none to buy. Labels count against budget.evaluations.
  std::int64_t label_every = 0, label_top = 0;
  std::function<std::optional<double>(const std::string& canonical)> oracle;
};

struct SearchProgress {
  std::size_t evaluations = 0, replayed = 0, rejected = 0, repeats = 0, unavailable = 0;
  std::size_t rounds = 0, supernets = 0;
  double elapsed = 0;
  double eta = -1;  // seconds left by the budget (-1: unknown)
  std::optional<std::size_t> best;
};

struct SearchOutcome {
  std::size_t labelled = 0;   // candidates whose truth the search bought
  std::size_t rejected = 0;   // proposals out of bounds (never scored)
  std::size_t repeats = 0;    // proposals already in the archive
  std::size_t replayed = 0;   // candidates served from an interrupted run
  std::size_t unavailable = 0;  // proposals the scorer cannot score (not in its table)
  std::size_t rounds = 0;       // supernet rounds rated
  std::size_t supernets = 0;    // supernets scored or replayed (each an evaluation)
  double elapsed = 0;
  std::string stop_reason;
};

using CostFn = std::function<Expected<Cost>(const spec::Architecture&, const std::string& canonical, bool with_flops)>;
// Called after each candidate joins the archive (write it down before anything else).
using CandidateFn = std::function<Expected<void>(const Archive&, std::size_t index)>;
using ProgressFn = std::function<void(const SearchProgress&, const Archive&)>;
// Called after each supernet of a round is scored (write it down before anything else).
using SupernetFn = std::function<Expected<void>(const ScoredSupernet&)>;

class SearchLoop {
 public:
  SearchLoop(const spec::SearchSpace& space, SearchStrategy& strategy, CandidateScorer& scorer, CostFn cost,
             Fitness& fitness, LoopOptions options);

  // Candidates of an interrupted run of the same search, in their order.
  void set_replay(std::vector<Candidate> replay);
  // Supernets an interrupted run scored, and where to write those scored now.
  void set_round_replay(std::vector<ScoredSupernet> replay);
  void on_supernet(SupernetFn fn) { on_supernet_ = std::move(fn); }

  // Runs until the budget is spent, the strategy is done, or `stop` becomes true.
  Expected<SearchOutcome> run(Archive& archive, const CandidateFn& on_candidate, const ProgressFn& on_progress,
                              const std::atomic<bool>* stop = nullptr);

 private:
  Expected<SearchOutcome> run_loop(Archive& archive, const CandidateFn& on_candidate, const ProgressFn& on_progress,
                                   const std::atomic<bool>* stop);
  // Rates the archive after candidate `added` joined it.
  Expected<void> refit(Archive& archive, std::size_t added) const;
  // Rates every candidate of the archive.
  Expected<void> rate_all(Archive& archive) const;
  // Buys the truth of the best-rated unlabelled candidates, refits the fitness on every
  // label, rates the archive again.
  Expected<void> label_best(Archive& archive);
  // Scores (or replays) and rates one round of supernets; false when the budget ran out in it.
  Expected<std::vector<double>> rate_round(const std::vector<Supernet>& round, std::size_t number, SearchOutcome& out,
                                           const std::function<bool()>& budget_left, const std::function<double()>& now,
                                           const std::function<void()>& report);

  const spec::SearchSpace& space_;
  SearchStrategy& strategy_;
  CandidateScorer& scorer_;
  CostFn cost_;
  Fitness& fitness_;
  LoopOptions o_;
  std::unordered_map<std::string, Candidate> replay_;
  double replay_elapsed_ = 0;
  std::unordered_map<std::string, ScoredSupernet> round_replay_;
  SupernetFn on_supernet_;
};

}  // namespace zcnas::search
