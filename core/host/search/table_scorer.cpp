#include <nlohmann/json.hpp>

#include <unordered_map>

#include "search/candidate_scorer.hpp"
#include "spec/space_ops.hpp"

namespace zcnas::search {

namespace {

class TableScorer final : public CandidateScorer {
 public:
  TableScorer(std::string source, std::vector<std::string> proxies, std::vector<std::vector<double>> rows,
              std::unordered_map<std::string, std::size_t> index, std::size_t foreign)
      : source_(std::move(source)),
        proxies_(std::move(proxies)),
        rows_(std::move(rows)),
        index_(std::move(index)),
        foreign_(foreign) {}

  const std::vector<std::string>& proxies() const override { return proxies_; }

  CandidateScores score(const spec::Architecture&, const std::string& canonical) override {
    CandidateScores out;
    auto it = index_.find(canonical);
    if (it == index_.end()) {
      out.error = "not in the score table " + source_;
      return out;
    }
    out.scores = rows_[it->second];
    return out;
  }

  bool can_score(const std::string& canonical) const override { return index_.count(canonical) > 0; }

  std::string protocol_json() const override {
    nlohmann::json j{{"scores", "lookup"}, {"source", source_}, {"proxies", proxies_}, {"rows", rows_.size()},
                     {"rows_not_in_space", foreign_}};
    return j.dump(2);
  }

 private:
  std::string source_;
  std::vector<std::string> proxies_;
  std::vector<std::vector<double>> rows_;
  std::unordered_map<std::string, std::size_t> index_;
  std::size_t foreign_ = 0;  // rows whose key is not an architecture of the space
};

}  // namespace

Expected<std::unique_ptr<CandidateScorer>> make_table_scorer(const spec::SearchSpace& space,
                                                             const eval::LabelledTable& table,
                                                             const std::vector<std::string>& proxies) {
  const ScoreTable& t = table.scores;
  std::vector<std::size_t> columns;
  std::vector<std::string> names = proxies.empty() ? t.proxies : proxies;
  for (const auto& name : names) {
    const long c = t.column_index(name);
    if (c < 0) return Error(ErrorKind::config, "proxy '" + name + "' is not a column of " + table.source);
    columns.push_back(static_cast<std::size_t>(c));
  }
  std::vector<std::vector<double>> rows;
  std::unordered_map<std::string, std::size_t> index;
  std::size_t unparsed = 0;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    auto canonical = spec::canonical_text(space, t.archs[r]);
    if (!canonical) {
      ++unparsed;
      continue;
    }
    std::vector<double> row;
    for (std::size_t c : columns) row.push_back(t.columns[c][r]);
    if (index.emplace(std::move(*canonical), rows.size()).second) rows.push_back(std::move(row));
  }
  if (rows.empty())
    return Error(ErrorKind::config, "none of the " + std::to_string(t.rows()) + " architectures of " + table.source +
                                        " is an architecture of space '" + space.name + "'");
  return std::unique_ptr<CandidateScorer>(
      std::make_unique<TableScorer>(table.source, std::move(names), std::move(rows), std::move(index), unparsed));
}

}  // namespace zcnas::search
