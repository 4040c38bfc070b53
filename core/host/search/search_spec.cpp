#include "search/search_spec.hpp"

#include <filesystem>

#include "config/table_reader.hpp"
#include "util/whole_number.hpp"

namespace zcnas::search {

namespace fs = std::filesystem;
using config::TableReader;

namespace {

void read_bound(TableReader& t, const std::string& quantity, SearchSpec& s, std::vector<Error>& errors) {
  auto v = t.param_value(quantity);
  if (!v) return;
  const auto* list = std::get_if<std::vector<double>>(&*v);
  if (!list || list->size() != 2 || (*list)[0] < 0 || (*list)[1] < 0 || ((*list)[1] > 0 && (*list)[1] < (*list)[0])) {
    errors.push_back(Error(ErrorKind::config, "[constraints] " + quantity +
                                                  " takes [min, max], two numbers >= 0 with min <= max (max 0: none)")
                         .with_context(t.location(quantity).to_string()));
    return;
  }
  spec::Constraint c;
  c.quantity = quantity;
  if ((*list)[0] > 0) c.min = (*list)[0];
  if ((*list)[1] > 0) c.max = (*list)[1];
  c.location = t.location(quantity);
  s.constraints.push_back(c);
}

}  // namespace

Expected<SearchSpec> parse_search(const std::string& text, const std::string& origin) {
  auto parsed = config::parse_toml(text, origin);
  if (!parsed) return std::move(parsed).error();
  const std::string dir = fs::path(origin).parent_path().string();
  SearchSpec s;
  s.file = origin;
  s.name = fs::path(origin).stem().string();
  std::vector<Error> errors;
  TableReader top(*parsed, "", origin, errors);

  if (auto t = top.table("search")) {
    if (auto v = t->string("name")) s.name = *v;
    if (auto v = t->string("space")) s.space_file = config::resolve_path(dir, *v);
    if (auto v = t->string("space_name")) s.space = *v;
    if (auto v = t->string("strategy")) s.strategy.name = *v, s.strategy.name_location = t->location("strategy");
    if (auto v = t->integer("seed")) s.seed = static_cast<std::uint64_t>(*v);
    if (auto v = t->integer("evaluations")) s.evaluations = *v;
    if (auto v = t->real("time_limit")) s.time_limit = *v;
    if (auto v = t->string("out")) s.out = *v;
    if (auto v = t->string("pick")) {
      s.pick = *v;
      if (s.pick != "fitness" && s.pick != "labelled")
        errors.push_back(Error(ErrorKind::config, "[search] pick is \"fitness\" or \"labelled\", got \"" + s.pick + "\"")
                             .with_context(t->location("pick").to_string()));
    }
    t->finish({"name", "space", "space_name", "strategy", "seed", "evaluations", "time_limit", "out", "pick"});
    if (s.space_file.empty())
      errors.push_back(Error(ErrorKind::config, "[search] needs 'space', the .zc file declaring the space")
                           .with_context(t->location().to_string()));
    for (const char* key : {"evaluations", "time_limit"})
      if ((key == std::string("evaluations") ? s.evaluations : s.time_limit) < 0)
        errors.push_back(Error(ErrorKind::config, std::string("[search] ") + key + " must be >= 0 (0: no limit)")
                             .with_context(t->location(key).to_string()));
  } else {
    errors.push_back(Error(ErrorKind::config, "a search needs a [search] table").with_context(origin));
  }
  // The strategy's parameters go to its plugin, which declares and checks them.
  if (auto t = top.table("evolution")) {
    s.strategy.location = t->location();
    if (s.strategy.name == "evolution") {
      s.strategy.table = "evolution";
      for (const auto& key : t->unread_keys()) {
        s.strategy.keys[key] = t->key_location(key);
        if (auto v = t->param_value(key)) s.strategy.params[key] = std::move(*v);
      }
    }
    // Other strategies ignore [evolution], as they always did: a config may keep it.
    t->finish({"population", "tournament", "crossover"});
  }
  if (auto t = top.table("strategy")) {
    s.strategy.location = t->location();
    s.strategy.table = "strategy";
    for (const auto& key : t->unread_keys())
      if (auto v = t->param_value(key)) {
        s.strategy.keys[key] = t->key_location(key);
        if (s.strategy.params.count(key))
          errors.push_back(Error(ErrorKind::config, "'" + key + "' is set in [strategy] and in [evolution]")
                               .with_context(t->location(key).to_string()));
        s.strategy.params[key] = std::move(*v);
      }
  }
  if (auto t = top.table("settings")) {
    for (const auto& key : t->unread_keys()) {
      auto v = t->param_value(key);
      if (!v) continue;
      std::vector<std::int64_t> ints;
      bool whole = true;
      if (const auto* i = std::get_if<std::int64_t>(&*v)) {
        ints.push_back(*i);
      } else if (const auto* list = std::get_if<std::vector<double>>(&*v)) {
        for (double d : *list) {
          const auto i = util::whole_int64(d);
          whole = whole && i.has_value();
          if (whole) ints.push_back(*i);
        }
      } else {
        whole = false;
      }
      if (!whole) {
        errors.push_back(Error(ErrorKind::config, "[settings] " + key + " takes an integer or a list of integers")
                             .with_context(t->location(key).to_string()));
        continue;
      }
      s.settings[key] = std::move(ints);
      s.setting_locations[key] = t->key_location(key);
    }
  }
  if (auto t = top.table("constraints")) {
    read_bound(*t, "params", s, errors);
    read_bound(*t, "flops", s, errors);
    read_bound(*t, "macs", s, errors);
    t->finish({"params", "flops", "macs"});
  }
  if (auto t = top.table("scores")) {
    if (auto v = t->string_list("files"))
      for (const auto& f : *v) s.scores.files.push_back(config::resolve_path(dir, f));
    if (auto v = t->string("task")) s.scores.task = *v;
    if (auto v = t->string("key")) s.scores.key = *v;
    if (auto v = t->string_list("proxies")) s.scores.proxies = *v;
    if (auto v = t->string("dataset")) s.scores.dataset = *v;
    if (auto v = t->integer("batch_size")) s.scores.batch_size = *v;
    if (auto v = t->integer("batches")) s.scores.batches = *v;
    if (auto v = t->integer("input_size")) s.scores.input_size = *v;
    t->finish({"files", "task", "key", "proxies", "dataset", "batch_size", "batches", "input_size"});
  }
  if (auto t = top.table("fitness")) {
    FitnessSpec& f = s.fitness;
    f.location = t->location();
    int kinds = 0;
    if (auto v = t->string("proxy")) f.kind = FitnessSpec::Kind::proxy, f.name = *v, ++kinds;
    if (auto v = t->string("expression")) f.kind = FitnessSpec::Kind::expression, f.name = *v, ++kinds;
    if (auto v = t->string("combiner")) f.kind = FitnessSpec::Kind::combiner, f.name = *v, ++kinds;
    if (auto v = t->integer("labelled")) f.labelled = *v;
    if (auto v = t->integer("fit_seed")) f.fit_seed = static_cast<std::uint64_t>(*v);
    if (auto v = t->string_list("fit_scores"))
      for (const auto& file : *v) f.fit_scores.push_back(config::resolve_path(dir, file));
    if (auto v = t->string("fit_task")) f.fit_task = *v;
    if (auto v = t->string_list("candidates")) f.candidates = *v;
    if (auto v = t->string("fit_space")) f.fit_space_file = config::resolve_path(dir, *v);
    if (auto v = t->string("fit_space_name")) f.fit_space = *v;
    if (auto v = t->boolean("graph_features")) f.graph_features = *v;
    if (auto v = t->integer("label_every")) f.label_every = *v;
    if (auto v = t->integer("label_top")) f.label_top = *v;
    if (auto v = t->string("label_column")) f.label_column = *v;
    if (f.label_every < 0 || f.label_top < 0 || (f.label_every > 0) != (f.label_top > 0))
      errors.push_back(Error(ErrorKind::config, "[fitness] label_every and label_top go together, both 1 or more")
                           .with_context(f.location.to_string()));
    if (f.label_every > 0 && f.kind != FitnessSpec::Kind::combiner)
      errors.push_back(Error(ErrorKind::config, "[fitness] label_every refits a combiner: it needs combiner = ...")
                           .with_context(f.location.to_string()));
    if (kinds != 1)
      errors.push_back(Error(ErrorKind::config, "[fitness] takes exactly one of 'proxy', 'expression', 'combiner'")
                           .with_context(f.location.to_string()));
    if (f.kind == FitnessSpec::Kind::combiner) {
      for (const auto& key : t->unread_keys())
        if (auto v = t->param_value(key)) f.params[key] = std::move(*v);
    } else {
      t->finish({"proxy", "expression", "combiner", "labelled", "fit_seed", "fit_scores", "fit_task", "candidates", "fit_space",
                 "fit_space_name", "graph_features", "label_every", "label_top", "label_column"});
    }
  } else {
    errors.push_back(Error(ErrorKind::config, "a search needs a [fitness] table: proxy, expression or combiner")
                         .with_context(origin));
  }
  if (auto t = top.table("truth")) {
    if (auto v = t->string("file")) s.truth_file = config::resolve_path(dir, *v);
    if (auto v = t->string("key")) s.truth_key = *v;
    if (auto v = t->string("column")) s.truth_column = *v;
    if (auto v = t->string_list("report")) s.truth_report = *v;
    t->finish({"file", "key", "column", "report"});
    if (s.truth_file.empty() || s.truth_column.empty())
      errors.push_back(Error(ErrorKind::config, "[truth] needs 'file' and 'column'").with_context(t->location().to_string()));
  }
  top.finish({"search", "evolution", "strategy", "settings", "constraints", "scores", "fitness", "truth"});
  if (errors.empty() && s.pick == "labelled" && s.fitness.label_every == 0)
    errors.push_back(Error(ErrorKind::config, "[search] pick = \"labelled\" picks among the candidates the search "
                                              "labelled: set [fitness] label_every and label_top")
                         .with_context(origin));
  if (errors.empty() && s.fitness.kind == FitnessSpec::Kind::combiner && s.truth_file.empty())
    errors.push_back(Error(ErrorKind::config, "a combiner fitness is fitted on ground truth: add a [truth] table")
                         .with_context(s.fitness.location.to_string()));
  if (!errors.empty()) return Error::join(errors);
  return s;
}

Expected<SearchSpec> load_search(const std::string& path) {
  auto text = config::read_text_file(path, "search file");
  if (!text) return std::move(text).error();
  return parse_search(*text, path);
}

}  // namespace zcnas::search
