#include "score/score_driver.hpp"
#include "score/outcome_message.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <sstream>
#include <thread>

namespace zcnas::score {

namespace {

constexpr int kTagResult = 1;
constexpr int kTagDone = 2;

// One computed architecture as a message: only the outcomes that were wanted.
std::string encode(std::size_t item, const ArchResult& r, const std::vector<bool>& wanted) {
  nlohmann::json j{{"item", item}, {"index", r.index}, {"arch", r.arch}, {"build_seconds", r.build_seconds},
                    {"origin", r.origin}};
  nlohmann::json outcomes = nlohmann::json::array();
  for (std::size_t i = 0; i < r.outcomes.size(); ++i)
    if (wanted[i]) outcomes.push_back(outcome_message(i, r.outcomes[i]));
  j["outcomes"] = std::move(outcomes);
  return j.dump();
}

std::pair<std::size_t, ArchResult> decode(const std::string& text, const ScoreRun& run) {
  const auto j = nlohmann::json::parse(text);
  ArchResult r;
  r.index = j.at("index").get<std::size_t>();
  r.arch = j.at("arch").get<std::string>();
  r.build_seconds = j.at("build_seconds").get<double>();
  r.origin = j.at("origin").get<std::string>();
  r.outcomes.resize(run.proxies().size());
  for (const auto& o : j.at("outcomes")) {
    const auto i = read_outcome_message(o, r.outcomes);
    r.outcomes[i].proxy = run.proxies()[i].name;
    r.outcomes[i].arch = r.arch;
  }
  return {j.at("item").get<std::size_t>(), std::move(r)};
}

std::string mask_text(const std::vector<bool>& wanted) {
  std::string s;
  for (bool w : wanted) s += w ? '1' : '0';
  return s;
}

class Gatherer {
 public:
  Gatherer(ScoreWriter* writer, std::size_t total, const DriveProgress& progress)
      : writer_(writer), total_(total), progress_(progress) {}

  Expected<void> write(const ArchResult& result) {
    for (const auto& o : result.outcomes) {
      if (o.reused) {
        ++stats.reused;
      } else {
        ++stats.computed;
        if (!o.ok) spdlog::warn("{}", o.error);
      }
      if (!o.ok) ++stats.failures;
    }
    ++stats.architectures;
    if (writer_)
      if (auto ok = writer_->write(result); !ok) return ok;
    if (progress_) progress_(stats.architectures, total_, stats.failures);
    return {};
  }

  DriveStats stats;

 private:
  ScoreWriter* writer_;
  std::size_t total_;
  const DriveProgress& progress_;
};

}  // namespace

Expected<DriveStats> drive_scoring(ScoreRun& run, const std::vector<IndexedArch>& archs, ScoreWriter* writer,
                                   const distributed::MpiWorld& world, const DriveProgress& progress,
                                   const std::atomic<bool>* stop) {
  Gatherer gather(writer, archs.size(), progress);
  if (!world.distributed()) {
    for (const auto& a : archs) {
      if (stop && stop->load()) {
        gather.stats.interrupted = true;
        break;
      }
      if (auto ok = gather.write(run.score(a)); !ok) return std::move(ok).error();
    }
    return gather.stats;
  }

  // Rank 0 writes what the store has and plans the rest: "item mask" per line, where item
  // is the position in `archs` and mask the proxies still to compute.
  std::vector<ScoreRun::Pending> pending;
  std::string plan;
  if (world.rank() == 0) {
    pending.reserve(archs.size());
    for (std::size_t k = 0; k < archs.size(); ++k) {
      pending.push_back(run.lookup(archs[k]));
      if (pending.back().complete()) {
        if (auto ok = gather.write(pending.back().result); !ok) return std::move(ok).error();
      } else {
        plan += std::to_string(k) + " " + mask_text(pending.back().wanted) + "\n";
      }
    }
  }
  world.broadcast(plan);
  struct Item {
    std::size_t k;
    std::vector<bool> wanted;
  };
  std::vector<Item> mine;
  std::istringstream lines(plan);
  std::string mask;
  std::size_t k = 0, dealt = 0;
  while (lines >> k >> mask) {
    if (dealt++ % static_cast<std::size_t>(world.size()) != static_cast<std::size_t>(world.rank())) continue;
    std::vector<bool> wanted;
    for (char c : mask) wanted.push_back(c == '1');
    mine.push_back({k, std::move(wanted)});
  }
  spdlog::debug("rank {}: {} of {} architectures to compute", world.rank(), mine.size(), dealt);

  if (world.rank() != 0) {
    for (const auto& item : mine) {
      const ArchResult r = run.compute(archs[item.k], item.wanted);
      world.send(0, kTagResult, encode(item.k, r, item.wanted));
    }
    world.send(0, kTagDone, "");
    return gather.stats;
  }

  int done_ranks = 0;
  auto handle = [&](const distributed::Message& m) -> Expected<void> {
    if (m.tag == kTagDone) {
      ++done_ranks;
      return {};
    }
    auto [item, computed] = decode(m.text, run);
    return gather.write(run.complete(std::move(pending.at(item)), std::move(computed)));
  };
  for (const auto& item : mine) {
    ArchResult r = run.compute(archs[item.k], item.wanted);
    if (auto ok = gather.write(run.complete(std::move(pending[item.k]), std::move(r))); !ok) return std::move(ok).error();
    while (auto m = world.poll())
      if (auto ok = handle(*m); !ok) return std::move(ok).error();
  }
  // Polling with a nap, not a blocking receive: OpenMPI's blocking calls spin a core, which
  // the ranks still computing on this machine need.
  while (done_ranks < world.size() - 1) {
    if (auto m = world.poll()) {
      if (auto ok = handle(*m); !ok) return std::move(ok).error();
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  return gather.stats;
}

}  // namespace zcnas::score
