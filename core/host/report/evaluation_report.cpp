#include "report/evaluation_report.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "report/gnuplot.hpp"

namespace zcnas::report {

namespace {

std::string num(double v, int digits = 3) {
  if (std::isnan(v)) return "n/a";
  std::ostringstream o;
  o << std::fixed << std::setprecision(digits) << v;
  return o.str();
}

nlohmann::json maybe(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

nlohmann::json agreement_json(const eval::Agreement& a) {
  return {{"n", a.n},
          {"dropped", a.dropped},
          {"spearman", maybe(a.spearman)},
          {"spearman_ci", {maybe(a.spearman_ci.lo), maybe(a.spearman_ci.hi)}},
          {"kendall", maybe(a.kendall)},
          {"kendall_ci", {maybe(a.kendall_ci.lo), maybe(a.kendall_ci.hi)}},
          {"pearson", maybe(a.pearson)},
          {"top_overlap", maybe(a.top_overlap)},
          {"top1_regret", maybe(a.top1_regret)},
          {"ndcg", maybe(a.ndcg)},
          {"top_k_best", maybe(a.top_k_best)},
          {"bias", maybe(a.bias)}};
}

// The number a combiner shows in the heat-map: held-out mean at the largest labelled size.
const eval::CombinerSummary* headline(const eval::EvaluationResult& r, const std::string& name) {
  const eval::CombinerSummary* best = nullptr;
  for (const auto& s : r.summary)
    if (s.name == name && s.seeds > 0 && (!best || s.labelled > best->labelled || (best->labelled == 0)))
      if (s.labelled > 0 || !best) best = &s;
  return best;
}

}  // namespace

std::string evaluation_markdown(const std::vector<eval::EvaluationResult>& results) {
  std::ostringstream md;
  for (const auto& r : results) {
    md << "## " << r.name << "\n\n"
       << "Scores: " << r.source << "  \nTruth: " << r.truth << "  \nArchitectures: " << r.rows;
    if (r.dropped_rows) md << " (" << r.dropped_rows << " without a truth value left out)";
    md << "; " << static_cast<int>(r.options.confidence * 100) << "% bootstrap intervals over " << r.options.bootstrap
       << " resamples (seed " << r.options.seed << "); top-k overlap at " << num(r.options.top_percent, 0)
       << "%; nDCG and best-of-top at k = " << r.options.top_k << " (best of top k: the highest truth among the k "
       << "best-scored); bias = Spearman with params.\n\n"
       << "| proxy | Spearman rho | Kendall tau | Pearson | top-" << num(r.options.top_percent, 0)
       << "% overlap | top-1 regret | nDCG@" << r.options.top_k << " | best of top " << r.options.top_k
       << " | bias | n |\n|---|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& p : r.proxies) {
      const auto& a = p.agreement;
      md << "| " << p.proxy << " | " << num(a.spearman) << " [" << num(a.spearman_ci.lo) << ", " << num(a.spearman_ci.hi)
         << "] | " << num(a.kendall) << " [" << num(a.kendall_ci.lo) << ", " << num(a.kendall_ci.hi) << "] | "
         << num(a.pearson) << " | " << num(a.top_overlap, 2) << " | " << num(a.top1_regret, 2) << " | " << num(a.ndcg)
         << " | " << num(a.top_k_best, 2) << " | " << num(a.bias)
         << " | " << a.n << (a.dropped ? " (-" + std::to_string(a.dropped) + " NaN)" : "") << " |\n";
    }
    if (!r.summary.empty()) {
      md << "\nCombiners: fitted on `labelled` architectures drawn by seed, judged on the rest (mean +- sd over "
            "seeds); `in-sample` fits and judges on every architecture (the paper's protocol, optimistic).\n\n"
         << "| combiner | plugin | labelled | seeds | held-out rho | min | max | Kendall tau | top-k overlap | "
            "regret | nDCG@k | best of top k |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n";
      for (const auto& s : r.summary)
        md << "| " << s.name << " | " << s.plugin << " | " << (s.labelled == 0 ? std::string("in-sample") : std::to_string(s.labelled))
           << " | " << s.seeds << " | " << num(s.mean_spearman) << " +- " << num(s.sd_spearman) << " | "
           << num(s.min_spearman) << " | " << num(s.max_spearman) << " | " << num(s.mean_kendall) << " | "
           << num(s.mean_top_overlap, 2) << " | " << num(s.mean_regret, 2) << " | " << num(s.mean_ndcg) << " | "
           << num(s.mean_top_k_best, 2) << " |\n";
      std::set<std::string> shown;
      for (const auto& run : r.runs) {
        if (!run.error.empty()) {
          md << "\n**" << run.name << "** (labelled " << run.labelled << ", seed " << run.seed << ") failed: " << run.error
             << "\n";
          continue;
        }
        if (!shown.insert(run.name + "/" + std::to_string(run.labelled)).second) continue;
        md << "\n**" << run.name << "**, "
           << (run.labelled == 0 ? std::string("in-sample") : "labelled " + std::to_string(run.labelled) + ", seed " +
                                                                  std::to_string(run.seed))
           << ":\n\n```\n" << run.explain << "\n```\n";
      }
    }
    md << "\n";
  }
  return md.str();
}

std::string evaluation_csv(const std::vector<eval::EvaluationResult>& results) {
  std::ostringstream csv;
  csv << std::setprecision(10) << "experiment,subject,kind,labelled,seed,metric,value\n";
  auto row = [&](const std::string& e, const std::string& s, const char* kind, std::int64_t l, std::uint64_t seed,
                 const char* metric, double v) {
    csv << e << "," << s << "," << kind << "," << l << "," << seed << "," << metric << ",";
    if (std::isfinite(v)) csv << v;
    csv << "\n";
  };
  for (const auto& r : results) {
    for (const auto& p : r.proxies) {
      const auto& a = p.agreement;
      row(r.name, p.proxy, "proxy", 0, 0, "spearman", a.spearman);
      row(r.name, p.proxy, "proxy", 0, 0, "spearman_lo", a.spearman_ci.lo);
      row(r.name, p.proxy, "proxy", 0, 0, "spearman_hi", a.spearman_ci.hi);
      row(r.name, p.proxy, "proxy", 0, 0, "kendall", a.kendall);
      row(r.name, p.proxy, "proxy", 0, 0, "pearson", a.pearson);
      row(r.name, p.proxy, "proxy", 0, 0, "top_overlap", a.top_overlap);
      row(r.name, p.proxy, "proxy", 0, 0, "top1_regret", a.top1_regret);
      row(r.name, p.proxy, "proxy", 0, 0, "ndcg", a.ndcg);
      row(r.name, p.proxy, "proxy", 0, 0, "top_k_best", a.top_k_best);
      row(r.name, p.proxy, "proxy", 0, 0, "bias", a.bias);
      row(r.name, p.proxy, "proxy", 0, 0, "n", static_cast<double>(a.n));
    }
    for (const auto& run : r.runs) {
      if (!run.error.empty()) continue;
      row(r.name, run.name, "combiner", run.labelled, run.seed, "spearman", run.agreement.spearman);
      row(r.name, run.name, "combiner", run.labelled, run.seed, "kendall", run.agreement.kendall);
      row(r.name, run.name, "combiner", run.labelled, run.seed, "top_overlap", run.agreement.top_overlap);
      row(r.name, run.name, "combiner", run.labelled, run.seed, "top1_regret", run.agreement.top1_regret);
      row(r.name, run.name, "combiner", run.labelled, run.seed, "ndcg", run.agreement.ndcg);
      row(r.name, run.name, "combiner", run.labelled, run.seed, "top_k_best", run.agreement.top_k_best);
      row(r.name, run.name, "combiner", run.labelled, run.seed, "n", static_cast<double>(run.judged));
    }
  }
  return csv.str();
}

std::string evaluation_json(const std::vector<eval::EvaluationResult>& results) {
  nlohmann::json doc = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json e = {{"experiment", r.name},
                        {"scores", r.source},
                        {"truth", r.truth},
                        {"rows", r.rows},
                        {"rows_without_truth", r.dropped_rows},
                        {"bootstrap", r.options.bootstrap},
                        {"confidence", r.options.confidence},
                        {"top_percent", r.options.top_percent},
                        {"top_k", r.options.top_k}};
    for (const auto& p : r.proxies) e["proxies"][p.proxy] = agreement_json(p.agreement);
    nlohmann::json scores = nlohmann::json::object();
    for (std::size_t c = 0; c < r.points.proxies.size(); ++c) {
      nlohmann::json column = nlohmann::json::array();
      for (double v : r.points.scores[c]) column.push_back(maybe(v));
      scores[r.points.proxies[c]] = std::move(column);
    }
    e["points"] = {{"sampled_from", r.points.sampled_from}, {"archs", r.points.archs}, {"truth", r.points.truth},
                   {"scores", std::move(scores)}};
    for (const auto& run : r.runs) {
      nlohmann::json j = {{"combiner", run.name}, {"plugin", run.plugin}, {"labelled", run.labelled},
                          {"in_sample", run.labelled == 0}, {"seed", run.seed}, {"judged", run.judged}};
      if (run.error.empty()) {
        j["agreement"] = agreement_json(run.agreement);
        j["explain"] = run.explain;
      } else {
        j["error"] = run.error;
      }
      e["combiner_runs"].push_back(j);
    }
    for (const auto& s : r.summary)
      e["combiners"].push_back({{"combiner", s.name}, {"plugin", s.plugin}, {"labelled", s.labelled},
                                {"seeds", s.seeds}, {"mean_spearman", maybe(s.mean_spearman)},
                                {"sd_spearman", maybe(s.sd_spearman)}, {"min_spearman", maybe(s.min_spearman)},
                                {"max_spearman", maybe(s.max_spearman)}, {"mean_kendall", maybe(s.mean_kendall)},
                                {"mean_ndcg", maybe(s.mean_ndcg)}, {"mean_top_k_best", maybe(s.mean_top_k_best)}});
    doc.push_back(e);
  }
  return doc.dump(2) + "\n";
}

Expected<void> rho_heatmap(const std::vector<eval::EvaluationResult>& results, const std::string& figure) {
  std::vector<std::string> rows;
  std::map<std::string, std::map<std::size_t, double>> cell;
  auto add = [&](const std::string& row, std::size_t col, double v) {
    if (!cell.count(row)) rows.push_back(row);
    cell[row][col] = v;
  };
  for (std::size_t c = 0; c < results.size(); ++c) {
    for (const auto& p : results[c].proxies) add(p.proxy, c, p.agreement.spearman);
    std::set<std::string> names;
    for (const auto& s : results[c].summary) names.insert(s.name);
    for (const auto& n : names)
      if (const auto* s = headline(results[c], n))
        add(n + (s->labelled > 0 ? " (" + std::to_string(s->labelled) + " labelled)" : " (in-sample)"), c,
            s->mean_spearman);
  }
  auto terminal = terminal_for(figure, 160 + 110 * static_cast<int>(results.size()), 120 + 26 * static_cast<int>(rows.size()));
  if (!terminal) return std::move(terminal).error();
  std::ostringstream s;
  s << "# zcnas evaluate heat-map: Spearman rho, proxies x experiments; run `gnuplot " << figure << ".gp` to redraw\n"
    << "set terminal " << *terminal << "\nset output " << quoted(figure) << "\n"
    << "set title 'Spearman rho with the ground truth'\nunset key\nset view map\n"
    << "set cbrange [-1:1]\nset palette defined (-1 '#b2182b', 0 '#f7f7f7', 1 '#2166ac')\n"
    << "set xrange [-0.5:" << results.size() - 0.5 << "]\nset yrange [" << rows.size() - 0.5 << ":-0.5]\n"
    << "set xtics (";
  for (std::size_t c = 0; c < results.size(); ++c) s << (c ? ", " : "") << quoted(results[c].name) << " " << c;
  s << ") rotate by 30 right noenhanced\nset ytics (";
  for (std::size_t r = 0; r < rows.size(); ++r) s << (r ? ", " : "") << quoted(rows[r]) << " " << r;
  s << ") noenhanced\nset tics scale 0\n$cells << EOD\n" << std::setprecision(6);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (const auto& [c, v] : cell[rows[r]])
      if (std::isfinite(v)) s << c << " " << r << " " << v << "\n";
  s << "EOD\nset style fill solid 1.0 noborder\n"
    << "plot $cells using 1:2:(0.5):(0.5):3 with boxxyerror fillcolor palette, "
    << "$cells using 1:2:(sprintf('%.2f', $3)) with labels font ',10'\n";
  return run_gnuplot(s.str(), figure);
}

}  // namespace zcnas::report
