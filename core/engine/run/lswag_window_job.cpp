#include "run/lswag_window_job.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iomanip>
#include <sstream>

#include "report/gnuplot.hpp"
#include "run/score_options.hpp"
#include "zcnas/probe/context.hpp"

namespace zcnas::run {

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

JobResult<LswagWindowReport> run_lswag_window(const Environment& env, const LswagWindowJob& job,
                                              const NetworkProgress& progress) {
  auto space = env.load_space(job.space);
  if (!space) return bad_input(std::move(space).error());
  ArchSelection select = job.select;
  if (select.archs_file.empty() && select.sample == 0 && !select.enumerate) select.sample = 200;
  auto archs = select_architectures(*space, select);
  if (!archs) return bad_input(std::move(archs).error());
  // The analysis reads the passes in this process and runs no proxy: say so rather than
  // ignore settings that a shared --config may carry.
  if (env.isolate() || env.proxy_timeout() > 0)
    spdlog::warn("lswag-window runs no proxy and analyses in this process: --isolate and --proxy-timeout do not apply");

  score::ScoreOptions so = score_options(env);
  so.isolate = false;
  so.proxy_time_limit = 0;
  so.proxy_memory_mb = 0;
  so.dataset = job.dataset;
  so.batch_size = job.batch_size;
  so.batches = job.batches;
  so.input_size = job.input_size;
  so.task = job.task;
  auto run = score::ScoreRun::prepare(*space, {}, so);
  if (!run) return bad_input(std::move(run).error());

  analysis::LayerProfile profile(job.bins, job.batches, !job.signed_grad);
  LswagWindowReport report;
  report.space = space->name;
  report.asked = archs->size();
  for (std::size_t i = 0; i < archs->size(); ++i) {
    Expected<void> added;
    const auto& a = (*archs)[i];
    auto probed = run->probe(a, [&](ProbeContext& ctx, const std::string&) { added = profile.add(ctx); });
    if (!probed || !added) {
      ++report.failed;
      spdlog::warn("{}: {}", a.canonical, !probed ? probed.error().to_string() : added.error().to_string());
    }
    if (progress) progress(i + 1, archs->size(), report.failed);
  }
  if (profile.networks() == 0) return failed(Error(ErrorKind::proxy, "no network could be analysed"));
  report.networks = profile.networks();
  report.bins = profile.summary();
  report.window = analysis::propose_window(report.bins);

  const std::string table = table_csv(report.bins);
  if (job.out == "-") {
    report.table = table;
  } else if (std::ofstream f(job.out); !(f << table)) {
    return failed(Error(ErrorKind::io, "cannot write '" + job.out + "'"));
  }
  std::ostringstream title;
  title << space->name << " on " << job.dataset << ": " << profile.networks() << " networks, batch " << job.batch_size
        << ", " << job.batches << " batches, " << (job.signed_grad ? "var(g)" : "var(|g|)");
  report.title = title.str();
  if (!job.plot.empty()) {
    auto terminal = report::terminal_for(job.plot, 760, 440);
    if (!terminal) return bad_input(std::move(terminal).error());
    if (auto ok = report::run_gnuplot(plot_script(report.bins, report.window, *terminal, job.plot, report.title), job.plot);
        !ok)
      return failed(std::move(ok).error());
  }
  if (!job.json.empty()) {
    const auto& window = report.window;
    nlohmann::json doc;
    doc["space"] = space->name;
    doc["space_file"] = job.space.file;
    doc["dataset"] = job.dataset;
    doc["networks"] = profile.networks();
    doc["failed"] = report.failed;
    doc["batch_size"] = job.batch_size;
    doc["batches"] = job.batches;
    doc["seed"] = env.seed();
    doc["sample_seed"] = select.sample_seed;
    doc["variance_of"] = job.signed_grad ? "g" : "|g|";
    doc["window"] = {window.lo, window.hi};
    doc["peak_bin"] = window.peak;
    doc["trend"] = window.trend;
    doc["baseline"] = window.baseline;
    doc["threshold"] = window.threshold;
    doc["rule"] = window.rule;
    for (const auto& b : report.bins)
      doc["bins"].push_back({{"bin", b.bin},
                             {"layers", b.layers},
                             {"mean_log_sigma", b.mean_log_sigma},
                             {"std_log_sigma", b.std_log_sigma},
                             {"mean_lambda_term", b.mean_lambda_term}});
    if (std::ofstream f(job.json); !(f << doc.dump(2) << "\n"))
      return failed(Error(ErrorKind::io, "cannot write '" + job.json + "'"));
  }
  if (report.failed > 0)
    spdlog::warn("{} of {} networks could not be analysed (reasons above)", report.failed, archs->size());
  return report;
}

}  // namespace zcnas::run
