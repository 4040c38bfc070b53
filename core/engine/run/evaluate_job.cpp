#include "run/evaluate_job.hpp"

#include <spdlog/spdlog.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>

#include "eval/evaluation.hpp"
#include "eval/graph_feature_columns.hpp"
#include "eval/score_import.hpp"
#include "plugin/plugin_host.hpp"
#include "plugin/proxy_instances.hpp"
#include "report/evaluation_report.hpp"
#include "run/architecture_selection.hpp"
#include "run/score_options.hpp"
#include "score/score_writer.hpp"
#include "store/run_store.hpp"

namespace zcnas::run {

namespace {

// The experiment the flags describe, when no TOML is given.
eval::ExperimentSpec from_flags(const EvaluateJob& c) {
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
  x.top_k = c.top_k;
  return x;
}

// Scores a live experiment's architectures: its CSV written as they come (nothing is lost
// if a later step fails), the table evaluated from the same results in memory.
JobResult<eval::LabelledTable> score_live(const Environment& env, const eval::ExperimentSpec& x,
                                          const LiveProgress& progress) {
  auto program = env.parse(x.space_file);
  if (!program) return failed(std::move(program).error());
  auto space = Environment::pick_space(*program, {x.space_file, x.space});
  if (!space) return failed(std::move(space).error());
  std::vector<std::string> names;
  for (const auto& n : x.proxies) {
    const spec::ProxyDecl* d = program->proxy(n);
    if (!d || d->is_plugin_instance()) names.push_back(n);  // expressions are computed from the table later
  }
  auto proxies = names.empty() ? plugin::instantiate_all_proxies(env.host())
                               : plugin::instantiate_named_proxies(names, env.config().proxies, program->proxies,
                                                                   env.host());
  if (!proxies) return failed(std::move(proxies).error());
  ArchSelection select;
  select.archs_file = x.archs_file;
  select.sample = x.archs_file.empty() ? x.sample : 0;
  auto archs = select_architectures(*space, select);
  if (!archs) return failed(std::move(archs).error().with_context(x.file));
  score::ScoreOptions so = score_options(env);
  so.dataset = x.dataset;
  so.batch_size = x.batch_size;
  so.input_size = x.input_size;
  so.task = x.task;  // a live run: the task of a multi-task space (with files: the tables' task)
  auto run = score::ScoreRun::prepare(*space, std::move(*proxies), so);
  if (!run) return failed(std::move(run).error());
  auto store = env.open_store();
  if (!store) return failed(std::move(store).error());
  if (*store)
    if (auto ok = run->use_store(*store, env.retry_failed()); !ok) return failed(std::move(ok).error());
  std::string out = x.scores_out;
  if (out.empty()) {
    for (char ch : x.name) out += std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' ? ch : '_';
    out += ".scores.csv";
  }
  auto writer = score::ScoreWriter::open(out, "", run->protocol());
  if (!writer) return failed(std::move(writer).error());
  spdlog::info("{}: scoring {} architectures of '{}' on {} into {}", x.name, archs->size(), space->name, x.dataset, out);
  eval::LongTableBuilder table;
  for (std::size_t i = 0; i < archs->size(); ++i) {
    const score::ArchResult result = run->score((*archs)[i]);
    if (auto ok = (*writer)->write(result); !ok) return failed(std::move(ok).error());
    for (const auto& o : result.outcomes)
      table.add(result.arch, o.proxy, o.ok ? o.score : std::numeric_limits<double>::quiet_NaN());
    if (progress) progress(x.name, i + 1, archs->size());
  }
  if (auto ok = (*writer)->finish(); !ok) return failed(std::move(ok).error());
  return table.finish(out);
}

Expected<void> write_text(const std::string& path, const std::string& text) {
  std::ofstream f(path);
  if (!(f << text)) return Error(ErrorKind::io, "cannot write '" + path + "'");
  return {};
}

}  // namespace

JobResult<EvaluateReport> run_evaluate(const Environment& env, const EvaluateJob& c, const LiveProgress& progress) {
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
  if (!errors.empty()) return bad_input(Error::join(errors));
  if (experiments.empty())
    return bad_input(Error(ErrorKind::invalid_argument, "name experiment TOML files, or --scores with --truth"));

  std::vector<eval::EvaluationResult> results;
  for (const auto& x : experiments) {
    std::optional<eval::LabelledTable> live;
    if (!x.space_file.empty()) {
      auto scored = score_live(env, x, progress);
      if (!scored) return scored.error();
      live = std::move(*scored);
    }
    auto table = eval::load_experiment_scores(x, env.host(), live ? &*live : nullptr);
    if (!table) return bad_input(std::move(table).error());
    if (x.graph_features) {
      const SpaceRef ref = x.features_space_file.empty() ? SpaceRef{x.space_file, x.space}
                                                         : SpaceRef{x.features_space_file, x.features_space};
      auto space = env.load_space(ref);
      if (!space) return bad_input(std::move(space).error().with_context(x.file + " [features]"));
      auto unparsed = eval::append_graph_features(table->scores, *space);
      if (!unparsed) return bad_input(std::move(unparsed).error().with_context(x.file + " [features]"));
      if (*unparsed > 0)
        spdlog::warn("{}: {} of {} architectures are not of space '{}': their graph features are missing", x.name,
                     *unparsed, table->scores.rows(), space->name);
    }
    auto truth = eval::experiment_truth(x, *table);
    if (!truth) return bad_input(std::move(truth).error());
    auto result = eval::run_evaluation(x, *table, *truth, env.host());
    if (!result) return bad_input(std::move(result).error());
    for (const auto& run : result->runs)
      if (!run.error.empty()) spdlog::warn("{}: {} (labelled {}, seed {}): {}", x.name, run.name, run.labelled, run.seed, run.error);
    spdlog::info("{}: {} architectures, {} proxies, {} combiner runs", x.name, result->rows, result->proxies.size(),
                 result->runs.size());
    results.push_back(std::move(*result));
  }

  EvaluateReport report;
  report.experiments = results.size();
  auto emit = [&](const std::string& path, const std::string& text) {
    if (path.empty()) return;
    if (path == "-") report.standard_output += text;
    else if (auto ok = write_text(path, text); !ok) report.output_errors.push_back(std::move(ok).error());
  };
  emit(c.out.empty() ? "-" : c.out, report::evaluation_markdown(results));
  emit(c.csv, report::evaluation_csv(results));
  emit(c.json, report::evaluation_json(results));
  if (!c.heatmap.empty())
    if (auto ok = report::rho_heatmap(results, c.heatmap); !ok) report.output_errors.push_back(std::move(ok).error());
  return report;
}

}  // namespace zcnas::run
