#include "search/live_scorer.hpp"

#include <chrono>
#include <limits>

#include "score/score_writer.hpp"
#include "score/network_handoff.hpp"

namespace zcnas::search {

namespace {

class LiveScorer final : public CandidateScorer {
 public:
  LiveScorer(score::ScoreRun run, std::shared_ptr<score::NetworkHandoff> handoff)
      : run_(std::move(run)), handoff_(std::move(handoff)) {
    for (const auto& p : run_.proxies()) names_.push_back(p.name);
  }

  const std::vector<std::string>& proxies() const override { return names_; }

  CandidateScores score(const spec::Architecture& arch, const std::string& canonical) override {
    const auto start = std::chrono::steady_clock::now();
    if (handoff_)
      if (auto network = handoff_->take(canonical)) run_.offer_network(canonical, std::move(*network));
    return collect(run_.score(score::IndexedArch{next_++, canonical, arch, std::nullopt}), start);
  }

  // Stored (and looked up in the run store) under "supernet:<its text>".
  CandidateScores score_supernet(const spec::SearchSpace&, const Supernet& supernet, const std::string& key) override {
    const auto start = std::chrono::steady_clock::now();
    return collect(run_.score(score::IndexedArch{next_++, "supernet:" + key, supernet.architecture(), supernet}), start);
  }

  std::string protocol_json() const override { return score::protocol_json(run_.protocol()); }

 private:
  static CandidateScores collect(const score::ArchResult& r, std::chrono::steady_clock::time_point start) {
    CandidateScores out;
    std::string first_error;
    bool any = false;
    for (const auto& o : r.outcomes) {
      out.scores.push_back(o.ok ? o.score : std::numeric_limits<double>::quiet_NaN());
      any = any || o.ok;
      if (!o.ok && first_error.empty()) first_error = o.proxy + ": " + o.error;
    }
    if (!any) out.error = first_error.empty() ? "no proxy could score it" : first_error;
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
  }

  score::ScoreRun run_;
  std::shared_ptr<score::NetworkHandoff> handoff_;
  std::vector<std::string> names_;
  std::size_t next_ = 0;
};

}  // namespace

std::unique_ptr<CandidateScorer> make_live_scorer(score::ScoreRun run, std::shared_ptr<score::NetworkHandoff> handoff) {
  return std::make_unique<LiveScorer>(std::move(run), std::move(handoff));
}

}  // namespace zcnas::search
