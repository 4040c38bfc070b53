// zcnas evaluate: proxies, expressions and combiners against ground truth, from experiment
// TOML files or from flags; a live experiment (a [scores] space) is scored first, its CSV
// written before any evaluation so no score is lost.

#include <spdlog/spdlog.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "progress_line.hpp"
#include "dsl/parser.hpp"
#include "eval/evaluation.hpp"
#include "plugin/proxy_instances.hpp"
#include "report/evaluation_report.hpp"
#include "runtime/install_paths.hpp"
#include "score/score_run.hpp"
#include "score/score_writer.hpp"
#include "session.hpp"

namespace zcnas::cli {

namespace {

// The experiment the flags describe, when no TOML is given.
eval::ExperimentSpec from_flags(const EvaluateCommand& c) {
  eval::ExperimentSpec x;
  x.file = "(command line)";
  x.name = c.name.empty() ? std::filesystem::path(c.scores.front()).stem().string() : c.name;
  x.score_files = c.scores;
  x.task = c.task;
  x.proxies = c.proxies;
  x.truth_file = c.truth;
  x.truth_key = c.truth_key;
  x.truth_column = c.truth_column;
  x.truth_label = c.label;
  for (const auto& name : c.combiners) {
    eval::CombinerSpec spec;
    spec.name = name;
    spec.plugin = name;
    x.combiners.push_back(spec);
  }
  if (!c.labelled.empty()) x.labelled = c.labelled;
  if (!c.seeds.empty()) x.seeds = c.seeds;
  x.bootstrap = c.bootstrap;
  x.top_percent = c.top_percent;
  return x;
}

// Scores a live experiment's architectures into its CSV and reads it back.
Expected<eval::LabelledTable> score_live(const Session& s, const eval::ExperimentSpec& x, bool show_progress) {
  const dsl::PluginCatalog catalog = plugin::catalog_of(s.host);
  auto program = dsl::parse_file(x.space_file, parse_options(catalog));
  if (!program) return std::move(program).error();
  auto space = pick_space(*program, {x.space_file, x.space});
  if (!space) return std::move(space).error();
  std::vector<std::string> names;
  for (const auto& n : x.proxies) {
    const spec::ProxyDecl* d = program->proxy(n);
    if (!d || d->is_plugin_instance()) names.push_back(n);  // expressions are computed from the table later
  }
  auto proxies = names.empty() ? plugin::instantiate_all_proxies(s.host)
                               : plugin::instantiate_named_proxies(names, s.config.proxies, program->proxies, s.host);
  if (!proxies) return std::move(proxies).error();
  ArchSelection select;
  select.archs_file = x.archs_file;
  select.sample = x.archs_file.empty() ? x.sample : 0;
  auto archs = select_architectures(*space, select);
  if (!archs) return std::move(archs).error().with_context(x.file);
  score::ScoreOptions so;
  so.dataset = x.dataset;
  so.batch_size = x.batch_size;
  so.input_size = x.input_size;
  so.seed = s.seed;
  so.device = s.device;
  so.data_dirs = runtime::default_data_dirs();
  so.isolate = s.isolate;
  so.proxy_time_limit = s.proxy_timeout;
  so.proxy_memory_mb = s.proxy_memory_mb;
  auto run = score::ScoreRun::prepare(*space, std::move(*proxies), so);
  if (!run) return std::move(run).error();
  auto store = open_store(s);
  if (!store) return std::move(store).error();
  if (*store)
    if (auto ok = run->use_store(*store, s.retry_failed); !ok) return std::move(ok).error();
  std::string out = x.scores_out;
  if (out.empty()) {
    for (char ch : x.name) out += std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' ? ch : '_';
    out += ".scores.csv";
  }
  auto writer = score::ScoreWriter::open(out, "", run->protocol());
  if (!writer) return std::move(writer).error();
  spdlog::info("{}: scoring {} architectures of '{}' on {} into {}", x.name, archs->size(), space->name, x.dataset, out);
  ProgressLine progress("score " + x.name, static_cast<std::int64_t>(archs->size()), show_progress);
  for (std::size_t i = 0; i < archs->size(); ++i) {
    if (auto ok = (*writer)->write(run->score(i, (*archs)[i])); !ok) return std::move(ok).error();
    progress.update(static_cast<std::int64_t>(i + 1));
    if (!progress.active() && (i + 1) % 50 == 0) spdlog::info("{}/{}", i + 1, archs->size());
  }
  if (auto ok = (*writer)->finish(); !ok) return std::move(ok).error();
  return eval::read_score_csv(out);
}

Expected<void> write_text(const std::string& path, const std::string& text) {
  if (path == "-") {
    std::cout << text;
    return {};
  }
  std::ofstream f(path);
  if (!(f << text)) return Error(ErrorKind::io, "cannot write '" + path + "'");
  return {};
}

}  // namespace

int evaluate(const GlobalOptions& options, const EvaluateCommand& c) {
  auto session = open_session(options);
  if (!session) return report(session.error()), kExitUsage;
  const Session& s = **session;

  std::vector<eval::ExperimentSpec> experiments;
  std::vector<Error> errors;
  for (const auto& file : c.experiments) {
    auto x = eval::load_experiment(file);
    if (!x) errors.push_back(std::move(x).error());
    else experiments.push_back(std::move(*x));
  }
  if (!c.scores.empty()) {
    if (c.truth.empty() == c.label.empty()) {
      errors.push_back(Error(ErrorKind::invalid_argument, "--scores needs --truth FILE --truth-column C, or --label L"));
    } else if (!c.truth.empty() && c.truth_column.empty()) {
      errors.push_back(Error(ErrorKind::invalid_argument, "--truth needs --truth-column"));
    } else {
      experiments.push_back(from_flags(c));
    }
  }
  if (!errors.empty()) return report(Error::join(errors)), kExitUsage;
  if (experiments.empty())
    return report(Error(ErrorKind::invalid_argument, "name experiment TOML files, or --scores with --truth")), kExitUsage;

  std::vector<eval::EvaluationResult> results;
  for (const auto& x : experiments) {
    std::optional<eval::LabelledTable> live;
    if (!x.space_file.empty()) {
      auto scored = score_live(s, x, !options.quiet);
      if (!scored) return report(scored.error()), kExitFailure;
      live = std::move(*scored);
    }
    auto table = eval::load_experiment_scores(x, s.host, live ? &*live : nullptr);
    if (!table) return report(table.error()), kExitUsage;
    auto truth = eval::experiment_truth(x, *table);
    if (!truth) return report(truth.error()), kExitUsage;
    auto result = eval::run_evaluation(x, *table, *truth, s.host);
    if (!result) return report(result.error()), kExitUsage;
    for (const auto& run : result->runs)
      if (!run.error.empty()) spdlog::warn("{}: {} (labelled {}, seed {}): {}", x.name, run.name, run.labelled, run.seed, run.error);
    spdlog::info("{}: {} architectures, {} proxies, {} combiner runs", x.name, result->rows, result->proxies.size(),
                 result->runs.size());
    results.push_back(std::move(*result));
  }

  int status = kExitOk;
  auto emit = [&](const std::string& path, const std::string& text) {
    if (path.empty()) return;
    if (auto ok = write_text(path, text); !ok) report(ok.error()), status = kExitFailure;
  };
  emit(c.out.empty() ? "-" : c.out, report::evaluation_markdown(results));
  emit(c.csv, report::evaluation_csv(results));
  emit(c.json, report::evaluation_json(results));
  if (!c.heatmap.empty())
    if (auto ok = report::rho_heatmap(results, c.heatmap); !ok) report(ok.error()), status = kExitFailure;
  return status;
}

}  // namespace zcnas::cli
