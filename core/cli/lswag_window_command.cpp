// zcnas lswag-window: the per-bin log-sigma curve over random networks of a space and the
// window its spike proposes, as a CSV table, a figure and JSON.

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "analysis/layer_window.hpp"
#include "commands.hpp"
#include "progress_line.hpp"
#include "report/gnuplot.hpp"
#include "runtime/install_paths.hpp"
#include "score/score_run.hpp"
#include "session.hpp"
#include "zcnas/probe/context.hpp"

namespace zcnas::cli {

namespace {

std::string table_csv(const std::vector<analysis::BinSummary>& bins) {
  std::ostringstream out;
  out << "bin,layers,mean_log_sigma,std_log_sigma,mean_lambda_term\n" << std::setprecision(10);
  for (const auto& b : bins)
    out << b.bin << "," << b.layers << "," << b.mean_log_sigma << "," << b.std_log_sigma << "," << b.mean_lambda_term
        << "\n";
  return out.str();
}

std::string plot_script(const std::vector<analysis::BinSummary>& bins, const analysis::WindowProposal& w,
                        const std::string& terminal, const std::string& figure, const std::string& title) {
  std::ostringstream s;
  s << "# zcnas lswag-window figure; edit and run `gnuplot " << figure << ".gp` to redraw\n"
    << "set terminal " << terminal << "\nset output " << report::quoted(figure) << "\n"
    << "set title " << report::quoted(title) << " noenhanced\n"
    << "set xlabel 'depth-percentile bin'\nset ylabel 'log sigma (mean +- std over networks)'\n"
    << "set xrange [-0.5:" << bins.size() - 0.5 << "]\nset xtics 1\nset grid ytics\nset key below\n"
    << "set object 1 rect from " << w.lo - 0.5 << ", graph 0 to " << w.hi + 0.5
    << ", graph 1 fillcolor rgb '#fde0c5' fillstyle solid 0.7 noborder behind\n"
    << "$bins << EOD\n" << std::setprecision(10);
  for (const auto& b : bins)
    if (b.layers > 0) s << b.bin << " " << b.mean_log_sigma << " " << b.std_log_sigma << "\n";
  s << "EOD\n"
    << "plot $bins using 1:2:3 with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' title 'log sigma', "
    << w.baseline << " with lines dt 2 lc rgb 'gray' title 'median of bins', "
    << "NaN with boxes fillcolor rgb '#fde0c5' fillstyle solid title sprintf('proposed window [%d, %d]', " << w.lo
    << ", " << w.hi << ")\n";
  return s.str();
}

}  // namespace

int lswag_window(const GlobalOptions& options, const LswagWindowCommand& c) {
  auto session = open_session(options);
  if (!session) return report(session.error()), kExitUsage;
  const Session& s = **session;
  auto space = load_space(s, {c.file, c.space});
  if (!space) return report(space.error()), kExitUsage;
  auto archs = select_architectures(*space, c.select);
  if (!archs) return report(archs.error()), kExitUsage;

  score::ScoreOptions so;
  so.dataset = c.dataset;
  so.batch_size = c.batch_size;
  so.batches = c.batches;
  so.seed = s.seed;
  so.device = s.device;
  so.data_dirs = runtime::default_data_dirs();
  so.input_size = c.input_size;
  auto run = score::ScoreRun::prepare(*space, {}, so);
  if (!run) return report(run.error()), kExitUsage;

  analysis::LayerProfile profile(c.bins, c.batches, !c.signed_grad);
  std::size_t failed = 0;
  ProgressLine progress("lswag-window", static_cast<std::int64_t>(archs->size()), !options.quiet);
  for (std::size_t i = 0; i < archs->size(); ++i) {
    Expected<void> added;
    auto probed = run->probe((*archs)[i], [&](ProbeContext& ctx, const std::string&) { added = profile.add(ctx); });
    if (!probed || !added) {
      ++failed;
      spdlog::warn("{}: {}", (*archs)[i], !probed ? probed.error().to_string() : added.error().to_string());
    }
    progress.update(static_cast<std::int64_t>(i + 1), std::to_string(failed) + " failed");
    if (!progress.active() && (i + 1) % 50 == 0) spdlog::info("{}/{} networks", i + 1, archs->size());
  }
  if (profile.networks() == 0) return report(Error(ErrorKind::proxy, "no network could be analysed")), kExitFailure;
  const auto bins = profile.summary();
  const auto window = analysis::propose_window(bins);

  const std::string table = table_csv(bins);
  if (c.out == "-") {
    std::cout << table;
  } else if (std::ofstream f(c.out); !(f << table)) {
    return report(Error(ErrorKind::io, "cannot write '" + c.out + "'")), kExitFailure;
  }
  std::ostringstream title;
  title << space->name << " on " << c.dataset << ": " << profile.networks() << " networks, batch " << c.batch_size
        << ", " << c.batches << " batches, " << (c.signed_grad ? "var(g)" : "var(|g|)");
  if (!c.plot.empty()) {
    auto terminal = report::terminal_for(c.plot, 760, 440);
    if (!terminal) return report(terminal.error()), kExitUsage;
    if (auto ok = report::run_gnuplot(plot_script(bins, window, *terminal, c.plot, title.str()), c.plot); !ok)
      return report(ok.error()), kExitFailure;
  }
  if (!c.json.empty()) {
    nlohmann::json doc;
    doc["space"] = space->name;
    doc["space_file"] = c.file;
    doc["dataset"] = c.dataset;
    doc["networks"] = profile.networks();
    doc["failed"] = failed;
    doc["batch_size"] = c.batch_size;
    doc["batches"] = c.batches;
    doc["seed"] = s.seed;
    doc["sample_seed"] = c.select.sample_seed;
    doc["variance_of"] = c.signed_grad ? "g" : "|g|";
    doc["window"] = {window.lo, window.hi};
    doc["peak_bin"] = window.peak;
    doc["trend"] = window.trend;
    doc["baseline"] = window.baseline;
    doc["threshold"] = window.threshold;
    doc["rule"] = window.rule;
    for (const auto& b : bins)
      doc["bins"].push_back({{"bin", b.bin},
                             {"layers", b.layers},
                             {"mean_log_sigma", b.mean_log_sigma},
                             {"std_log_sigma", b.std_log_sigma},
                             {"mean_lambda_term", b.mean_lambda_term}});
    if (std::ofstream f(c.json); !(f << doc.dump(2) << "\n"))
      return report(Error(ErrorKind::io, "cannot write '" + c.json + "'")), kExitFailure;
  }
  std::cerr << title.str() << "\nproposed window: [" << window.lo << ", " << window.hi << "] (peak bin " << window.peak
            << (window.trend ? ", at an end: a trend, no spike" : "") << ")\nrule: " << window.rule << "\nuse it: proxy lswag_" << space->name << " = lswag(window = ["
            << window.lo << ", " << window.hi << "], bins = " << c.bins << ");\n";
  if (failed > 0) spdlog::warn("{} of {} networks could not be analysed (reasons above)", failed, archs->size());
  return kExitOk;
}

}  // namespace zcnas::cli
