#include "search/archive.hpp"

#include <cmath>
#include <limits>

namespace zcnas::search {

std::size_t Archive::add(Candidate c) {
  const std::size_t i = candidates_.size();
  index_.emplace(c.canonical, i);
  candidates_.push_back(std::move(c));
  fitness_.push_back(-std::numeric_limits<double>::infinity());
  labels_.push_back(std::numeric_limits<double>::quiet_NaN());
  return i;
}

std::optional<std::size_t> Archive::find(const std::string& canonical) const {
  auto it = index_.find(canonical);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

void Archive::set_label(std::size_t index, double label) {
  if (std::isnan(labels_[index]) && !std::isnan(label)) ++labelled_;
  labels_[index] = label;
}

std::optional<std::size_t> Archive::best() const {
  std::optional<std::size_t> best;
  if (pick_by_label_ && labelled_ > 0) {
    for (std::size_t i = 0; i < labels_.size(); ++i)
      if (!std::isnan(labels_[i]) && (!best || labels_[i] > labels_[*best])) best = i;
    return best;
  }
  for (std::size_t i = 0; i < fitness_.size(); ++i)
    if (std::isfinite(fitness_[i]) && (!best || fitness_[i] > fitness_[*best])) best = i;
  return best;
}

ScoreTable Archive::table_of(std::size_t index) const {
  ScoreTable t;
  t.proxies = proxies_;
  t.columns.assign(proxies_.size(), {});
  const Candidate& c = candidates_[index];
  if (!c.error.empty()) return t;
  t.archs.push_back(c.canonical);
  t.params.push_back(c.params);
  for (std::size_t p = 0; p < proxies_.size(); ++p)
    t.columns[p].push_back(p < c.scores.size() ? c.scores[p] : std::numeric_limits<double>::quiet_NaN());
  return t;
}

ScoreTable Archive::table(std::vector<std::size_t>* rows) const {
  ScoreTable t;
  t.proxies = proxies_;
  t.columns.assign(proxies_.size(), {});
  for (auto& c : t.columns) c.reserve(candidates_.size());
  if (rows) rows->clear();
  for (std::size_t i = 0; i < candidates_.size(); ++i) {
    const Candidate& c = candidates_[i];
    if (!c.error.empty()) continue;
    if (rows) rows->push_back(i);
    t.archs.push_back(c.canonical);
    t.params.push_back(c.params);
    for (std::size_t p = 0; p < proxies_.size(); ++p)
      t.columns[p].push_back(p < c.scores.size() ? c.scores[p] : std::numeric_limits<double>::quiet_NaN());
  }
  return t;
}

}  // namespace zcnas::search
