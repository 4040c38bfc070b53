// zcnas store info / merge / export: the run store's contents (store/store_report.hpp).

#include <spdlog/spdlog.h>

#include <fstream>
#include <iomanip>
#include <iostream>

#include "commands.hpp"
#include "exit_status.hpp"
#include "store/store_report.hpp"

namespace zcnas::cli {

int store_info(const StoreCommand& c) {
  auto st = store::open_existing(c.store);
  if (!st) return report(st.error()), kExitUsage;
  auto summary = store::summarize(**st);
  if (!summary) return report(summary.error()), kExitFailure;
  std::cout << c.store << ": " << summary->results << " results, " << summary->protocols.size() << " protocol(s)\n";
  for (const auto& p : summary->protocols) {
    std::cout << "  protocol " << p.hash << ": " << p.description << "; computed by " << p.origins << " process(es)\n";
    for (const auto& [key, n] : p.proxies)
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
  auto st = store::open_existing(c.store);
  if (!st) return report(st.error()), kExitUsage;
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (c.out != "-") {
    file.open(c.out);
    if (!file) return report(Error(ErrorKind::io, "cannot write '" + c.out + "'")), kExitFailure;
    out = &file;
  }
  if (auto ok = store::export_scores(**st, c.protocol, *out); !ok)
    return report(ok.error().with_context(c.out == "-" ? "standard output" : c.out)), kExitFailure;
  return kExitOk;
}

}  // namespace zcnas::cli
