#include "eval/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "dsl/parser.hpp"
#include "eval/expression_scores.hpp"
#include "eval/labelled_split.hpp"
#include "runtime/install_paths.hpp"
#include "util/fnv_hash.hpp"

namespace zcnas::eval {

namespace {

ScoreTable rows_of(const ScoreTable& t, const std::vector<std::size_t>& rows) {
  ScoreTable out;
  out.proxies = t.proxies;
  for (std::size_t r : rows) out.archs.push_back(t.archs[r]);
  for (const auto& c : t.columns) {
    std::vector<double> col;
    for (std::size_t r : rows) col.push_back(c[r]);
    out.columns.push_back(std::move(col));
  }
  if (!t.params.empty())
    for (std::size_t r : rows) out.params.push_back(t.params[r]);
  return out;
}

std::vector<double> pick(const std::vector<double>& v, const std::vector<std::size_t>& rows) {
  std::vector<double> out;
  for (std::size_t r : rows) out.push_back(v[r]);
  return out;
}

}  // namespace

Expected<LabelledTable> load_experiment_scores(const ExperimentSpec& x, const plugin::PluginRegistry& host,
                                               const LabelledTable* live) {
  LabelledTable table;
  bool first = true;
  auto add = [&](LabelledTable t) {
    table = first ? std::move(t) : join(table, t);
    first = false;
  };
  if (live) add(*live);
  if (!x.score_files.empty()) {
    auto t = read_score_files(x.score_files, x.task, x.score_key);
    if (!t) return std::move(t).error().with_context(x.file);
    add(std::move(*t));
  }
  if (first) return Error(ErrorKind::config, x.file + ": no scores to evaluate");

  std::vector<spec::ProxyDecl> decls;
  if (!x.expressions_file.empty()) {
    const dsl::PluginCatalog catalog = host.catalog();
    dsl::ParseOptions parse;
    parse.catalog = &catalog;
    parse.include_dirs = runtime::default_space_dirs();
    auto program = dsl::parse_file(x.expressions_file, parse);
    if (!program) return std::move(program).error();
    decls = program->proxies;
  }
  // The proxies named (default all), then the expressions.
  ScoreTable& s = table.scores;
  if (!x.proxies.empty()) {
    ScoreTable kept;
    kept.archs = s.archs;
    kept.params = s.params;
    std::vector<Error> errors;
    for (const auto& name : x.proxies) {
      const long c = s.column_index(name);
      if (c >= 0) {
        kept.proxies.push_back(name);
        kept.columns.push_back(s.columns[static_cast<std::size_t>(c)]);
        continue;
      }
      const auto d = std::find_if(decls.begin(), decls.end(), [&](const spec::ProxyDecl& p) { return p.name == name; });
      if (d == decls.end()) {
        errors.push_back(Error(ErrorKind::config, x.file + ": [scores] proxies: no column or expression '" + name +
                                                      "' (the scores have: " + [&] {
                                                        std::string all;
                                                        for (const auto& p : s.proxies) all += (all.empty() ? "" : ", ") + p;
                                                        return all;
                                                      }() + ")"));
        continue;
      }
      auto v = evaluate_expression(*d, s, decls);
      if (!v) {
        errors.push_back(std::move(v).error());
        continue;
      }
      kept.proxies.push_back(name);
      kept.columns.push_back(std::move(*v));
    }
    if (!errors.empty()) return Error::join(errors);
    s = std::move(kept);
  } else {
    for (const auto& d : decls) {
      if (d.is_plugin_instance()) continue;
      auto v = evaluate_expression(d, s, decls);
      if (!v) return std::move(v).error();
      s.proxies.push_back(d.name);
      s.columns.push_back(std::move(*v));
    }
  }
  if (s.params.empty())
    if (const long pc = s.column_index("params"); pc >= 0) s.params = s.columns[static_cast<std::size_t>(pc)];
  return table;
}

Expected<std::vector<double>> experiment_truth(const ExperimentSpec& x, const LabelledTable& table) {
  if (!x.truth_label.empty()) {
    auto it = table.labels.find(x.truth_label);
    if (it == table.labels.end())
      return Error(ErrorKind::config, x.file + ": [truth] label '" + x.truth_label + "': the score files carry no such " +
                                          "label (NAS-Bench-Suite-Zero files carry 'val_accuracy')");
    return it->second;
  }
  auto truth = read_truth(x.truth_file, x.truth_key, x.truth_column);
  if (!truth) return std::move(truth).error().with_context(x.file + " [truth]");
  std::vector<double> out;
  for (const auto& a : table.scores.archs) {
    auto it = truth->find(a);
    out.push_back(it == truth->end() ? std::nan("") : it->second);
  }
  return out;
}

namespace {

ScatterPoints scatter_points(const ScoreTable& t, const std::vector<double>& y) {
  ScatterPoints p;
  p.sampled_from = t.rows();
  std::vector<std::size_t> order(t.rows());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (order.size() > kScatterPoints) {
    std::vector<std::uint64_t> key(t.rows());
    for (std::size_t r = 0; r < t.rows(); ++r) key[r] = util::fnv1a64(t.archs[r]);
    std::nth_element(order.begin(), order.begin() + kScatterPoints, order.end(),
                     [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
    order.resize(kScatterPoints);
    std::sort(order.begin(), order.end());
  }
  p.proxies = t.proxies;
  p.scores.assign(t.proxies.size(), {});
  for (std::size_t r : order) {
    p.archs.push_back(t.archs[r]);
    p.truth.push_back(y[r]);
    for (std::size_t c = 0; c < t.proxies.size(); ++c) p.scores[c].push_back(t.columns[c][r]);
  }
  return p;
}

}  // namespace

Expected<EvaluationResult> run_evaluation(const ExperimentSpec& x, const LabelledTable& table,
                                          const std::vector<double>& truth_all, const plugin::PluginRegistry& host) {
  EvaluationResult res;
  res.name = x.name;
  res.source = table.source;
  res.truth = x.truth_label.empty() ? x.truth_file + " [" + x.truth_column + "]" : x.truth_label;
  res.options.bootstrap = x.bootstrap;
  res.options.top_percent = x.top_percent;
  res.options.top_k = x.top_k;
  res.options.seed = x.seeds.empty() ? 0 : x.seeds.front();

  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < truth_all.size(); ++r)
    if (std::isfinite(truth_all[r])) rows.push_back(r);
  res.rows = rows.size();
  res.dropped_rows = truth_all.size() - rows.size();
  if (rows.size() < 3)
    return Error(ErrorKind::config, x.file + ": only " + std::to_string(rows.size()) +
                                        " architectures have both scores and a ground truth; check [truth] key and column");
  const ScoreTable t = rows_of(table.scores, rows);
  const std::vector<double> y = pick(truth_all, rows);

  // Graph features are inputs of a predictor, not proxies to be judged one by one.
  {
    ScoreTable proxies_only;
    proxies_only.archs = t.archs;
    proxies_only.params = t.params;
    for (std::size_t c = 0; c < t.proxies.size(); ++c)
      if (!is_graph_feature(t.proxies[c])) {
        proxies_only.proxies.push_back(t.proxies[c]);
        proxies_only.columns.push_back(t.columns[c]);
      }
    res.points = scatter_points(proxies_only, y);
    for (std::size_t c = 0; c < proxies_only.proxies.size(); ++c)
      res.proxies.push_back({proxies_only.proxies[c], agreement(proxies_only.columns[c], y, t.params, res.options)});
  }
  std::stable_sort(res.proxies.begin(), res.proxies.end(), [](const ProxyResult& a, const ProxyResult& b) {
    const double ra = std::isnan(a.agreement.spearman) ? -2 : a.agreement.spearman;
    const double rb = std::isnan(b.agreement.spearman) ? -2 : b.agreement.spearman;
    return ra > rb;
  });

  AgreementOptions judged = res.options;
  judged.bootstrap = 0;
  for (const auto& spec : x.combiners) {
    auto run_one = [&](std::int64_t labelled, std::uint64_t seed, const std::vector<std::size_t>& fit_rows,
                       const std::vector<std::size_t>& judge_rows) {
      CombinerRun run;
      run.name = spec.name;
      run.plugin = spec.plugin;
      run.labelled = labelled;
      run.seed = seed;
      run.judged = judge_rows.size();
      auto combiner = host.make_combiner(spec.plugin, spec.params);
      if (!combiner) {
        run.error = combiner.error().with_context(spec.location.to_string()).to_string();
        return run;
      }
      const ScoreTable fit_table = rows_of(t, fit_rows);
      if (auto ok = (*combiner)->fit(fit_table, pick(y, fit_rows)); !ok) {
        run.error = ok.error().to_string();
        return run;
      }
      run.explain = (*combiner)->explain();
      const ScoreTable judge_table = rows_of(t, judge_rows);
      auto scores = (*combiner)->score(judge_table);
      if (!scores) {
        run.error = scores.error().to_string();
        return run;
      }
      run.agreement = agreement(*scores, pick(y, judge_rows), judge_table.params, judged);
      return run;
    };
    std::vector<std::size_t> all(t.rows());
    std::iota(all.begin(), all.end(), 0);
    res.runs.push_back(run_one(0, 0, all, all));
    // A combiner the host cannot create fails the same way every time: report it once.
    if (!res.runs.back().error.empty() && res.runs.back().explain.empty() &&
        res.runs.back().error.find("plugin") != std::string::npos)
      return Error(ErrorKind::config, res.runs.back().error);
    for (std::int64_t n : x.labelled) {
      if (static_cast<std::size_t>(n) >= t.rows()) continue;  // nothing would be left to judge on
      for (std::uint64_t seed : x.seeds) {
        const Split split = split_rows(t.rows(), static_cast<std::size_t>(n), seed);
        res.runs.push_back(run_one(n, seed, split.labelled, split.held_out));
      }
    }
  }
  // Mean and spread over seeds, per combiner and labelled size.
  for (const auto& run : res.runs) {
    auto it = std::find_if(res.summary.begin(), res.summary.end(), [&](const CombinerSummary& s) {
      return s.name == run.name && s.labelled == run.labelled;
    });
    if (it == res.summary.end()) {
      CombinerSummary s;
      s.name = run.name;
      s.plugin = run.plugin;
      s.labelled = run.labelled;
      s.min_spearman = 2;
      s.max_spearman = -2;
      res.summary.push_back(s);
      it = res.summary.end() - 1;
    }
    if (!run.error.empty() || std::isnan(run.agreement.spearman)) continue;
    const double rho = run.agreement.spearman;
    ++it->seeds;
    it->mean_spearman += rho;
    it->sd_spearman += rho * rho;  // sum of squares until finalised
    it->min_spearman = std::min(it->min_spearman, rho);
    it->max_spearman = std::max(it->max_spearman, rho);
    it->mean_kendall += run.agreement.kendall;
    it->mean_top_overlap += run.agreement.top_overlap;
    it->mean_regret += run.agreement.top1_regret;
    it->mean_ndcg += run.agreement.ndcg;
    it->mean_top_k_best += run.agreement.top_k_best;
  }
  for (auto& s : res.summary) {
    if (s.seeds == 0) {
      s.mean_spearman = s.sd_spearman = s.min_spearman = s.max_spearman = std::nan("");
      continue;
    }
    const double n = static_cast<double>(s.seeds);
    s.mean_spearman /= n;
    s.sd_spearman = std::sqrt(std::max(0.0, s.sd_spearman / n - s.mean_spearman * s.mean_spearman));
    s.mean_kendall /= n;
    s.mean_top_overlap /= n;
    s.mean_regret /= n;
    s.mean_ndcg /= n;
    s.mean_top_k_best /= n;
  }
  return res;
}

}  // namespace zcnas::eval
