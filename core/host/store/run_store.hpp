#pragma once
// The run store: one SQLite file holding every (architecture, proxy instance, protocol,
// seed) result ever computed with its score or failure, its time and where it came from,
// plus the protocol behind each protocol hash. Scoring looks here first and writes here
// architecture by architecture (one transaction each), so a run killed at any moment
// resumes with nothing completed lost. Several processes may write one store at once
// (WAL, waiting writers); stores written apart (shards, machines) merge into one.
// Torch-free: it knows results, not networks.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "store/sqlite_db.hpp"
#include "zcnas/error.hpp"

namespace zcnas::store {

// The store's schema version (PRAGMA user_version); a newer store is refused, not misread.
inline constexpr int kSchemaVersion = 1;

struct StoredResult {
  std::string arch;       // canonical architecture string
  std::string proxy;      // the instance name it was computed under (display only)
  std::string proxy_key;  // plugin, version and every parameter: what decides the score
  std::string protocol;   // hash of everything else that decides it (score::protocol_hash)
  std::uint64_t seed = 0;
  bool ok = false;
  double score = 0;
  double seconds = 0;
  std::string error;        // why it failed, when !ok
  std::string finished_at;  // UTC, ISO 8601
  std::string origin;       // host, process and (under MPI) rank that computed it
};

struct MergeCounts {
  std::int64_t added = 0;      // results the target lacked
  std::int64_t repaired = 0;   // failures in the target the source had a score for
  std::int64_t same = 0;       // present in both with the same outcome
  std::int64_t conflicts = 0;  // present in both with different scores: the target's kept
  std::int64_t protocols = 0;  // protocol records added
};

class RunStore {
 public:
  // Opens or creates the store; errors name the file (not a database, newer schema, ...).
  static Expected<std::unique_ptr<RunStore>> open(const std::string& path);

  const std::string& path() const noexcept { return db_.path(); }

  // Records the protocol JSON behind a hash (first writer wins; the JSON is the same).
  Expected<void> put_protocol(const std::string& hash, const std::string& json);
  // Writes results in one transaction; a result with the same key is replaced.
  Expected<void> put(const std::vector<StoredResult>& results);

  // The results stored for one architecture under a protocol and seed, by proxy_key.
  Expected<std::map<std::string, StoredResult>> find(const std::string& protocol, std::uint64_t seed,
                                                     const std::string& arch);
  // Every result (of one protocol when `protocol` is not empty), in insertion order.
  Expected<std::vector<StoredResult>> results(const std::string& protocol = "");
  // protocol hash -> protocol JSON.
  Expected<std::map<std::string, std::string>> protocols();
  Expected<std::int64_t> count();

  // Copies into this store what `source` (another store file) has and this one lacks.
  Expected<MergeCounts> merge_from(const std::string& source);

 private:
  explicit RunStore(SqliteDb db) : db_(std::move(db)) {}
  SqliteDb db_;
};

// "host:pid" (":rank N" appended by MPI runs): who computed a result.
std::string this_origin();

}  // namespace zcnas::store
