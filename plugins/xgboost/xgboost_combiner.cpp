// xgboost: a trained predictor over the pool's scores, on Debian's libxgboost (its C API). The
// labelled split is its training set; it predicts the ground truth of every other row, and that
// prediction is the combined score. What NAS-Bench-Suite-Zero fits over zero-cost proxies
// (NASLib's naslib/predictors/trees/xgb.py: reg:squarederror, max_depth 6, min_child_weight 1,
// learning rate 0.3, full column sampling, its defaults here), and with `mode = forest` a random
// forest as GRAF fits (gabikadlecova/zc_combine, scikit-learn's RandomForestRegressor) in
// XGBoost's recipe: `trees` parallel trees in one round, learning rate 1, rows subsampled
// without replacement (XGBoost has no bootstrap), columns per split.
//
// Features: the named proxies (every proxy column when `proxies` is empty), with `params = true`
// the parameter count (feature `parameter_count`), and with `graph = true` GRAF's graph features,
// the table's graph:* columns (the host adds them: [features] graph = true in an experiment,
// graph_features = true in a search's [fitness]). A failed score (NaN) is XGBoost's missing value; -inf, a legitimate worst score, is
// given as -1e30 so a split can still put it below every finite value. Deterministic for a
// `seed` (one thread by default; XGBoost's CPU histogram method is deterministic).

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>

#include <zcnas/plugin.hpp>

#include "../combiner_support.hpp"

namespace {

using zcnas::combiners::fixed;

// The parameter count's feature name (the `params` proxy may be a column of its own).
constexpr const char* kParamCount = "parameter_count";

struct DMatrixDeleter {
  void operator()(void* h) const { XGDMatrixFree(h); }
};
struct BoosterDeleter {
  void operator()(void* h) const { XGBoosterFree(h); }
};
using DMatrix = std::unique_ptr<void, DMatrixDeleter>;
using Booster = std::unique_ptr<void, BoosterDeleter>;

zcnas::Error xgb_error(const std::string& what) {
  return zcnas::Error(zcnas::ErrorKind::plugin, "xgboost: " + what + ": " + XGBGetLastError());
}

class XgboostCombiner final : public zcnas::Combiner {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "xgboost";
    m.version = "1.0.0";
    m.kind = zcnas::PluginKind::combiner;
    m.description = "Gradient-boosted trees (or a random forest) fitted on the labelled rows' scores, predicting the truth";
    m.params = {
        {"mode", zcnas::ParamType::string, std::string("boost"), "boost (XGBoost, Suite-Zero's) or forest (GRAF's random forest)"},
        {"proxies", zcnas::ParamType::string, std::string(""), "comma-separated feature columns (empty: every column)"},
        {"params", zcnas::ParamType::boolean, true, "the parameter count as a feature too"},
        {"graph", zcnas::ParamType::boolean, false, "GRAF's graph features too (the table's graph:* columns)"},
        {"rounds", zcnas::ParamType::integer, std::int64_t{100}, "boosting rounds (boost mode)"},
        {"trees", zcnas::ParamType::integer, std::int64_t{100}, "trees of the forest (forest mode)"},
        {"max_depth", zcnas::ParamType::integer, std::int64_t{6}, "depth of each tree"},
        {"learning_rate", zcnas::ParamType::real, 0.3, "shrinkage per round (boost mode; a forest uses 1)"},
        {"subsample", zcnas::ParamType::real, 0.632, "rows per tree, without replacement (forest mode)"},
        {"colsample_bynode", zcnas::ParamType::real, 1.0, "columns tried per split (forest mode)"},
        {"seed", zcnas::ParamType::integer, std::int64_t{0}, "XGBoost's seed"},
        {"threads", zcnas::ParamType::integer, std::int64_t{1}, "XGBoost's threads"}};
    return m;
  }

  explicit XgboostCombiner(const zcnas::ParamSet& p)
      : forest_(p.string("mode") == "forest"),
        names_(zcnas::combiners::split_names(p.string("proxies"))),
        with_params_(p.boolean("params")),
        with_graph_(p.boolean("graph")),
        rounds_(p.integer("rounds")),
        trees_(p.integer("trees")),
        max_depth_(p.integer("max_depth")),
        learning_rate_(p.real("learning_rate")),
        subsample_(p.real("subsample")),
        colsample_(p.real("colsample_bynode")),
        seed_(p.integer("seed")),
        threads_(p.integer("threads")) {
    if (!forest_ && p.string("mode") != "boost")
      throw std::invalid_argument("mode must be \"boost\" or \"forest\", got \"" + p.string("mode") + "\"");
    if (rounds_ < 1 || trees_ < 1 || max_depth_ < 1 || threads_ < 1)
      throw std::invalid_argument("rounds, trees, max_depth and threads must be 1 or more");
    if (!(subsample_ > 0 && subsample_ <= 1) || !(colsample_ > 0 && colsample_ <= 1))
      throw std::invalid_argument("subsample and colsample_bynode must be in (0, 1]");
  }

  zcnas::Expected<void> fit(const zcnas::ScoreTable& t, const std::vector<double>& y) override {
    auto cols = zcnas::combiners::columns_named(t, names_, with_graph_);
    if (!cols) return std::move(cols).error();
    if (with_params_ && t.params.size() != t.rows())
      return zcnas::Error(zcnas::ErrorKind::config,
                          "the table has no parameter counts; give the combiner params = false or add them");
    features_.clear();
    for (std::size_t c : *cols) features_.push_back(t.proxies[c]);
    if (with_params_) features_.push_back(kParamCount);
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < t.rows(); ++r)
      if (!std::isnan(y[r])) rows.push_back(r);
    if (rows.size() < 2) return zcnas::Error(zcnas::ErrorKind::config, "xgboost needs 2 or more labelled rows");
    auto train = matrix(t, rows);
    if (!train) return std::move(train).error();
    std::vector<float> labels;
    for (std::size_t r : rows) labels.push_back(static_cast<float>(y[r]));
    if (XGDMatrixSetFloatInfo(train->get(), "label", labels.data(), labels.size()) != 0) return xgb_error("labels");

    void* handle = nullptr;
    void* dmats[] = {train->get()};
    if (XGBoosterCreate(dmats, 1, &handle) != 0) return xgb_error("creating the booster");
    booster_.reset(handle);
    // The labels' mean as the starting prediction (XGBoost 1.7 starts at 0.5, 2.x estimates one).
    double mean = 0;
    for (float v : labels) mean += v;
    base_score_ = mean / static_cast<double>(labels.size());
    std::vector<std::pair<std::string, std::string>> settings = {
        {"base_score", number(base_score_)},
        {"objective", "reg:squarederror"}, {"booster", "gbtree"},  {"tree_method", "hist"},
        {"max_depth", std::to_string(max_depth_)}, {"min_child_weight", "1"},
        {"seed", std::to_string(seed_)},       {"nthread", std::to_string(threads_)}, {"verbosity", "0"}};
    if (forest_) {
      settings.insert(settings.end(), {{"learning_rate", "1"},
                                       {"num_parallel_tree", std::to_string(trees_)},
                                       {"subsample", number(subsample_)},
                                       {"colsample_bynode", number(colsample_)}});
    } else {
      settings.insert(settings.end(), {{"learning_rate", number(learning_rate_)}, {"colsample_bytree", "1"},
                                       {"colsample_bylevel", "1"}});
    }
    for (const auto& [k, v] : settings)
      if (XGBoosterSetParam(booster_.get(), k.c_str(), v.c_str()) != 0) return xgb_error("setting " + k + " = " + v);
    std::vector<const char*> names = feature_names();
    if (XGBoosterSetStrFeatureInfo(booster_.get(), "feature_name", names.data(), names.size()) != 0)
      return xgb_error("naming the features");
    const std::int64_t iterations = forest_ ? 1 : rounds_;
    for (std::int64_t i = 0; i < iterations; ++i)
      if (XGBoosterUpdateOneIter(booster_.get(), static_cast<int>(i), train->get()) != 0)
        return xgb_error("round " + std::to_string(i));
    fitted_rows_ = rows.size();
    importance_ = gain_importance();
    return {};
  }

  zcnas::Expected<std::vector<double>> score(const zcnas::ScoreTable& t) const override {
    if (!booster_) return zcnas::Error(zcnas::ErrorKind::config, "xgboost: score() before fit()");
    std::vector<std::size_t> rows(t.rows());
    for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r;
    auto m = matrix(t, rows);
    if (!m) return std::move(m).error();
    bst_ulong n = 0;
    const float* out = nullptr;
    if (XGBoosterPredict(booster_.get(), m->get(), /*option_mask=*/0, /*ntree_limit=*/0, /*training=*/0, &n, &out) != 0)
      return xgb_error("predicting");
    return std::vector<double>(out, out + n);
  }

  std::string explain() const override {
    std::ostringstream o;
    o << (forest_ ? "random forest of " + std::to_string(trees_) + " trees"
                  : std::to_string(rounds_) + " boosting rounds, learning rate " + fixed(learning_rate_))
      << ", depth " << max_depth_ << ", seed " << seed_ << ", starting from the labels' mean " << fixed(base_score_)
      << "; fitted on " << fitted_rows_ << " labelled rows, "
      << features_.size() << " features. Gain importance:";
    for (const auto& [name, gain] : importance_) o << "\n  " << name << "  " << fixed(gain, 4);
    return o.str();
  }

 private:
  static std::string number(double v) {
    std::ostringstream o;
    o.precision(17);
    o << v;
    return o.str();
  }

  // features_ as the C strings XGBoost's feature-name calls take (valid while features_ is).
  std::vector<const char*> feature_names() const {
    std::vector<const char*> out;
    for (const auto& f : features_) out.push_back(f.c_str());
    return out;
  }

  // The feature matrix of `rows`, with this combiner's columns (features_, fixed at fit).
  zcnas::Expected<DMatrix> matrix(const zcnas::ScoreTable& t, const std::vector<std::size_t>& rows) const {
    std::vector<const std::vector<double>*> columns;
    for (const auto& name : features_) {
      if (name == kParamCount) {
        if (t.params.size() != t.rows())
          return zcnas::Error(zcnas::ErrorKind::config, "the table has no parameter counts, which the fit used");
        columns.push_back(&t.params);
        continue;
      }
      const long c = t.column_index(name);
      if (c < 0) return zcnas::Error(zcnas::ErrorKind::config, "the table has no column '" + name + "', which the fit used");
      columns.push_back(&t.columns[static_cast<std::size_t>(c)]);
    }
    std::vector<float> data;
    data.reserve(rows.size() * columns.size());
    for (std::size_t r : rows)
      for (const auto* col : columns) {
        const double v = (*col)[r];
        data.push_back(std::isnan(v) ? NAN : std::isinf(v) ? (v < 0 ? -1e30f : 1e30f) : static_cast<float>(v));
      }
    void* handle = nullptr;
    if (XGDMatrixCreateFromMat(data.data(), rows.size(), columns.size(), NAN, &handle) != 0)
      return xgb_error("building the feature matrix");
    DMatrix m(handle);
    std::vector<const char*> names = feature_names();
    if (XGDMatrixSetStrFeatureInfo(m.get(), "feature_name", names.data(), names.size()) != 0)
      return xgb_error("naming the features");
    return m;
  }

  // Total gain of the splits on each feature, largest first; features never split on are left out.
  std::vector<std::pair<std::string, double>> gain_importance() const {
    bst_ulong n = 0, dim = 0;
    const char** names = nullptr;
    const bst_ulong* shape = nullptr;
    const float* scores = nullptr;
    std::vector<std::pair<std::string, double>> out;
    if (XGBoosterFeatureScore(booster_.get(), R"({"importance_type": "total_gain"})", &n, &names, &dim, &shape,
                              &scores) != 0)
      return out;
    for (bst_ulong i = 0; i < n; ++i) out.emplace_back(names[i], scores[i]);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
  }

  bool forest_;
  std::vector<std::string> names_;
  bool with_params_;
  bool with_graph_;
  std::int64_t rounds_, trees_, max_depth_;
  double learning_rate_, subsample_, colsample_;
  std::int64_t seed_, threads_;
  std::vector<std::string> features_;
  Booster booster_;
  std::size_t fitted_rows_ = 0;
  double base_score_ = 0;
  std::vector<std::pair<std::string, double>> importance_;
};

}  // namespace

ZCNAS_EXPORT_COMBINER(XgboostCombiner)
