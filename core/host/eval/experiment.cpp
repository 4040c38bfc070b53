#include "eval/experiment.hpp"

#include <filesystem>

#include "config/table_reader.hpp"
#include "util/whole_number.hpp"

namespace zcnas::eval {

namespace fs = std::filesystem;
using config::TableReader;

namespace {

CombinerSpec read_combiner(TableReader& t, const std::string& name, std::vector<Error>& errors) {
  CombinerSpec c;
  c.name = name;
  c.location = t.location();
  if (auto plugin = t.string("plugin")) c.plugin = *plugin, c.name = name == "combiner" ? *plugin : name;
  else errors.push_back(Error(ErrorKind::config, "[" + t.path() + "] needs a 'plugin' key naming the combiner plugin")
                            .with_context(c.location.to_string()));
  for (const auto& key : t.unread_keys())
    if (auto v = t.param_value(key)) c.params[key] = std::move(*v);
  return c;
}

template <typename T>
std::optional<std::vector<T>> whole_numbers(TableReader& t, const std::string& key, std::vector<Error>& errors) {
  auto v = t.param_value(key);
  if (!v) return std::nullopt;
  std::vector<T> out;
  if (const auto* i = std::get_if<std::int64_t>(&*v)) out.push_back(static_cast<T>(*i));
  else if (const auto* list = std::get_if<std::vector<double>>(&*v)) {
    for (double d : *list) {
      const auto whole = util::whole_int64(d);
      if (!whole || *whole < 0) {
        errors.push_back(Error(ErrorKind::config, "'" + key + "' takes whole numbers >= 0")
                             .with_context(t.location(key).to_string()));
        return std::nullopt;
      }
      out.push_back(static_cast<T>(*whole));
    }
  } else {
    errors.push_back(Error(ErrorKind::config, "'" + key + "' takes a whole number or a list of them")
                         .with_context(t.location(key).to_string()));
    return std::nullopt;
  }
  return out;
}

}  // namespace

Expected<ExperimentSpec> parse_experiment(const std::string& text, const std::string& origin) {
  auto parsed = config::parse_toml(text, origin);
  if (!parsed) return std::move(parsed).error();
  const toml::table& root = *parsed;
  const std::string dir = fs::path(origin).parent_path().string();
  ExperimentSpec x;
  x.file = origin;
  x.name = fs::path(origin).stem().string();
  std::vector<Error> errors;
  TableReader top(root, "", origin, errors);
  if (auto t = top.table("experiment")) {
    if (auto v = t->string("name")) x.name = *v;
    t->finish({"name"});
  }
  if (auto t = top.table("scores")) {
    if (auto v = t->string_list("files"))
      for (const auto& f : *v) x.score_files.push_back(config::resolve_path(dir, f));
    if (auto v = t->string("task")) x.task = *v;
    if (auto v = t->string("key")) x.score_key = *v;
    if (auto v = t->string_list("proxies")) x.proxies = *v;
    if (auto v = t->string("expressions")) x.expressions_file = config::resolve_path(dir, *v);
    if (auto v = t->string("space")) x.space_file = config::resolve_path(dir, *v);
    if (auto v = t->string("space_name")) x.space = *v;
    if (auto v = t->string("dataset")) x.dataset = *v;
    if (auto v = t->string("archs")) x.archs_file = config::resolve_path(dir, *v);
    if (auto v = t->integer("sample")) x.sample = *v;
    if (auto v = t->integer("batch_size")) x.batch_size = *v;
    if (auto v = t->integer("input_size")) x.input_size = *v;
    if (auto v = t->string("out")) x.scores_out = config::resolve_path(dir, *v);
    t->finish({"files", "task", "key", "proxies", "expressions", "space", "space_name", "dataset", "archs", "sample",
               "batch_size", "input_size", "out"});
    if (x.score_files.empty() && x.space_file.empty())
      errors.push_back(Error(ErrorKind::config, "[scores] needs 'files' (score tables) or 'space' (a live run)")
                           .with_context(t->location().to_string()));
  } else {
    errors.push_back(Error(ErrorKind::config, "an experiment needs a [scores] table").with_context(origin));
  }
  if (auto t = top.table("truth")) {
    if (auto v = t->string("file")) x.truth_file = config::resolve_path(dir, *v);
    if (auto v = t->string("key")) x.truth_key = *v;
    if (auto v = t->string("column")) x.truth_column = *v;
    if (auto v = t->string("label")) x.truth_label = *v;
    t->finish({"file", "key", "column", "label"});
    if (x.truth_file.empty() == x.truth_label.empty())
      errors.push_back(Error(ErrorKind::config, "[truth] takes either 'file' with 'column', or 'label'")
                           .with_context(t->location().to_string()));
    else if (!x.truth_file.empty() && x.truth_column.empty())
      errors.push_back(Error(ErrorKind::config, "[truth] 'file' needs 'column'").with_context(t->location().to_string()));
  } else {
    errors.push_back(Error(ErrorKind::config, "an experiment needs a [truth] table").with_context(origin));
  }
  if (auto t = top.table("combiner")) x.combiners.push_back(read_combiner(*t, "combiner", errors));
  if (auto rivals = top.table("rivals")) {
    for (const auto& name : rivals->unread_keys())
      if (auto t = rivals->table(name)) x.combiners.push_back(read_combiner(*t, name, errors));
  }
  if (auto t = top.table("evaluation")) {
    if (auto v = whole_numbers<std::int64_t>(*t, "labelled", errors)) x.labelled = *v;
    if (auto v = whole_numbers<std::uint64_t>(*t, "seeds", errors)) x.seeds = *v;
    if (auto v = t->integer("bootstrap")) x.bootstrap = *v;
    if (auto v = t->real("top_percent")) x.top_percent = *v;
    if (auto v = t->integer("top_k")) {
      if (*v < 1)
        errors.push_back(Error(ErrorKind::config, "top_k must be 1 or more, got " + std::to_string(*v))
                             .with_context(origin + ": [evaluation] top_k"));
      x.top_k = *v;
    }
    t->finish({"labelled", "seeds", "bootstrap", "top_percent", "top_k"});
  }
  if (auto t = top.table("features")) {
    if (auto v = t->boolean("graph")) x.graph_features = *v;
    if (auto v = t->string("space")) x.features_space_file = config::resolve_path(dir, *v);
    if (auto v = t->string("space_name")) x.features_space = *v;
    t->finish({"graph", "space", "space_name"});
    if (x.graph_features && x.features_space_file.empty() && x.space_file.empty())
      errors.push_back(Error(ErrorKind::config, "[features] graph = true needs 'space': the .zc file whose cell the "
                                                "features are read from (a live [scores] space serves too)")
                           .with_context(t->location().to_string()));
  }
  top.finish({"experiment", "scores", "truth", "combiner", "rivals", "evaluation", "features"});
  if (!errors.empty()) return Error::join(errors);
  return x;
}

Expected<ExperimentSpec> load_experiment(const std::string& path) {
  auto text = config::read_text_file(path, "experiment file");
  if (!text) return std::move(text).error();
  return parse_experiment(*text, path);
}

}  // namespace zcnas::eval
