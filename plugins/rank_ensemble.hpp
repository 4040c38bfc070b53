#pragma once
// A fixed list of proxies fused by a rank rule, nothing learned from the labels beyond
// checking the columns exist: the AZ-NAS-style log-rank ensemble and the mean-rank vote.

#include <zcnas/plugin.hpp>
#include <zcnas/stats/rank_fusion.hpp>

#include "combiner_support.hpp"

namespace zcnas::combiners {

class RankEnsemble : public Combiner {
 public:
  static PluginMetadata describe(const std::string& name, const std::string& description) {
    PluginMetadata m;
    m.name = name;
    m.version = "1.0.0";
    m.description = description;
    m.params = {{"proxies", ParamType::string, std::string(""),
                 "comma-separated proxy names to fuse (empty: every proxy of the table)"}};
    return m;
  }
  RankEnsemble(const ParamSet& p, stats::Fusion rule) : names_(split_names(p.string("proxies"))), rule_(rule) {}

  Expected<void> fit(const ScoreTable& t, const std::vector<double>&) override {
    if (auto ok = t.validate(); !ok) return ok;
    auto cols = columns_named(t, names_);
    if (!cols) return std::move(cols).error();
    chosen_.clear();
    for (std::size_t c : *cols) chosen_.push_back(t.proxies[c]);
    if (chosen_.empty()) return Error(ErrorKind::config, "no proxies to fuse");
    return {};
  }

  Expected<std::vector<double>> score(const ScoreTable& t) const override {
    if (chosen_.empty()) return Error(ErrorKind::invalid_argument, "score() before fit()");
    auto cols = columns_named(t, chosen_);
    if (!cols) return std::move(cols).error();
    std::vector<const std::vector<double>*> inputs;
    for (std::size_t c : *cols) inputs.push_back(&t.columns[c]);
    return stats::fuse(inputs, rule_);
  }

  std::string explain() const override {
    std::string out = std::string(stats::to_string(rule_)) + " of " + std::to_string(chosen_.size()) + " proxies:";
    for (const auto& n : chosen_) out += " " + n;
    return out;
  }

 private:
  std::vector<std::string> names_, chosen_;
  stats::Fusion rule_;
};

}  // namespace zcnas::combiners
