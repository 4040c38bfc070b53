// zcnas store: look into, merge and export run stores (store/run_store.hpp).

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "score/score_writer.hpp"
#include "session.hpp"
#include "store/run_store.hpp"

namespace zcnas::cli {

namespace {

Expected<std::unique_ptr<store::RunStore>> open_existing(const std::string& path) {
  std::ifstream probe(path);
  if (!probe) return Error(ErrorKind::io, "run store '" + path + "' does not exist");
  return store::RunStore::open(path);
}

std::string protocol_summary(const std::string& json) {
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

int store_info(const StoreCommand& c) {
  auto st = open_existing(c.store);
  if (!st) return report(st.error()), kExitUsage;
  auto results = (*st)->results();
  if (!results) return report(results.error()), kExitFailure;
  auto protocols = (*st)->protocols();
  if (!protocols) return report(protocols.error()), kExitFailure;
  struct Count {
    std::int64_t ok = 0, failed = 0;
  };
  std::map<std::string, std::map<std::string, Count>> by_protocol;  // protocol -> proxy_key -> counts
  std::map<std::string, std::set<std::string>> origins;             // protocol -> who computed
  for (const auto& r : *results) {
    auto& n = by_protocol[r.protocol][r.proxy_key];
    (r.ok ? n.ok : n.failed)++;
    origins[r.protocol].insert(r.origin);
  }
  std::cout << c.store << ": " << results->size() << " results, " << by_protocol.size() << " protocol(s)\n";
  for (const auto& [hash, proxies] : by_protocol) {
    auto it = protocols->find(hash);
    std::cout << "  protocol " << hash << ": " << (it == protocols->end() ? "(no record)" : protocol_summary(it->second))
              << "; computed by " << origins[hash].size() << " process(es)\n";
    for (const auto& [key, n] : proxies)
      std::cout << "    " << std::left << std::setw(48) << key << n.ok << " ok" << (n.failed ? ", " : "")
                << (n.failed ? std::to_string(n.failed) + " failed" : std::string()) << "\n";
  }
  return kExitOk;
}

int store_merge(const StoreCommand& c) {
  auto target = store::RunStore::open(c.store);
  if (!target) return report(target.error()), kExitUsage;
  int status = kExitOk;
  for (const auto& source : c.sources) {
    auto counts = (*target)->merge_from(source);
    if (!counts) {
      report(counts.error());
      status = kExitFailure;  // the sources merged so far stay merged
      continue;
    }
    std::cout << source << ": " << counts->added << " added, " << counts->repaired << " failures replaced by scores, "
              << counts->same << " already there, " << counts->conflicts << " conflicting (kept " << c.store << "'s)\n";
    if (counts->conflicts > 0)
      spdlog::warn("{}: {} results differ from {}'s under the same protocol and seed (nondeterminism?)", source,
                   counts->conflicts, c.store);
  }
  auto n = (*target)->count();
  if (n) std::cout << c.store << ": " << *n << " results\n";
  return status;
}

int store_export(const StoreCommand& c) {
  auto st = open_existing(c.store);
  if (!st) return report(st.error()), kExitUsage;
  auto results = (*st)->results(c.protocol);
  if (!results) return report(results.error()), kExitFailure;
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (c.out != "-") {
    file.open(c.out);
    if (!file) return report(Error(ErrorKind::io, "cannot write '" + c.out + "'")), kExitFailure;
    out = &file;
  }
  // The columns of `zcnas score`, so evaluate and search read an export as a score file.
  *out << score::kCsvHeader << "\n" << std::setprecision(17);
  for (const auto& r : *results) {
    *out << score::csv_field(r.arch) << ',' << score::csv_field(r.proxy) << ',';
    if (r.ok) *out << r.score;
    *out << ',' << r.seconds << ',' << (r.ok ? "ok" : "failed") << ',' << score::csv_field(r.error) << "\n";
  }
  if (!*out) return report(Error(ErrorKind::io, "writing '" + c.out + "' failed")), kExitFailure;
  return kExitOk;
}

}  // namespace zcnas::cli
