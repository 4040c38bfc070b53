#include "score/score_writer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

namespace zcnas::score {

namespace {

nlohmann::json protocol_object(const Protocol& p) {
  nlohmann::json j;
  j["zcnas_version"] = p.zcnas_version;
  j["torch_version"] = p.torch_version;
  j["blas"] = p.blas;
  j["threads"] = p.threads;
  j["space"] = {{"name", p.space}, {"file", p.space_file}, {"family", p.family}, {"definition", p.space_definition}};
  j["dataset"] = {{"name", p.dataset}, {"source", p.dataset_source}, {"images", p.dataset_images}};
  j["network"] = {{"classes", p.classes}, {"input_shape", p.input_shape}};
  // Only when set: a space without tasks keeps the protocol hash its stored results have.
  if (!p.task.empty()) j["task"] = {{"name", p.task}, {"data", p.task_data}};
  j["batch_size"] = p.batch_size;
  j["batches"] = p.batches;
  j["batch_rows"] = p.batch_rows;
  j["seed"] = p.seed;
  j["batchnorm"] = p.batchnorm;
  // Only when set, as the task: runs before the setting keep their protocol hash.
  if (p.proxy_layers != "all") j["proxy_layers"] = p.proxy_layers;
  if (p.pass_chunk > 0) j["pass_chunk"] = p.pass_chunk;
  j["dtype"] = p.dtype;
  j["device"] = p.device;
  if (p.proxy_time_limit > 0) j["proxy_time_limit"] = p.proxy_time_limit;
  if (p.isolated) j["isolated"] = true;
  nlohmann::json proxies = nlohmann::json::array();
  for (const auto& r : p.proxies)
    proxies.push_back({{"name", r.name}, {"plugin", r.plugin}, {"version", r.version}, {"params", r.params},
                       {"direction", r.direction}});
  j["proxies"] = proxies;
  return j;
}

}  // namespace

std::string protocol_json(const Protocol& protocol, int indent) { return protocol_object(protocol).dump(indent); }

Expected<std::unique_ptr<ScoreWriter>> ScoreWriter::open(const std::string& csv_path, const std::string& json_path,
                                                         const Protocol& protocol) {
  std::unique_ptr<ScoreWriter> w(new ScoreWriter());
  w->csv_path_ = csv_path;
  w->json_path_ = json_path;
  w->protocol_ = protocol;
  if (csv_path == "-") {
    w->csv_ = &std::cout;
  } else {
    w->file_.open(csv_path, std::ios::out | std::ios::trunc);
    if (!w->file_) return Error(ErrorKind::io, "cannot write score file '" + csv_path + "'");
    w->csv_ = &w->file_;
    // The protocol beside the CSV, before the first score: a run that dies still says how it ran.
    std::ofstream side(csv_path + ".protocol.json");
    if (!side) return Error(ErrorKind::io, "cannot write '" + csv_path + ".protocol.json'");
    side << protocol_json(protocol) << "\n";
  }
  *w->csv_ << table::kScoreCsvHeader << "\n" << std::flush;
  return w;
}

ScoreWriter::~ScoreWriter() = default;

Expected<void> ScoreWriter::write(const ArchResult& result) {
  for (const auto& o : result.outcomes) {
    *csv_ << table::score_csv_row(result.arch, o.proxy, o.ok, o.score, o.seconds, o.error);
    ++rows_;
    if (!o.ok) ++failures_;
  }
  csv_->flush();
  if (!*csv_) return Error(ErrorKind::io, "writing score file '" + csv_path_ + "' failed (disk full?)");
  if (!json_path_.empty()) kept_.push_back(result);
  return {};
}

Expected<void> ScoreWriter::finish() {
  if (json_path_.empty()) return {};
  nlohmann::json doc;
  doc["protocol"] = protocol_object(protocol_);
  std::map<std::string, std::vector<double>> times;
  nlohmann::json scores = nlohmann::json::array();
  for (const auto& r : kept_) {
    for (const auto& o : r.outcomes) {
      times[o.proxy].push_back(o.seconds);
      nlohmann::json row = {{"arch", r.arch}, {"proxy", o.proxy}, {"seconds", o.seconds},
                            {"status", o.ok ? "ok" : "failed"}};
      row["score"] = o.ok ? nlohmann::json(o.score) : nlohmann::json(nullptr);
      if (!o.ok) row["error"] = o.error;
      scores.push_back(std::move(row));
    }
  }
  nlohmann::json timing = nlohmann::json::object();
  for (auto& [proxy, t] : times) {
    std::sort(t.begin(), t.end());
    double total = 0;
    for (double x : t) total += x;
    timing[proxy] = {{"total_seconds", total}, {"median_seconds", t[t.size() / 2]}, {"architectures", t.size()}};
  }
  doc["timing"] = timing;
  doc["scores"] = scores;
  std::ofstream out(json_path_);
  if (!out) return Error(ErrorKind::io, "cannot write '" + json_path_ + "'");
  out << doc.dump(1) << "\n";
  if (!out) return Error(ErrorKind::io, "writing '" + json_path_ + "' failed");
  return {};
}

}  // namespace zcnas::score
