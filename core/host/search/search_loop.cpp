#include "search/search_loop.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "spec/space_ops.hpp"
#include "spec/supernet.hpp"

namespace zcnas::search {

SearchLoop::SearchLoop(const spec::SearchSpace& space, SearchStrategy& strategy, CandidateScorer& scorer, CostFn cost,
                       Fitness& fitness, LoopOptions options)
    : space_(space), strategy_(strategy), scorer_(scorer), cost_(std::move(cost)), fitness_(fitness), o_(std::move(options)) {}

void SearchLoop::set_replay(std::vector<Candidate> replay) {
  replay_.clear();
  replay_elapsed_ = 0;
  for (auto& c : replay) {
    replay_elapsed_ = std::max(replay_elapsed_, c.elapsed);
    replay_.emplace(c.canonical, std::move(c));
  }
}

void SearchLoop::set_round_replay(std::vector<ScoredSupernet> replay) {
  round_replay_.clear();
  for (auto& s : replay) round_replay_.emplace(s.key, std::move(s));
}

Expected<std::vector<double>> SearchLoop::rate_round(const std::vector<Supernet>& round, std::size_t number,
                                                     SearchOutcome& out, const std::function<bool()>& budget_left,
                                                     const std::function<double()>& now,
                                                     const std::function<void()>& report) {
  const auto& proxies = scorer_.proxies();
  ScoreTable table;
  table.proxies = proxies;
  table.columns.assign(proxies.size(), {});
  std::vector<std::size_t> rows;  // the round's index of each table row
  std::string first_error;
  for (std::size_t i = 0; i < round.size(); ++i) {
    const Supernet& net = round[i];
    if (auto ok = spec::check(space_, net); !ok)
      return std::move(ok).error().with_context("supernet " + std::to_string(i + 1) + " of round " +
                                                std::to_string(number) + " from the strategy");
    if (!budget_left()) return std::vector<double>{};
    ScoredSupernet scored;
    const std::string key = spec::to_text(space_, net);
    if (auto it = round_replay_.find(key); it != round_replay_.end()) {
      scored = it->second;
      ++out.replayed;
    } else {
      scored.key = key;
      scored.round = number;
      CandidateScores c = scorer_.score_supernet(space_, net, key);
      scored.scores = std::move(c.scores);
      scored.seconds = c.seconds;
      scored.error = std::move(c.error);
      scored.elapsed = now();
    }
    ++out.supernets;
    if (on_supernet_)
      if (auto ok = on_supernet_(scored); !ok) return std::move(ok).error();
    report();
    if (!scored.error.empty() || scored.scores.size() != proxies.size()) {
      if (first_error.empty()) first_error = scored.error.empty() ? "no scores" : scored.error;
      continue;
    }
    table.archs.push_back(key);
    table.params.push_back(std::numeric_limits<double>::quiet_NaN());
    for (std::size_t p = 0; p < proxies.size(); ++p) table.columns[p].push_back(scored.scores[p]);
    rows.push_back(i);
  }
  // A round with nothing rated would prune at random: stop, saying why.
  if (rows.empty())
    return Error(ErrorKind::numeric, "no supernet of round " + std::to_string(number) + " could be scored (" +
                                         std::to_string(round.size()) + " tried); the first: " + first_error);
  std::vector<double> ratings(round.size(), -std::numeric_limits<double>::infinity());
  auto values = fitness_.evaluate(table);
  if (!values) return std::move(values).error().with_context("rating round " + std::to_string(number));
  for (std::size_t r = 0; r < rows.size(); ++r) ratings[rows[r]] = (*values)[r];
  return ratings;
}

Expected<void> SearchLoop::refit(Archive& archive, std::size_t added) const {
  if (fitness_.per_row()) {
    const ScoreTable one = archive.table_of(added);
    if (one.rows() == 0) return {};  // a failed candidate keeps -inf
    auto value = fitness_.evaluate(one);
    if (!value) return std::move(value).error();
    archive.set_fitness(added, value->front());
    return {};
  }
  return rate_all(archive);
}

Expected<void> SearchLoop::rate_all(Archive& archive) const {
  std::vector<std::size_t> rows;
  const ScoreTable table = archive.table(&rows);
  auto values = fitness_.evaluate(table);
  if (!values) return std::move(values).error();
  std::vector<double> fitness(archive.size(), -std::numeric_limits<double>::infinity());
  for (std::size_t r = 0; r < rows.size(); ++r) fitness[rows[r]] = (*values)[r];
  archive.set_fitness(std::move(fitness));
  return {};
}

Expected<void> SearchLoop::label_best(Archive& archive) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < archive.size(); ++i)
    if (archive[i].error.empty() && std::isnan(archive.labels()[i]) && std::isfinite(archive.fitness()[i])) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return archive.fitness()[a] > archive.fitness()[b]; });
  std::int64_t bought = 0;
  for (std::size_t i : order) {
    if (bought >= o_.label_top) break;
    if (o_.budget.evaluations > 0 &&
        static_cast<std::int64_t>(archive.size() + archive.labelled()) >= o_.budget.evaluations)
      break;
    const auto truth = o_.oracle(archive[i].canonical);
    if (!truth || std::isnan(*truth)) continue;
    archive.set_label(i, *truth);
    ++bought;
  }
  if (bought == 0) return {};
  std::vector<std::size_t> rows;
  const ScoreTable all = archive.table(&rows);
  ScoreTable labelled;
  labelled.proxies = all.proxies;
  labelled.columns.assign(all.proxies.size(), {});
  std::vector<double> y;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double label = archive.labels()[rows[r]];
    if (std::isnan(label)) continue;
    labelled.archs.push_back(all.archs[r]);
    labelled.params.push_back(all.params[r]);
    for (std::size_t c = 0; c < all.proxies.size(); ++c) labelled.columns[c].push_back(all.columns[c][r]);
    y.push_back(label);
  }
  if (auto ok = fitness_.refit_with(labelled, y); !ok) return ok;
  return rate_all(archive);
}

Expected<SearchOutcome> SearchLoop::run(Archive& archive, const CandidateFn& on_candidate,
                                        const ProgressFn& on_progress, const std::atomic<bool>* stop) {
  // The strategy is a plugin: nothing it throws may escape as anything but an error.
  try {
    return run_loop(archive, on_candidate, on_progress, stop);
  } catch (const std::exception& e) {
    return Error(ErrorKind::plugin, std::string("the search strategy threw: ") + e.what())
        .with_context("after " + std::to_string(archive.size()) + " candidates");
  }
}

Expected<SearchOutcome> SearchLoop::run_loop(Archive& archive, const CandidateFn& on_candidate,
                                             const ProgressFn& on_progress, const std::atomic<bool>* stop) {
  using clock = std::chrono::steady_clock;
  spec::Rng rng(o_.seed);
  SearchOutcome out;
  // A resumed run's clock starts where the interrupted one stopped.
  const auto started = clock::now();
  double offset = 0;
  auto now = [&] { return offset + std::chrono::duration<double>(clock::now() - started).count(); };
  std::int64_t idle = 0;
  std::int64_t since_labelling = 0;
  std::size_t fresh = 0;
  double fresh_since = -1;  // search time when the first candidate that was not replayed began

  auto budget_left = [&] {
    if (o_.budget.evaluations > 0 &&
        static_cast<std::int64_t>(archive.size() + archive.labelled() + out.supernets) >= o_.budget.evaluations) {
      out.stop_reason = "evaluation budget spent (" + std::to_string(o_.budget.evaluations) + ")";
      return false;
    }
    if (o_.budget.seconds > 0 && now() >= o_.budget.seconds) {
      out.stop_reason = "time budget spent (" + std::to_string(o_.budget.seconds) + " s)";
      return false;
    }
    if (stop && stop->load()) {
      out.stop_reason = "interrupted";
      return false;
    }
    return true;
  };

  // A proposal that is not scored; false once too many came in a row to go on.
  auto skip = [&](std::size_t& counter, const char* why) {
    ++counter;
    if (++idle <= o_.max_idle_proposals) return true;
    out.stop_reason = std::to_string(o_.max_idle_proposals) + " proposals in a row were " + why;
    return false;
  };

  // Progress after each candidate and each supernet of a round.
  auto report = [&] {
    if (!on_progress) return;
    SearchProgress p;
    p.evaluations = archive.size() + archive.labelled() + out.supernets;
    p.rounds = out.rounds;
    p.supernets = out.supernets;
    p.replayed = out.replayed;
    p.rejected = out.rejected;
    p.repeats = out.repeats;
    p.unavailable = out.unavailable;
    p.elapsed = now();
    p.best = archive.best();
    if (fresh > 0) {
      const double per = (p.elapsed - fresh_since) / static_cast<double>(fresh);
      double left = -1;
      if (o_.budget.evaluations > 0)
        left = per * static_cast<double>(o_.budget.evaluations -
                                         static_cast<std::int64_t>(archive.size() + archive.labelled() + out.supernets));
      if (o_.budget.seconds > 0) left = left < 0 ? o_.budget.seconds - p.elapsed : std::min(left, o_.budget.seconds - p.elapsed);
      p.eta = left;
    }
    on_progress(p, archive);
  };
  while (budget_left()) {
    auto round = strategy_.next_round(archive, rng);
    if (!round.empty()) {
      auto ratings = rate_round(round, ++out.rounds, out, budget_left, now, report);
      if (!ratings) return std::move(ratings).error();
      if (ratings->empty()) break;  // the budget ran out inside the round
      strategy_.rated(round, *ratings);
      continue;
    }
    auto proposal = strategy_.propose(archive, rng);
    if (!proposal) {
      out.stop_reason = "the strategy has nothing left to propose";
      break;
    }
    spec::canonicalize(space_, *proposal);
    const std::string canonical = spec::to_canonical(space_, *proposal);
    if (archive.find(canonical)) {
      if (!skip(out.repeats, "repeats (is the space exhausted?)")) break;
      continue;
    }
    auto replayed = replay_.find(canonical);
    Candidate c;
    if (replayed != replay_.end()) {
      c = replayed->second;
      ++out.replayed;
      if (out.replayed == replay_.size()) offset = replay_elapsed_ - std::chrono::duration<double>(clock::now() - started).count();
    } else {
      if (!scorer_.can_score(canonical)) {
        if (!skip(out.unavailable, "not in the score table (does it cover the space?)")) break;
        continue;
      }
      if (fresh_since < 0) fresh_since = now();
      // The bounds are checked on the real network before any proxy runs (one build and a
      // forward pass at batch 1: building dominates, so FLOPs come along).
      auto cost = cost_(*proposal, canonical, true);
      if (cost && !broken_bound(o_.bounds, *cost, true).empty()) {
        if (!skip(out.rejected, "out of bounds (can the bounds be met?)")) break;
        continue;
      }
      c.arch = *proposal;
      c.canonical = canonical;
      const auto t0 = clock::now();
      if (!cost) {
        // Not buildable: a failed candidate with its reason, like a proxy failure.
        c.error = cost.error().to_string();
      } else {
        c.params = cost->params;
        c.flops = cost->flops;
        CandidateScores s = scorer_.score(*proposal, canonical);
        c.scores = std::move(s.scores);
        c.error = std::move(s.error);
      }
      c.seconds = std::chrono::duration<double>(clock::now() - t0).count();
      c.elapsed = now();
      ++fresh;
    }
    idle = 0;
    const std::size_t index = archive.add(std::move(c));
    strategy_.added(archive, index);
    if (auto ok = refit(archive, index); !ok) return std::move(ok).error().with_context("fitness after " + archive[index].canonical);
    if (o_.label_every > 0 && o_.oracle && ++since_labelling >= o_.label_every) {
      since_labelling = 0;
      if (auto ok = label_best(archive); !ok) return std::move(ok).error().with_context("labelling after " + archive[index].canonical);
    }
    if (on_candidate)
      if (auto ok = on_candidate(archive, index); !ok) return std::move(ok).error();
    report();
  }
  out.elapsed = now();
  out.labelled = archive.labelled();
  return out;
}

}  // namespace zcnas::search
