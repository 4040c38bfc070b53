#pragma once
// What a search has evaluated so far, in evaluation order: each candidate's proxy scores,
// cost and current fitness. Fitness lives here, not in the candidate, because a rank-based
// fitness (an expression with rank(), a fused combiner) moves as the archive grows.

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "spec/search_space.hpp"
#include "zcnas/combiner.hpp"
#include "zcnas/strategy.hpp"

namespace zcnas::search {

struct Candidate {
  spec::Architecture arch;
  std::string canonical;
  std::vector<double> scores;  // one per proxy column; NaN where the proxy failed
  double params = 0, flops = 0;
  double seconds = 0;          // scoring time of this candidate
  double elapsed = 0;          // search time when it finished (seconds since the start)
  std::string error;           // non-empty: it could not be scored (fitness -inf)
};

// It is what a strategy plugin sees of the search too (zcnas::ArchiveView).
class Archive final : public ArchiveView {
 public:
  explicit Archive(std::vector<std::string> proxies) : proxies_(std::move(proxies)) {}

  const std::vector<std::string>& proxies() const noexcept { return proxies_; }
  const std::vector<Candidate>& candidates() const noexcept { return candidates_; }
  std::size_t size() const noexcept override { return candidates_.size(); }
  const Architecture& architecture(std::size_t i) const override { return candidates_[i].arch; }
  double fitness(std::size_t i) const override { return fitness_[i]; }
  const Candidate& operator[](std::size_t i) const { return candidates_[i]; }

  std::size_t add(Candidate c);
  std::optional<std::size_t> find(const std::string& canonical) const;

  // Fitness of every candidate, higher is better; -inf for a failed one.
  const std::vector<double>& fitness() const noexcept { return fitness_; }
  void set_fitness(std::vector<double> fitness) { fitness_ = std::move(fitness); }
  void set_fitness(std::size_t index, double fitness) { fitness_[index] = fitness; }
  // The fittest candidate (the earliest on ties), or nullopt while none has a finite fitness;
  // when picking by label, the labelled candidate with the highest label instead (once any is).
  std::optional<std::size_t> best() const;

  // Ground truth a search paid for (a combiner fitness that labels its most promising
  // candidates as it goes): NaN where not labelled.
  void set_label(std::size_t index, double label);
  const std::vector<double>& labels() const noexcept { return labels_; }
  std::size_t labelled() const noexcept { return labelled_; }
  void pick_by_label(bool on) noexcept { pick_by_label_ = on; }

  // The candidates that were scored, as a score table with params; `rows`, when given,
  // receives each row's candidate index.
  ScoreTable table(std::vector<std::size_t>* rows = nullptr) const;
  // Candidate `index` alone (no row when it failed).
  ScoreTable table_of(std::size_t index) const;

 private:
  std::vector<std::string> proxies_;
  std::vector<Candidate> candidates_;
  std::vector<double> fitness_;
  std::vector<double> labels_;
  std::size_t labelled_ = 0;
  bool pick_by_label_ = false;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace zcnas::search
