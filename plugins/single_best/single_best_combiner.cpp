// single_best: the one proxy with the highest Spearman rho on the labelled architectures.
#include <zcnas/plugin.hpp>

#include "../combiner_support.hpp"

namespace {

class SingleBest final : public zcnas::Combiner {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "single_best";
    m.version = "1.0.0";
    m.description = "The proxy with the highest Spearman rho on the labelled architectures";
    m.params = {{"proxies", zcnas::ParamType::string, std::string(""),
                 "comma-separated candidates (empty: every proxy of the table)"}};
    return m;
  }
  explicit SingleBest(const zcnas::ParamSet& p) : names_(zcnas::combiners::split_names(p.string("proxies"))) {}

  zcnas::Expected<void> fit(const zcnas::ScoreTable& t, const std::vector<double>& labels) override {
    if (auto ok = t.validate(); !ok) return ok;
    auto cols = zcnas::combiners::columns_named(t, names_);
    if (!cols) return std::move(cols).error();
    best_.clear();
    rho_ = -2;
    for (std::size_t c : *cols) {
      const double rho = zcnas::combiners::spearman_present(t.columns[c], labels);
      if (rho > rho_) rho_ = rho, best_ = t.proxies[c];
    }
    if (best_.empty()) return zcnas::Error(zcnas::ErrorKind::numeric, "no proxy has a defined rho on the labelled rows");
    return {};
  }
  zcnas::Expected<std::vector<double>> score(const zcnas::ScoreTable& t) const override {
    if (best_.empty()) return zcnas::Error(zcnas::ErrorKind::invalid_argument, "score() before fit()");
    auto cols = zcnas::combiners::columns_named(t, {best_});
    if (!cols) return std::move(cols).error();
    return t.columns[cols->front()];
  }
  std::string explain() const override {
    return best_ + " (rho " + zcnas::combiners::fixed(rho_) + " on the labelled architectures)";
  }

 private:
  std::vector<std::string> names_;
  std::string best_;
  double rho_ = -2;
};

}  // namespace
ZCNAS_EXPORT_COMBINER(SingleBest)
