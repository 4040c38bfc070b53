#include "search/search_setup.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <sstream>

#include "eval/labelled_split.hpp"
#include "eval/score_import.hpp"
#include "plugin/proxy_instances.hpp"
#include "score/score_run.hpp"
#include "search/live_scorer.hpp"
#include "search/space_view.hpp"
#include "score/network_handoff.hpp"
#include "spec/space_ops.hpp"
#include "util/fnv_hash.hpp"
#include "util/suggest.hpp"

namespace zcnas::search {

namespace {

// FNV-1a 64 of everything that decides the path of the search (not its budget).
std::string fingerprint_of(const SearchSpec& s, const spec::SearchSpace& space, std::uint64_t network_seed) {
  std::ostringstream t;
  // Evolution's three parameters stand where StrategyOptions' fields stood before strategies
  // were plugins (defaults for every other strategy), so earlier searches resume.
  const bool evolution = s.strategy.name == "evolution";
  auto param = [&](const char* key, double fallback) {
    auto it = s.strategy.params.find(key);
    if (!evolution || it == s.strategy.params.end()) return fallback;
    if (const auto* i = std::get_if<std::int64_t>(&it->second)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&it->second)) return *d;
    return fallback;
  };
  t << space.name << '|' << s.strategy.name << '|' << static_cast<std::int64_t>(param("population", 50)) << '|'
    << static_cast<std::int64_t>(param("tournament", 10)) << '|' << param("crossover", 0) << '|' << s.seed << '|'
    << network_seed << '|';
  for (const auto& c : s.constraints) t << c.quantity << (c.min ? *c.min : -1) << ':' << (c.max ? *c.max : -1) << '|';
  for (const auto& f : s.scores.files) t << f << '|';
  t << s.scores.task << '|' << s.scores.dataset << '|' << s.scores.batch_size << '|' << s.scores.batches << '|'
    << s.scores.input_size << '|';
  for (const auto& p : s.scores.proxies) t << p << ',';
  t << '|' << static_cast<int>(s.fitness.kind) << s.fitness.name << '|' << s.fitness.labelled << '|' << s.fitness.fit_seed.value_or(s.seed);
  for (const auto& [k, v] : s.fitness.params) t << k << '=' << to_string(v) << ';';
  for (const auto& f : s.fitness.fit_scores) t << f << '|';
  t << s.truth_file << '|' << s.truth_column << '|' << s.fitness.fit_space_file;
  // Added later, and only when used, so that earlier searches keep their fingerprints.
  if (s.fitness.graph_features) t << "|graph";
  if (s.fitness.label_every > 0)
    t << "|label" << s.fitness.label_every << ':' << s.fitness.label_top << ':' << s.fitness.label_column;
  if (s.pick != "fitness") t << "|pick=" << s.pick;
  if (!evolution)
    for (const auto& [k, v] : s.strategy.params) t << "|strategy:" << k << '=' << to_string(v);
  for (const auto& [k, v] : s.settings) {
    t << "|setting:" << k << '=';
    for (auto i : v) t << i << ',';
  }
  std::ostringstream hex;
  // This offset (one digit short of FNV's) and the unpadded hex are what existing search.json
  // files record; changing either would refuse to resume every earlier search.
  hex << std::hex << util::fnv1a64(t.str(), 1469598103934665603ull);
  return hex.str();
}

// Truth values keyed by the canonical string, so any spelling of a cell in the file matches.
Expected<std::map<std::string, double>> canonical_truth(const spec::SearchSpace& space, const SearchSpec& s,
                                                        const std::string& column) {
  auto raw = eval::read_truth(s.truth_file, s.truth_key, column);
  if (!raw) return std::move(raw).error().with_context(s.file + " [truth]");
  std::map<std::string, double> out;
  for (const auto& [key, value] : *raw)
    if (auto canonical = spec::canonical_text(space, key)) out.emplace(std::move(*canonical), value);
  if (out.empty())
    return Error(ErrorKind::config, "no key of '" + s.truth_file + "' column '" + s.truth_key +
                                        "' is an architecture of space '" + space.name + "'");
  return out;
}

// The proxies a live run scores: those named, else what the fitness needs.
std::vector<std::string> live_proxy_names(const SearchSpec& s) {
  if (!s.scores.proxies.empty()) return s.scores.proxies;
  if (s.fitness.kind == FitnessSpec::Kind::proxy) return {s.fitness.name};
  return {};
}

// Fits a combiner fitness on `labelled` architectures with truth: from the fit files when
// given, else drawn from the truth file and scored like candidates.
Expected<void> fit_combiner(const SearchSpec& s, SearchSetup& setup, const spec::SearchSpace& fit_space,
                            const std::map<std::string, double>& truth) {
  const std::vector<std::string>& proxies =
      s.fitness.fit_scores.empty() || s.fitness.candidates.empty() ? setup.scorer->proxies() : s.fitness.candidates;
  ScoreTable table;
  table.proxies = proxies;
  table.columns.assign(proxies.size(), {});
  std::vector<double> labels;
  if (!s.fitness.fit_scores.empty()) {
    auto files = eval::read_score_files(s.fitness.fit_scores, s.fitness.fit_task.empty() ? s.scores.task : s.fitness.fit_task,
                                        s.scores.key);
    if (!files) return std::move(files).error().with_context(s.file + " [fitness] fit_scores");
    const ScoreTable& f = files->scores;
    std::vector<long> cols;
    for (const auto& p : proxies) {
      const long c = f.column_index(p);
      if (c < 0) return Error(ErrorKind::config, "fit_scores: proxy '" + p + "' is not a column of " + files->source);
      cols.push_back(c);
    }
    if (f.params.empty()) return Error(ErrorKind::config, "fit_scores: " + files->source + " has no 'params' column");
    std::vector<std::size_t> rows;
    std::vector<double> y;
    for (std::size_t r = 0; r < f.rows(); ++r) {
      const auto canonical = spec::canonical_text(fit_space, f.archs[r]);
      if (!canonical) continue;
      auto it = truth.find(*canonical);
      if (it != truth.end()) rows.push_back(r), y.push_back(it->second);
    }
    const auto split = eval::split_rows(rows.size(), static_cast<std::size_t>(s.fitness.labelled),
                                            s.fitness.fit_seed.value_or(s.seed));
    for (std::size_t i : split.labelled) {
      const std::size_t r = rows[i];
      table.archs.push_back(f.archs[r]);
      table.params.push_back(f.params[r]);
      for (std::size_t p = 0; p < cols.size(); ++p) table.columns[p].push_back(f.columns[static_cast<std::size_t>(cols[p])][r]);
      labels.push_back(y[i]);
    }
  } else {
    std::vector<std::string> keys;
    for (const auto& [k, v] : truth)
      if (setup.scorer->can_score(k)) keys.push_back(k);
    const auto split = eval::split_rows(keys.size(), static_cast<std::size_t>(s.fitness.labelled),
                                            s.fitness.fit_seed.value_or(s.seed));
    spdlog::info("fitting {}: scoring {} labelled architectures", s.fitness.name, split.labelled.size());
    for (std::size_t i : split.labelled) {
      const std::string& arch_text = keys[i];
      auto arch = spec::from_canonical(setup.space, arch_text);
      if (!arch) continue;
      auto cost = setup.cost->measure(*arch, arch_text, false);
      if (!cost) continue;
      CandidateScores scored = setup.scorer->score(*arch, arch_text);
      ++setup.fit_evaluations;
      if (!scored.error.empty()) continue;
      table.archs.push_back(arch_text);
      table.params.push_back(cost->params);
      for (std::size_t p = 0; p < proxies.size(); ++p) table.columns[p].push_back(scored.scores[p]);
      labels.push_back(truth.at(arch_text));
    }
  }
  if (labels.size() < 2)
    return Error(ErrorKind::config, "combiner '" + s.fitness.name + "' has " + std::to_string(labels.size()) +
                                        " labelled architectures to learn from; it needs at least 2");
  setup.fit_rows = labels.size();
  if (auto ok = setup.fitness->fit(table, labels); !ok) return ok;
  // What it picked must be among what the search scores: found now, not at the first candidate.
  ScoreTable probe;
  probe.archs = {"a", "b"};
  probe.params = {1, 2};
  probe.proxies = setup.scorer->proxies();
  probe.columns.assign(probe.proxies.size(), {1.0, 2.0});
  if (auto ok = setup.fitness->evaluate(probe); !ok)
    return std::move(ok).error().with_context("the fitted combiner needs proxies the search does not score (" +
                                              setup.fitness->describe().substr(0, setup.fitness->describe().find('\n')) +
                                              "): add them to [scores] proxies");
  return {};
}

}  // namespace

Expected<SearchSetup> prepare_search(const SearchSpec& s, const spec::SearchSpace& space,
                                     const std::vector<spec::ProxyDecl>& declarations, const SetupContext& ctx,
                                     const spec::SearchSpace* fit_space) {
  SearchSetup setup;
  setup.space = space;
  setup.bounds = space.constraints;
  setup.bounds.insert(setup.bounds.end(), s.constraints.begin(), s.constraints.end());
  setup.fingerprint = fingerprint_of(s, space, ctx.scoring.seed);

  // A misspelt parameter is named where it was written, as any other key of the file.
  if (const PluginMetadata* m = ctx.host->metadata(s.strategy.name); m && m->kind == PluginKind::strategy) {
    std::vector<std::string> declared;
    for (const auto& p : m->params) declared.push_back(p.name);
    std::vector<Error> unknown;
    for (const auto& [key, at] : s.strategy.keys)
      if (std::find(declared.begin(), declared.end(), key) == declared.end())
        unknown.push_back(Error(ErrorKind::config, "unknown key '" + key + "' in [" + s.strategy.table + "]" +
                                                       util::did_you_mean(key, declared) + "; strategy '" +
                                                       s.strategy.name + "' takes " +
                                                       (declared.empty() ? std::string("no parameters") : util::join(declared)))
                              .with_context(at.to_string()));
    if (!unknown.empty()) return Error::join(unknown);
  }
  setup.space_view = make_space_view(space);
  auto strategy = ctx.host->make_strategy(s.strategy.name, s.strategy.params, *setup.space_view);
  if (!strategy) {
    Error e = std::move(strategy).error();
    // Where to look: the parameters' table when the plugin refused them, else the name.
    const bool known = ctx.host->metadata(s.strategy.name) != nullptr;
    const SourceLocation& at = known && !s.strategy.params.empty() ? s.strategy.location : s.strategy.name_location;
    if (!at.file.empty()) e.with_context(at.to_string());
    else e.with_context(s.file);
    return e;
  }
  setup.strategy = std::move(*strategy);

  std::int64_t classes = 0;
  std::vector<std::int64_t> input_shape;
  std::shared_ptr<score::NetworkHandoff> handoff;  // live scores: the cost model's network goes on to scoring
  if (s.scores.live()) {
    const auto names = live_proxy_names(s);
    if (names.empty())
      return Error(ErrorKind::config, "[scores] proxies: name the proxies to score (the " +
                                          std::string(s.fitness.kind == FitnessSpec::Kind::combiner ? "combiner" : "expression") +
                                          " is fitted or evaluated over them)")
          .with_context(s.file);
    auto proxies = plugin::instantiate_named_proxies(names, ctx.configured, declarations, *ctx.host);
    if (!proxies) return std::move(proxies).error().with_context(s.file + " [scores]");
    score::ScoreOptions so = ctx.scoring;
    so.dataset = s.scores.dataset;
    so.batch_size = s.scores.batch_size;
    so.batches = s.scores.batches;
    so.input_size = s.scores.input_size;
    so.task = s.scores.task;  // live: the task of a multi-task space (lookups: the tables' task)
    auto run = score::ScoreRun::prepare(space, std::move(*proxies), so);
    if (!run) return std::move(run).error().with_context(s.file + " [scores]");
    if (ctx.store)
      if (auto ok = run->use_store(ctx.store, ctx.retry_failed); !ok) return std::move(ok).error();
    classes = run->protocol().classes;
    input_shape = run->protocol().input_shape;
    handoff = std::make_shared<score::NetworkHandoff>();
    setup.scorer = make_live_scorer(std::move(*run), handoff);
  } else {
    auto table = eval::read_score_files(s.scores.files, s.scores.task, s.scores.key);
    if (!table) return std::move(table).error().with_context(s.file + " [scores]");
    auto scorer = make_table_scorer(space, *table, s.scores.proxies);
    if (!scorer) return std::move(scorer).error().with_context(s.file + " [scores]");
    setup.scorer = std::move(*scorer);
  }
  setup.cost = std::make_unique<CostModel>(space, classes, input_shape);
  if (handoff) setup.cost->hand_networks_to(handoff, ctx.scoring.seed);

  auto fitness = Fitness::make(s.fitness, *ctx.host, declarations, &space);
  if (!fitness) return std::move(fitness).error();
  setup.fitness = std::make_unique<Fitness>(std::move(*fitness));

  // The truth belongs to the search space, or (a combiner transferred from a benchmark with
  // ground truth) to the space it is fitted in: then it fits, and reports nothing.
  const spec::SearchSpace& truth_space = fit_space ? *fit_space : space;
  if (s.fitness.graph_features && fit_space)
    return Error(ErrorKind::config, "graph_features: a combiner fitted in another space ('" + fit_space->name +
                                        "') would learn from that space's graph, not this one's")
        .with_context(s.fitness.location.to_string());
  // What the combiner learns from: the [truth] column, or label_column of the same file.
  std::map<std::string, double> fit_truth;
  if (!s.truth_file.empty()) {
    auto t = canonical_truth(truth_space, s, s.fitness.label_column.empty() ? s.truth_column : s.fitness.label_column);
    if (!t) return std::move(t).error();
    fit_truth = std::move(*t);
  }
  if (s.fitness.label_every > 0) {
    if (fit_space)
      return Error(ErrorKind::config, "label_every buys the truth of candidates: the truth must be of the search space")
          .with_context(s.fitness.location.to_string());
    setup.labels = fit_truth;
  }
  if (!s.truth_file.empty() && !fit_space) {
    setup.truth_columns.push_back(s.truth_column);
    if (s.fitness.label_column.empty()) {
      setup.truth.push_back(fit_truth);
    } else {
      auto t = canonical_truth(space, s, s.truth_column);
      if (!t) return std::move(t).error();
      setup.truth.push_back(std::move(*t));
    }
    for (const auto& c : s.truth_report) {
      auto t = canonical_truth(space, s, c);
      if (!t) return std::move(t).error();
      setup.truth_columns.push_back(c);
      setup.truth.push_back(std::move(*t));
    }
  }
  if (setup.fitness->needs_fit()) {
    if (fit_space && s.fitness.fit_scores.empty())
      return Error(ErrorKind::config, "a combiner fitted in another space ('" + fit_space->name +
                                          "') learns from fit_scores: name the score files of that space")
          .with_context(s.fitness.location.to_string());
    if (auto ok = fit_combiner(s, setup, truth_space, fit_truth); !ok) return std::move(ok).error();
  }
  return setup;
}

}  // namespace zcnas::search
