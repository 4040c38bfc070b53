// libra: LIBRA-NAS (Casarin et al., CVPR 2025), three proxies picked per benchmark from a
// labelled sample, then fused.
//   z1 = the proxy with the highest Spearman rho with the labels (rho_best);
//   window = the other proxies with rho_best - delta < rho <= rho_best;
//   z2 = the window's proxy with the lowest information gain IG(z) = H(y|z1) - H(y|z1,z),
//        entropies over equal-width bins, base 2;
//   z3 = the window's proxy (not z2) whose bias, Spearman(z, params), is closest to
//        bias(y) = Spearman(y, params).
// What the paper leaves open is a parameter: how many bins (`bin_rule`), what to do when the
// window holds fewer than two proxies (`short_window`), and the fusion (`fusion`). explain()
// says what was picked, with every number that decided it.

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <zcnas/plugin.hpp>
#include <zcnas/stats/rank_fusion.hpp>

#include "../combiner_support.hpp"

namespace {

using zcnas::combiners::fixed;

// Equal-width bin of each value (rows given), in 0..bins-1.
std::vector<int> discretise(const std::vector<double>& v, const std::vector<std::size_t>& rows, int bins) {
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t r : rows) lo = std::min(lo, v[r]), hi = std::max(hi, v[r]);
  std::vector<int> out;
  out.reserve(rows.size());
  for (std::size_t r : rows) {
    int b = hi > lo ? static_cast<int>((v[r] - lo) / (hi - lo) * bins) : 0;
    out.push_back(std::min(b, bins - 1));
  }
  return out;
}

// Joint entropy in bits of the binned variables (each a vector over the same rows).
double entropy(const std::vector<const std::vector<int>*>& vars, int bins) {
  std::map<std::uint64_t, std::size_t> counts;
  const std::size_t n = vars.front()->size();
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t key = 0;
    for (const auto* v : vars) key = key * static_cast<std::uint64_t>(bins) + static_cast<std::uint64_t>((*v)[i]);
    ++counts[key];
  }
  double h = 0;
  for (const auto& [key, c] : counts) {
    const double p = static_cast<double>(c) / static_cast<double>(n);
    h -= p * std::log2(p);
  }
  return h;
}

class Libra final : public zcnas::Combiner {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "libra";
    m.version = "1.0.0";
    m.description = "LIBRA-NAS: best proxy, lowest-information-gain partner, bias-matching third; fused";
    m.params = {
        {"delta", zcnas::ParamType::real, 0.1, "the window: proxies with rho_best - delta < rho <= rho_best"},
        {"fusion", zcnas::ParamType::string, std::string("log_rank"),
         "log_rank (sum of log(rank/N), default), mean_rank, or product_norm (product of min-max normalised scores)"},
        {"bin_rule", zcnas::ParamType::string, std::string("paper"),
         "bins for the entropies: paper = round(1 + 3.322 ln N) as the paper writes it; sturges = round(1 + log2 N)"},
        {"short_window", zcnas::ParamType::string, std::string("widen"),
         "when the window holds < 2 proxies: widen (double delta until it holds 2) or next_best (take the next "
         "proxies by rho)"},
        {"proxies", zcnas::ParamType::string, std::string(""),
         "comma-separated candidates (empty: every proxy of the table)"}};
    return m;
  }

  explicit Libra(const zcnas::ParamSet& p)
      : delta_(p.real("delta")),
        bin_rule_(p.string("bin_rule")),
        short_window_(p.string("short_window")),
        names_(zcnas::combiners::split_names(p.string("proxies"))) {
    if (!(delta_ > 0)) throw std::invalid_argument("delta must be > 0");
    if (!zcnas::stats::parse_fusion(p.string("fusion"), fusion_))
      throw std::invalid_argument("fusion must be log_rank, mean_rank or product_norm, got \"" + p.string("fusion") + "\"");
    if (bin_rule_ != "paper" && bin_rule_ != "sturges")
      throw std::invalid_argument("bin_rule must be paper or sturges, got \"" + bin_rule_ + "\"");
    if (short_window_ != "widen" && short_window_ != "next_best")
      throw std::invalid_argument("short_window must be widen or next_best, got \"" + short_window_ + "\"");
  }

  zcnas::Expected<void> fit(const zcnas::ScoreTable& t, const std::vector<double>& y) override {
    if (auto ok = t.validate(); !ok) return ok;
    if (y.size() != t.rows())
      return zcnas::Error(zcnas::ErrorKind::invalid_argument, "libra: " + std::to_string(y.size()) + " labels for " +
                                                                  std::to_string(t.rows()) + " rows");
    if (t.params.empty())
      return zcnas::Error(zcnas::ErrorKind::config,
                          "libra needs parameter counts for its bias term: a 'params' column in the score table");
    auto cols = zcnas::combiners::columns_named(t, names_);
    if (!cols) return std::move(cols).error();
    picked_.clear();
    notes_.clear();

    struct Candidate {
      std::size_t column;
      double rho;
    };
    std::vector<Candidate> ranked;
    for (std::size_t c : *cols) {
      const double rho = zcnas::combiners::spearman_present(t.columns[c], y);
      if (!std::isnan(rho)) ranked.push_back({c, rho});
    }
    if (ranked.empty()) return zcnas::Error(zcnas::ErrorKind::numeric, "libra: no proxy has a defined rho");
    std::stable_sort(ranked.begin(), ranked.end(), [](const Candidate& a, const Candidate& b) { return a.rho > b.rho; });
    const Candidate z1 = ranked.front();
    const double best = z1.rho;
    notes_ += "z1 = " + t.proxies[z1.column] + " (rho " + fixed(best) + ", the best of " + std::to_string(ranked.size()) +
              ")\n";

    // The window, and what happens when it is short (the paper leaves this open).
    double delta = delta_;
    auto window_of = [&](double d) {
      std::vector<Candidate> w;
      for (std::size_t i = 1; i < ranked.size(); ++i)
        if (ranked[i].rho > best - d && ranked[i].rho <= best) w.push_back(ranked[i]);
      return w;
    };
    std::vector<Candidate> window = window_of(delta);
    const std::size_t wanted = std::min<std::size_t>(2, ranked.size() - 1);
    if (window.size() < wanted) {
      if (short_window_ == "widen") {
        while (window.size() < wanted) window = window_of(delta *= 2);
        notes_ += "window (rho > " + fixed(best - delta_) + ") held fewer than 2 proxies: delta widened to " +
                  fixed(delta) + "\n";
      } else {
        window.assign(ranked.begin() + 1, ranked.begin() + 1 + static_cast<std::ptrdiff_t>(wanted));
        notes_ += "window (rho > " + fixed(best - delta_) + ") held fewer than 2 proxies: took the next " +
                  std::to_string(wanted) + " by rho\n";
      }
    }
    notes_ += "window (" + fixed(best - delta) + ", " + fixed(best) + "]:";
    for (const auto& c : window) notes_ += " " + t.proxies[c.column] + " " + fixed(c.rho);
    notes_ += "\n";
    picked_.push_back(t.proxies[z1.column]);
    if (window.empty()) {
      notes_ += "only one proxy: libra is z1 alone\n";
      return {};
    }

    // z2: the lowest information gain over z1.
    std::size_t z2 = window.front().column;
    double lowest = INFINITY;
    notes_ += "IG(z) = H(y|z1) - H(y|z1,z), bits:";
    for (const auto& c : window) {
      std::vector<std::size_t> rows;
      for (std::size_t r = 0; r < t.rows(); ++r)
        if (std::isfinite(y[r]) && std::isfinite(t.columns[z1.column][r]) && std::isfinite(t.columns[c.column][r]))
          rows.push_back(r);
      const double n = static_cast<double>(rows.size());
      const int bins = std::max(2, static_cast<int>(std::lround(bin_rule_ == "paper" ? 1 + 3.322 * std::log(n)
                                                                                         : 1 + std::log2(n))));
      const auto by = discretise(y, rows, bins), b1 = discretise(t.columns[z1.column], rows, bins),
                 bz = discretise(t.columns[c.column], rows, bins);
      const double ig = (entropy({&by, &b1}, bins) - entropy({&b1}, bins)) -
                        (entropy({&by, &b1, &bz}, bins) - entropy({&b1, &bz}, bins));
      notes_ += " " + t.proxies[c.column] + " " + fixed(ig, 4);
      if (ig < lowest) lowest = ig, z2 = c.column;
    }
    notes_ += "\nz2 = " + t.proxies[z2] + " (lowest IG, " + fixed(lowest, 4) + ")\n";
    picked_.push_back(t.proxies[z2]);

    // z3: the bias closest to the labels' own.
    const double target = zcnas::combiners::spearman_present(y, t.params);
    std::size_t z3 = 0;
    double closest = INFINITY;
    std::string biases;
    for (const auto& c : window) {
      if (c.column == z2) continue;
      const double bias = zcnas::combiners::spearman_present(t.columns[c.column], t.params);
      biases += " " + t.proxies[c.column] + " " + fixed(bias);
      if (std::abs(bias - target) < closest) closest = std::abs(bias - target), z3 = c.column;
    }
    if (std::isinf(closest)) {
      notes_ += "no third proxy in the window: libra fuses z1 and z2\n";
    } else {
      notes_ += "bias(y) = Spearman(y, params) = " + fixed(target) + "; bias:" + biases + "\nz3 = " + t.proxies[z3] +
                " (bias closest to bias(y))\n";
      picked_.push_back(t.proxies[z3]);
    }
    notes_ += "fusion: " + std::string(zcnas::stats::to_string(fusion_));
    return {};
  }

  zcnas::Expected<std::vector<double>> score(const zcnas::ScoreTable& t) const override {
    if (picked_.empty()) return zcnas::Error(zcnas::ErrorKind::invalid_argument, "score() before fit()");
    auto cols = zcnas::combiners::columns_named(t, picked_);
    if (!cols) return std::move(cols).error();
    std::vector<const std::vector<double>*> inputs;
    for (std::size_t c : *cols) inputs.push_back(&t.columns[c]);
    return zcnas::stats::fuse(inputs, fusion_);
  }

  std::string explain() const override {
    std::string out = "libra picked";
    for (const auto& p : picked_) out += " " + p;
    return out + "\n" + notes_;
  }

 private:
  double delta_;
  std::string bin_rule_, short_window_;
  std::vector<std::string> names_;
  zcnas::stats::Fusion fusion_ = zcnas::stats::Fusion::log_rank;
  std::vector<std::string> picked_;
  std::string notes_;
};

}  // namespace

ZCNAS_EXPORT_COMBINER(Libra)
