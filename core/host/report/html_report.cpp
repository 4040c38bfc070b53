#include "report/html_report.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/html_page.hpp"
#include "table/csv_table.hpp"
#include "util/utc_time.hpp"
#include "zcnas/version.hpp"

namespace zcnas::report {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Expected<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorKind::io, "cannot read '" + path + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Expected<json> read_json(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::move(text).error();
  try {
    return json::parse(*text);
  } catch (const json::parse_error& e) {
    return Error(ErrorKind::io, "'" + path + "' is not valid JSON (byte " + std::to_string(e.byte) + ")");
  }
}

// A CSV as an array of objects; numeric-looking cells as numbers, empty as null.
Expected<json> csv_rows(const std::string& path, const std::vector<std::string>& keep) {
  auto t = table::read_csv(path);
  if (!t) return std::move(t).error();
  std::vector<int> cols;
  for (const auto& k : keep) cols.push_back(t->column(k));
  json rows = json::array();
  for (const auto& r : t->rows) {
    json o = json::object();
    for (std::size_t i = 0; i < keep.size(); ++i) {
      if (cols[i] < 0) continue;
      const std::string& cell = r[static_cast<std::size_t>(cols[i])];
      char* end = nullptr;
      const double v = std::strtod(cell.c_str(), &end);
      if (cell.empty()) o[keep[i]] = nullptr;
      else if (end && *end == '\0' && std::isfinite(v)) o[keep[i]] = v;
      else o[keep[i]] = cell;
    }
    rows.push_back(std::move(o));
  }
  return rows;
}

// The score protocol a score file was written with (zcnas score writes FILE.protocol.json).
json score_protocol(const std::string& scores, const fs::path& beside) {
  for (const fs::path& candidate : {fs::path(scores + ".protocol.json"), beside / (scores + ".protocol.json")}) {
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) {
      auto j = read_json(candidate.string());
      if (j) return *j;
    }
  }
  return nullptr;
}

Expected<json> evaluation_section(const std::string& path) {
  auto doc = read_json(path);
  if (!doc) return std::move(doc).error();
  if (!doc->is_array())
    return Error(ErrorKind::io, "'" + path + "' is not a `zcnas evaluate --json` file (expected an array of experiments)");
  const fs::path folder = fs::path(path).parent_path();
  for (auto& e : *doc) {
    if (!e.is_object() || !e.contains("experiment") || !e.contains("proxies"))
      return Error(ErrorKind::io, "'" + path + "': an entry lacks 'experiment' or 'proxies' (not written by zcnas evaluate?)");
    if (!e.contains("points"))
      return Error(ErrorKind::io, "'" + path + "': experiment '" + e["experiment"].get<std::string>() +
                                      "' has no scatter points; rerun `zcnas evaluate --json` with this zcnas");
    if (e.contains("scores") && e["scores"].is_string())
      e["score_protocol"] = score_protocol(e["scores"].get<std::string>(), folder);
  }
  return json{{"file", path}, {"experiments", std::move(*doc)}};
}

Expected<json> window_section(const std::string& path) {
  auto doc = read_json(path);
  if (!doc) return std::move(doc).error();
  if (!doc->is_object() || !doc->contains("bins") || !doc->contains("window"))
    return Error(ErrorKind::io, "'" + path + "' is not a `zcnas lswag-window --json` file (no 'bins' and 'window')");
  (*doc)["file"] = path;
  return *doc;
}

Expected<json> search_section(const std::string& dir) {
  const fs::path d(dir);
  auto best = read_json((d / "best.json").string());
  if (!best) return std::move(best).error().with_context("search folder '" + dir + "'");
  auto trajectory = csv_rows((d / "trajectory.csv").string(),
                             {"evaluation", "elapsed_s", "arch", "params", "status", "fitness", "best_fitness"});
  if (!trajectory) return std::move(trajectory).error().with_context("search folder '" + dir + "'");
  json section{{"folder", dir}, {"best", std::move(*best)}, {"trajectory", std::move(*trajectory)}};
  std::error_code ec;
  if (fs::is_regular_file(d / "best_so_far.csv", ec)) {
    auto curve = csv_rows((d / "best_so_far.csv").string(),
                          {"evaluation", "elapsed_s", "best_fitness", "best_arch", "best_truth"});
    if (!curve) return std::move(curve).error();
    section["best_so_far"] = std::move(*curve);
  }
  return section;
}

// JSON inside <script>: "</" would end the element.
std::string script_safe(std::string text) {
  for (std::size_t at = 0; (at = text.find("</", at)) != std::string::npos; at += 3) text.replace(at, 2, "<\\/");
  return text;
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

Expected<std::string> report_data_json(const HtmlReportInputs& in) {
  json data{{"title", in.title}, {"generated", util::utc_now("%Y-%m-%d %H:%M UTC")}, {"zcnas_version", ZCNAS_SDK_VERSION},
            {"evaluations", json::array()}, {"windows", json::array()}, {"searches", json::array()}};
  std::vector<Error> errors;
  for (const auto& f : in.evaluations) {
    auto s = evaluation_section(f);
    if (s) data["evaluations"].push_back(std::move(*s));
    else errors.push_back(std::move(s).error());
  }
  for (const auto& f : in.windows) {
    auto s = window_section(f);
    if (s) data["windows"].push_back(std::move(*s));
    else errors.push_back(std::move(s).error());
  }
  for (const auto& d : in.searches) {
    auto s = search_section(d);
    if (s) data["searches"].push_back(std::move(*s));
    else errors.push_back(std::move(s).error());
  }
  if (!errors.empty()) return Error::join(errors);
  return data.dump(-1, ' ', false, json::error_handler_t::replace);
}

Expected<std::string> html_report(const HtmlReportInputs& in) {
  if (in.evaluations.empty() && in.windows.empty() && in.searches.empty())
    return Error(ErrorKind::invalid_argument,
                 "nothing to report: name --evaluation FILE.json, --window FILE.json or --search FOLDER");
  std::string libraries;
  for (const char* name : {"vega.min.js", "vega-lite.min.js", "vega-embed.min.js"}) {
    auto js = read_file((fs::path(in.vega_dir) / name).string());
    if (!js) return std::move(js).error().with_context("the Vega bundles zcnas ships (third_party/vega)");
    libraries += "<script>/* " + std::string(name) + ": BSD-3-Clause, University of Washington Interactive Data Lab */\n" +
                 *js + "\n</script>\n";
  }
  auto data = report_data_json(in);
  if (!data) return std::move(data).error();
  std::string page;
  page.reserve(libraries.size() + data->size() + 20000);
  page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(in.title) +
          "</title>\n<style>\n" + kReportStyle + "</style>\n" + libraries + "</head>\n<body>\n<div id=\"report\"></div>\n" +
          "<script type=\"application/json\" id=\"zcnas-data\">" + script_safe(*data) + "</script>\n<script>\n" +
          kReportScript + "</script>\n</body>\n</html>\n";
  return page;
}

}  // namespace zcnas::report
