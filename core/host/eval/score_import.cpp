#include "eval/score_import.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <regex>
#include <set>
#include <sstream>

#include "table/csv_table.hpp"
#include "util/suggest.hpp"

namespace zcnas::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Error unknown_column(const table::CsvTable& t, const std::string& name) {
  return Error(ErrorKind::invalid_argument, "'" + t.file + "' has no column '" + name + "'" +
                                                util::did_you_mean(name, t.header) + "; its columns: " +
                                                util::join(t.header));
}

Expected<nlohmann::json> read_lenient_json(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorKind::io, "cannot open '" + path + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  // Python's json writes -Infinity, Infinity and NaN, which JSON does not have. Outside
  // strings they become strings that number() below turns back into doubles.
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) out += text[++i];
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      out += c;
      continue;
    }
    bool replaced = false;
    for (const char* token : {"-Infinity", "Infinity", "NaN"}) {
      const std::size_t n = std::char_traits<char>::length(token);
      if (text.compare(i, n, token) == 0) {
        out += "\"";
        out += token;
        out += "\"";
        i += n - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += c;
  }
  try {
    return nlohmann::json::parse(out);
  } catch (const nlohmann::json::parse_error& e) {
    return Error(ErrorKind::parse, "'" + path + "': not JSON: " + e.what());
  }
}

double number(const nlohmann::json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
  }
  return kNaN;
}

}  // namespace

std::string nb201_cell_from_naslib(const std::string& key) {
  static const char* ops[] = {"skip_connect", "none", "nor_conv_3x3", "nor_conv_1x1", "avg_pool_3x3"};
  std::vector<int> d;
  for (char c : key) {
    if (c >= '0' && c <= '9') d.push_back(c - '0');
    else if (c != '(' && c != ')' && c != ',' && c != ' ') return "";
  }
  if (d.size() != 6) return "";
  for (int v : d)
    if (v > 4) return "";
  auto e = [&](int i) { return std::string(ops[d[i]]); };
  return "|" + e(0) + "~0|+|" + e(1) + "~0|" + e(3) + "~1|+|" + e(2) + "~0|" + e(4) + "~1|" + e(5) + "~2|";
}

void LongTableBuilder::add(const std::string& arch, const std::string& proxy, double score) {
  ScoreTable& t = out_.scores;
  auto [ri, new_row] = row_of_.emplace(arch, t.archs.size());
  if (new_row) {
    t.archs.push_back(arch);
    for (auto& c : t.columns) c.push_back(kNaN);
  }
  auto [ci, new_col] = col_of_.emplace(proxy, t.proxies.size());
  if (new_col) {
    t.proxies.push_back(proxy);
    t.columns.emplace_back(t.archs.size(), kNaN);
  }
  t.columns[ci->second][ri->second] = score;
}

namespace {
// A column named "params" is also the table's parameter counts (for bias terms).
void take_params_column(ScoreTable& t) {
  if (const long pc = t.column_index("params"); pc >= 0) t.params = t.columns[static_cast<std::size_t>(pc)];
}
}  // namespace

LabelledTable LongTableBuilder::finish(std::string source) {
  LabelledTable out = std::move(out_);
  out.source = std::move(source);
  take_params_column(out.scores);
  out_ = {};
  row_of_.clear();
  col_of_.clear();
  return out;
}

Expected<LabelledTable> read_score_csv(const std::string& path, const std::string& key_column) {
  auto csv = table::read_csv(path);
  if (!csv) return std::move(csv).error();
  if (csv->rows.empty()) return Error(ErrorKind::parse, "'" + path + "' holds no scores (a header and no rows)");
  if (csv->column("arch") >= 0 && csv->column("proxy") >= 0 && csv->column("score") >= 0) {
    const int a = csv->column("arch"), p = csv->column("proxy"), s = csv->column("score"), st = csv->column("status");
    LongTableBuilder builder;
    for (std::size_t r = 0; r < csv->rows.size(); ++r) {
      const auto& row = csv->rows[r];
      double v = kNaN;
      if (st < 0 || row[st] == "ok") {
        char* end = nullptr;
        v = std::strtod(row[s].c_str(), &end);
        if (row[s].empty() || *end != '\0')
          return Error(ErrorKind::parse, path + ":" + std::to_string(r + 2) + ": score '" + row[s] + "' is not a number");
      }
      builder.add(row[a], row[p], v);
    }
    return builder.finish(path);
  }
  LabelledTable out;
  out.source = path;
  ScoreTable& t = out.scores;
  const std::string key = key_column.empty() ? csv->header.front() : key_column;
  auto keys = csv->texts(key);
  if (!keys) return unknown_column(*csv, key);
  t.archs = **keys;
  for (const auto& name : csv->header) {
    if (name == key) continue;
    auto values = csv->numbers(name);
    if (!values) continue;  // a text column (e.g. a second key): not a score
    t.proxies.push_back(name);
    t.columns.push_back(std::move(*values));
  }
  take_params_column(t);
  return out;
}

static Expected<LabelledTable> read_suite_json_unchecked(const std::string& path, const std::string& task);

Expected<LabelledTable> read_suite_json(const std::string& path, const std::string& task) {
  // A file of another shape makes the walk below throw; it is a bad input, not a crash.
  try {
    return read_suite_json_unchecked(path, task);
  } catch (const nlohmann::json::exception& e) {
    return Error(ErrorKind::parse, "'" + path + "' is not laid out as a NAS-Bench-Suite-Zero file (task -> "
                                   "architecture -> proxy -> {score}): " + e.what());
  }
}

static Expected<LabelledTable> read_suite_json_unchecked(const std::string& path, const std::string& task) {
  auto doc = read_lenient_json(path);
  if (!doc) return std::move(doc).error();
  if (!doc->is_object() || doc->empty()) return Error(ErrorKind::parse, "'" + path + "': not a NAS-Bench-Suite-Zero file");
  const nlohmann::json* root = &*doc;
  if (root->contains("nasbench101")) root = &(*root)["nasbench101"];
  std::vector<std::string> tasks;
  for (auto it = root->begin(); it != root->end(); ++it) tasks.push_back(it.key());
  std::string chosen = task;
  if (chosen.empty()) {
    if (tasks.size() != 1)
      return Error(ErrorKind::invalid_argument, "'" + path + "' holds " + std::to_string(tasks.size()) +
                                                    " tasks; name one: " + util::join(tasks));
    chosen = tasks.front();
  }
  if (!root->contains(chosen))
    return Error(ErrorKind::invalid_argument, "'" + path + "' has no task '" + chosen + "'" +
                                                  util::did_you_mean(chosen, tasks) + "; its tasks: " + util::join(tasks));
  const nlohmann::json& entries = (*root)[chosen];
  LabelledTable out;
  out.source = path + " [" + chosen + "]";
  ScoreTable& t = out.scores;
  std::map<std::string, std::size_t> col_of;
  std::vector<double>& acc = out.labels["val_accuracy"];
  const bool nb201 = chosen == "cifar10" || chosen == "cifar100" || chosen == "ImageNet16-120";
  for (auto it = entries.begin(); it != entries.end(); ++it) {
    std::string key = it.key();
    if (nb201) {
      const std::string cell = nb201_cell_from_naslib(key);
      if (!cell.empty()) key = cell;
    }
    const std::size_t row = t.archs.size();
    t.archs.push_back(key);
    for (auto& c : t.columns) c.push_back(kNaN);
    acc.push_back(kNaN);
    for (auto f = it->begin(); f != it->end(); ++f) {
      if (f.key() == "val_accuracy") {
        acc[row] = number(*f);
        continue;
      }
      double v = kNaN;
      if (f->is_object() && f->contains("score")) v = number((*f)["score"]);
      else if (f->is_number() || f->is_string()) {
        if (f.key() == "idx" || f.key() == "arch") continue;
        v = number(*f);
      } else {
        continue;
      }
      auto [ci, fresh] = col_of.emplace(f.key(), t.proxies.size());
      if (fresh) {
        t.proxies.push_back(f.key());
        t.columns.emplace_back(t.archs.size(), kNaN);
      }
      t.columns[ci->second][row] = v;
    }
  }
  if (const long pc = t.column_index("params"); pc >= 0) t.params = t.columns[static_cast<std::size_t>(pc)];
  return out;
}

LabelledTable join(const LabelledTable& a, const LabelledTable& b, const std::string& suffix) {
  std::map<std::string, std::size_t> in_b;
  for (std::size_t i = 0; i < b.scores.archs.size(); ++i) in_b.emplace(b.scores.archs[i], i);
  LabelledTable out;
  out.source = a.source + " + " + b.source;
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < a.scores.archs.size(); ++i)
    if (auto it = in_b.find(a.scores.archs[i]); it != in_b.end()) pairs.emplace_back(i, it->second);
  for (const auto& [i, j] : pairs) out.scores.archs.push_back(a.scores.archs[i]);
  std::set<std::string> names(a.scores.proxies.begin(), a.scores.proxies.end());
  auto take = [&](const LabelledTable& from, bool first, bool rename) {
    for (std::size_t c = 0; c < from.scores.proxies.size(); ++c) {
      std::vector<double> col;
      for (const auto& p : pairs) col.push_back(from.scores.columns[c][first ? p.first : p.second]);
      std::string name = from.scores.proxies[c];
      if (rename && names.count(name)) name += suffix;
      out.scores.proxies.push_back(name);
      out.scores.columns.push_back(std::move(col));
    }
    for (const auto& [name, values] : from.labels) {
      std::vector<double> col;
      for (const auto& p : pairs) col.push_back(values[first ? p.first : p.second]);
      out.labels.emplace(rename && out.labels.count(name) ? name + suffix : name, std::move(col));
    }
  };
  take(a, true, false);
  take(b, false, true);
  if (const long pc = out.scores.column_index("params"); pc >= 0)
    out.scores.params = out.scores.columns[static_cast<std::size_t>(pc)];
  return out;
}

Expected<std::map<std::string, double>> read_truth(const std::string& path, const std::string& key_column,
                                                   const std::string& value_column) {
  auto csv = table::read_csv(path);
  if (!csv) return std::move(csv).error();
  auto keys = csv->texts(key_column);
  if (!keys) return unknown_column(*csv, key_column);
  if (csv->column(value_column) < 0) return unknown_column(*csv, value_column);
  auto values = csv->numbers(value_column);
  if (!values) return std::move(values).error();
  std::map<std::string, double> out;
  for (std::size_t i = 0; i < (*keys)->size(); ++i) out[(**keys)[i]] = (*values)[i];
  return out;
}

Expected<LabelledTable> read_score_files(const std::vector<std::string>& files, const std::string& task,
                                         const std::string& key_column) {
  if (files.empty()) return Error(ErrorKind::config, "no score files given");
  LabelledTable table;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& f = files[i];
    const bool json = f.size() > 5 && f.compare(f.size() - 5, 5, ".json") == 0;
    auto t = json ? read_suite_json(f, task) : read_score_csv(f, key_column);
    if (!t) return std::move(t).error();
    table = i == 0 ? std::move(*t) : join(table, *t);
  }
  return table;
}

}  // namespace zcnas::eval
