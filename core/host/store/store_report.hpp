#pragma once
// What `zcnas store` shows of a run store: results per protocol and proxy (ok and failed,
// who computed them), and every result exported as a zcnas score CSV, so evaluate and search
// read an export as they read a score file. Torch-free.

#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "store/run_store.hpp"

namespace zcnas::store {

// An existing store (a missing file is an error here, where open() would create one).
Expected<std::unique_ptr<RunStore>> open_existing(const std::string& path);

struct StoreSummary {
  std::size_t results = 0;
  struct Counts {
    std::int64_t ok = 0, failed = 0;
  };
  struct ProtocolPart {
    std::string hash;
    std::string description;            // space, dataset, batches, seed, device, version
    std::size_t origins = 0;            // processes that computed its results
    std::map<std::string, Counts> proxies;  // by proxy key
  };
  std::vector<ProtocolPart> protocols;  // by hash
};
Expected<StoreSummary> summarize(RunStore& store);

// The results of `protocol` ("" : all) as a zcnas score CSV (table/score_csv.hpp).
Expected<void> export_scores(RunStore& store, const std::string& protocol, std::ostream& out);

}  // namespace zcnas::store
