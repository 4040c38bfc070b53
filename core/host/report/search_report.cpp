#include "report/search_report.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "report/gnuplot.hpp"
#include "table/csv_table.hpp"

namespace zcnas::report {

namespace {

double truth_of(const SearchSummary& s, std::size_t column, const std::string& arch) {
  if (!s.truth || column >= s.truth->size()) return std::nan("");
  auto it = (*s.truth)[column].find(arch);
  return it == (*s.truth)[column].end() ? std::nan("") : it->second;
}

}  // namespace

Expected<void> write_best_json(const std::string& path, const search::Archive& archive,
                               const search::SearchOutcome& outcome, const SearchSummary& s) {
  const auto best = archive.best();
  if (!best) return Error(ErrorKind::numeric, "no candidate has a finite fitness: nothing to report as best");
  const search::Candidate& c = archive[*best];
  nlohmann::json j;
  j["arch"] = c.canonical;
  j["score"] = archive.fitness()[*best];
  j["params"] = c.params;
  j["flops"] = c.flops;
  nlohmann::json scores;
  for (std::size_t p = 0; p < archive.proxies().size() && p < c.scores.size(); ++p)
    scores[archive.proxies()[p]] = std::isfinite(c.scores[p]) ? nlohmann::json(c.scores[p]) : nlohmann::json(nullptr);
  j["proxy_scores"] = scores;
  j["found_at_evaluation"] = *best + 1;
  if (!std::isnan(archive.labels()[*best])) j["label"] = archive.labels()[*best];
  j["found_at_seconds"] = c.elapsed;
  nlohmann::json truth = nlohmann::json::object();
  for (std::size_t t = 0; t < s.truth_columns.size(); ++t) {
    const double v = truth_of(s, t, c.canonical);
    truth[s.truth_columns[t]] = std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
  }
  if (!s.truth_columns.empty()) {
    j["truth"] = truth;
    // The best the space holds by the first truth column, for regret.
    double optimum = -INFINITY;
    for (const auto& [arch, v] : s.truth->front()) optimum = std::max(optimum, v);
    j["truth_optimum"] = {{s.truth_columns.front(), optimum}};
  }
  std::size_t failed = 0;
  for (const auto& cand : archive.candidates()) failed += !cand.error.empty();
  j["search"] = {{"name", s.name},
                 {"space", s.space},
                 {"strategy", s.strategy},
                 {"fitness", s.fitness},
                 {"seed", s.seed},
                 {"evaluations", archive.size()},
                 {"failed", failed},
                 {"fit_labelled", s.fit_rows},
                 {"fit_scored", s.fit_evaluations},
                 {"labelled_in_search", outcome.labelled},
                 {"rejected_by_bounds", outcome.rejected},
                 {"repeats", outcome.repeats},
                 {"replayed", outcome.replayed},
                 {"not_in_score_table", outcome.unavailable},
                 {"supernet_rounds", outcome.rounds},
                 {"supernets_scored", outcome.supernets},
                 {"seconds", outcome.elapsed},
                 {"stopped", outcome.stop_reason},
                 {"fingerprint", s.fingerprint}};
  j["protocol"] = nlohmann::json::parse(s.protocol_json, nullptr, false);
  std::ofstream f(path);
  if (!(f << j.dump(2) << "\n")) return Error(ErrorKind::io, "cannot write '" + path + "'");
  return {};
}

Expected<void> write_best_so_far(const std::string& csv_path, const std::string& figure,
                                 const std::string& trajectory_csv, const SearchSummary& s) {
  auto t = table::read_csv(trajectory_csv);
  if (!t) return std::move(t).error();
  auto elapsed = t->numbers("elapsed_s");
  auto best = t->numbers("best_fitness");
  auto best_arch = t->texts("best_arch");
  if (!elapsed || !best || !best_arch) return Error(ErrorKind::parse, "'" + trajectory_csv + "' is not a search trajectory");
  const bool with_truth = !s.truth_columns.empty();
  std::ofstream out(csv_path);
  out << "evaluation,elapsed_s,best_fitness,best_arch" << (with_truth ? ",best_truth" : "") << "\n" << std::setprecision(10);
  std::size_t rows = 0;
  for (std::size_t r = 0; r < elapsed->size(); ++r) {
    if (std::isnan((*best)[r])) continue;
    out << r + 1 << ',' << (*elapsed)[r] << ',' << (*best)[r] << ",\"" << (**best_arch)[r] << '"';
    if (with_truth) {
      const double v = truth_of(s, 0, (**best_arch)[r]);
      out << ',';
      if (!std::isnan(v)) out << v;
    }
    out << '\n';
    ++rows;
  }
  if (!out) return Error(ErrorKind::io, "cannot write '" + csv_path + "'");
  out.close();
  if (figure.empty() || rows == 0) return {};
  auto terminal = terminal_for(figure, 760, 440);
  if (!terminal) return std::move(terminal).error();
  std::ostringstream g;
  g << "set terminal " << *terminal << "\nset output " << quoted(figure) << "\n"
    << "set datafile separator ','\nset key bottom right\nset grid\n"
    << "set title " << quoted(s.name + " (" + s.strategy + ")") << " noenhanced\n"
    << "set xlabel 'search time (s)'\nset ylabel 'fitness of the best so far'\n";
  if (with_truth)
    g << "set y2label " << quoted("true " + s.truth_columns.front() + " of the best so far") << " noenhanced\n"
      << "set y2tics\nset ytics nomirror\n"
      << "plot " << quoted(csv_path) << " every ::1 using 2:3 with steps lw 2 title 'fitness', "
      << quoted(csv_path) << " every ::1 using 2:5 axes x1y2 with steps lw 2 dt 2 title 'true accuracy'\n";
  else
    g << "plot " << quoted(csv_path) << " every ::1 using 2:3 with steps lw 2 title 'fitness'\n";
  return run_gnuplot(g.str(), figure);
}

}  // namespace zcnas::report
