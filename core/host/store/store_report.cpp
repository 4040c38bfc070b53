#include "store/store_report.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "table/score_csv.hpp"

namespace zcnas::store {

namespace {

std::string protocol_description(const std::string& json) {
  try {
    const auto j = nlohmann::json::parse(json);
    std::ostringstream s;
    s << j.at("space").value("name", "?") << " on " << j.at("dataset").value("name", "?") << ", batch "
      << j.value("batch_size", 0) << " x " << j.value("batches", 0) << ", seed " << j.value("seed", 0) << ", "
      << j.value("device", "?") << ", zcnas " << j.value("zcnas_version", "?");
    return s.str();
  } catch (const std::exception&) {
    return "(unreadable protocol)";
  }
}

}  // namespace

Expected<std::unique_ptr<RunStore>> open_existing(const std::string& path) {
  std::ifstream probe(path);
  if (!probe) return Error(ErrorKind::io, "run store '" + path + "' does not exist");
  return RunStore::open(path);
}

Expected<StoreSummary> summarize(RunStore& store) {
  auto results = store.results();
  if (!results) return std::move(results).error();
  auto protocols = store.protocols();
  if (!protocols) return std::move(protocols).error();
  std::map<std::string, StoreSummary::ProtocolPart> by_hash;
  std::map<std::string, std::set<std::string>> origins;
  for (const auto& r : *results) {
    auto& n = by_hash[r.protocol].proxies[r.proxy_key];
    (r.ok ? n.ok : n.failed)++;
    origins[r.protocol].insert(r.origin);
  }
  StoreSummary summary;
  summary.results = results->size();
  for (auto& [hash, part] : by_hash) {
    part.hash = hash;
    auto it = protocols->find(hash);
    part.description = it == protocols->end() ? "(no record)" : protocol_description(it->second);
    part.origins = origins[hash].size();
    summary.protocols.push_back(std::move(part));
  }
  return summary;
}

Expected<void> export_scores(RunStore& store, const std::string& protocol, std::ostream& out) {
  auto results = store.results(protocol);
  if (!results) return std::move(results).error();
  out << table::kScoreCsvHeader << "\n";
  for (const auto& r : *results) out << table::score_csv_row(r.arch, r.proxy, r.ok, r.score, r.seconds, r.error);
  if (!out) return Error(ErrorKind::io, "writing the export failed");
  return {};
}

}  // namespace zcnas::store
