#include "store/run_store.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>
#include <utility>
#include <vector>


namespace zcnas::store {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS protocols (
  hash TEXT PRIMARY KEY,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
  arch        TEXT NOT NULL,
  proxy_key   TEXT NOT NULL,
  protocol    TEXT NOT NULL,
  seed        INTEGER NOT NULL,
  proxy       TEXT NOT NULL,
  ok          INTEGER NOT NULL,
  score       REAL,
  seconds     REAL NOT NULL,
  error       TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  origin      TEXT NOT NULL,
  PRIMARY KEY (protocol, seed, arch, proxy_key)
);
)sql";

constexpr const char* kColumns = "arch, proxy_key, protocol, seed, proxy, ok, score, seconds, error, finished_at, origin";

StoredResult read_row(const SqliteStatement& s) {
  StoredResult r;
  r.arch = s.text(0);
  r.proxy_key = s.text(1);
  r.protocol = s.text(2);
  r.seed = static_cast<std::uint64_t>(s.integer(3));
  r.proxy = s.text(4);
  r.ok = s.integer(5) != 0;
  r.score = s.is_null(6) ? 0.0 : s.real(6);
  r.seconds = s.real(7);
  r.error = s.text(8);
  r.finished_at = s.text(9);
  r.origin = s.text(10);
  return r;
}

// A transaction that rolls back unless committed: an error midway leaves the store as it was.
class Transaction {
 public:
  static Expected<Transaction> begin(SqliteDb& db) {
    // IMMEDIATE takes the write lock now, so two writers queue instead of deadlocking.
    if (auto ok = db.exec("BEGIN IMMEDIATE"); !ok) return std::move(ok).error();
    return Transaction(db);
  }
  Transaction(Transaction&& o) noexcept : db_(std::exchange(o.db_, nullptr)) {}
  ~Transaction() {
    if (db_) (void)db_->exec("ROLLBACK");
  }
  Expected<void> commit() {
    auto ok = db_->exec("COMMIT");
    if (ok) db_ = nullptr;
    return ok;
  }

 private:
  explicit Transaction(SqliteDb& db) : db_(&db) {}
  SqliteDb* db_;
};

// Processes that open a new store at the same moment all escalate their read lock to switch
// it to WAL; SQLite refuses one of two such escalations at once rather than wait (waiting
// would deadlock, so the busy timeout does not apply). The refused one tries again.
template <class Step>
auto retry_while_busy(SqliteDb& db, Step step) {
  auto result = step();
  for (int attempt = 0; !result && db.busy() && attempt < 1000; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2 + attempt % 17));
    result = step();
  }
  return result;
}

}  // namespace

Expected<std::unique_ptr<RunStore>> RunStore::open(const std::string& path) {
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec))
    return Error(ErrorKind::io, "run store '" + path + "': folder '" + parent.string() + "' does not exist");
  auto db = SqliteDb::open(path);
  if (!db) return std::move(db).error();
  // Scoped statements: an unfinished one would hold a read transaction open.
  auto found = retry_while_busy(*db, [&]() -> Expected<std::int64_t> {
    auto version = db->prepare("PRAGMA user_version");
    if (!version) return std::move(version).error();
    auto row = version->step();
    if (!row) return std::move(row).error();
    return version->integer(0);
  });
  if (!found)
    return Error(ErrorKind::io, "run store '" + path + "' cannot be read as a SQLite database (" +
                                    found.error().message() + "); is it a zcnas run store?");
  if (*found > kSchemaVersion)
    return Error(ErrorKind::io, "run store '" + path + "' has schema version " + std::to_string(*found) +
                                    "; this zcnas reads up to " + std::to_string(kSchemaVersion) + " (a newer zcnas wrote it)");
  // What the file holds, before anything is written to it: a SQLite file of something else is
  // never given zcnas's tables, and a zcnas store missing a table or column says so by name.
  auto tables = retry_while_busy(*db, [&]() -> Expected<std::vector<std::string>> {
    auto q = db->prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    if (!q) return std::move(q).error();
    std::vector<std::string> names;
    for (;;) {
      auto row = q->step();
      if (!row) return std::move(row).error();
      if (!*row) return names;
      names.push_back(q->text(0));
    }
  });
  if (!tables) return std::move(tables).error();
  auto listed = [&] {
    std::string out;
    for (const auto& t : *tables) out += (out.empty() ? "" : ", ") + t;
    return out;
  };
  if (*found == 0) {
    for (const auto& t : *tables)
      if (t != "protocols" && t != "results")
        return Error(ErrorKind::io, "'" + path + "' is a SQLite database but not a zcnas run store (it holds tables " +
                                        listed() + "); give --store a new file or a zcnas store");
  } else {
    for (const char* wanted : {"protocols", "results"})
      if (std::find(tables->begin(), tables->end(), wanted) == tables->end())
        return Error(ErrorKind::io, "run store '" + path + "' (schema version " + std::to_string(*found) +
                                        ") has no table '" + wanted + "' (it holds: " +
                                        (tables->empty() ? std::string("none") : listed()) +
                                        "); it is damaged or was edited: merge what it has into a new store, or remove it");
    if (auto columns = db->prepare(std::string("SELECT ") + kColumns + " FROM results LIMIT 0"); !columns)
      return Error(ErrorKind::io, "run store '" + path + "' (schema version " + std::to_string(*found) +
                                      "): its table 'results' lacks a column zcnas writes (" +
                                      columns.error().message() + "); it is damaged or was edited");
  }
  // WAL: readers never block the writer, and a killed writer leaves no torn page.
  if (auto ok = retry_while_busy(*db, [&] { return db->exec("PRAGMA journal_mode=WAL"); }); !ok)
    return std::move(ok).error();
  if (auto ok = db->exec("PRAGMA synchronous=NORMAL"); !ok) return std::move(ok).error();
  if (*found < kSchemaVersion) {
    if (auto ok = db->exec(std::string("BEGIN IMMEDIATE;") + kSchema + "PRAGMA user_version=" +
                           std::to_string(kSchemaVersion) + ";COMMIT;");
        !ok) {
      (void)db->exec("ROLLBACK");
      return std::move(ok).error();
    }
  }
  return std::unique_ptr<RunStore>(new RunStore(std::move(*db)));
}

Expected<void> RunStore::put_protocol(const std::string& hash, const std::string& json) {
  auto s = db_.prepare("INSERT OR IGNORE INTO protocols (hash, json) VALUES (?1, ?2)");
  if (!s) return std::move(s).error();
  s->bind(1, hash).bind(2, json);
  if (auto done = s->step(); !done) return std::move(done).error();
  return {};
}

Expected<void> RunStore::put(const std::vector<StoredResult>& results) {
  if (results.empty()) return {};
  auto tx = Transaction::begin(db_);
  if (!tx) return std::move(tx).error();
  auto s = db_.prepare(std::string("INSERT OR REPLACE INTO results (") + kColumns +
                       ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!s) return std::move(s).error();
  for (const auto& r : results) {
    s->reset();
    s->bind(1, r.arch).bind(2, r.proxy_key).bind(3, r.protocol).bind(4, static_cast<std::int64_t>(r.seed));
    s->bind(5, r.proxy).bind(6, static_cast<std::int64_t>(r.ok ? 1 : 0));
    if (r.ok) s->bind(7, r.score);
    else s->bind_null(7);
    s->bind(8, r.seconds).bind(9, r.error).bind(10, r.finished_at).bind(11, r.origin);
    if (auto done = s->step(); !done) return std::move(done).error();
  }
  return tx->commit();
}

Expected<std::map<std::string, StoredResult>> RunStore::find(const std::string& protocol, std::uint64_t seed,
                                                             const std::string& arch) {
  auto s = db_.prepare(std::string("SELECT ") + kColumns +
                       " FROM results WHERE protocol = ?1 AND seed = ?2 AND arch = ?3");
  if (!s) return std::move(s).error();
  s->bind(1, protocol).bind(2, static_cast<std::int64_t>(seed)).bind(3, arch);
  std::map<std::string, StoredResult> found;
  auto read = s->for_each_row([&](const SqliteStatement& row) {
    StoredResult r = read_row(row);
    found.emplace(r.proxy_key, std::move(r));
  });
  if (!read) return std::move(read).error();
  return found;
}

Expected<std::vector<StoredResult>> RunStore::results(const std::string& protocol) {
  auto s = db_.prepare(std::string("SELECT ") + kColumns + " FROM results" +
                       (protocol.empty() ? "" : " WHERE protocol = ?1") + " ORDER BY rowid");
  if (!s) return std::move(s).error();
  if (!protocol.empty()) s->bind(1, protocol);
  std::vector<StoredResult> out;
  auto read = s->for_each_row([&](const SqliteStatement& row) { out.push_back(read_row(row)); });
  if (!read) return std::move(read).error();
  return out;
}

Expected<std::map<std::string, std::string>> RunStore::protocols() {
  auto s = db_.prepare("SELECT hash, json FROM protocols");
  if (!s) return std::move(s).error();
  std::map<std::string, std::string> out;
  auto read = s->for_each_row([&](const SqliteStatement& row) { out[row.text(0)] = row.text(1); });
  if (!read) return std::move(read).error();
  return out;
}

Expected<std::int64_t> RunStore::count() {
  auto s = db_.prepare("SELECT count(*) FROM results");
  if (!s) return std::move(s).error();
  if (auto row = s->step(); !row) return std::move(row).error();
  return s->integer(0);
}

Expected<MergeCounts> RunStore::merge_from(const std::string& source) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(source, ec))
    return Error(ErrorKind::io, "run store '" + source + "' does not exist");
  {
    // Opening checks that it is a store of a schema this zcnas reads.
    auto checked = RunStore::open(source);
    if (!checked) return std::move(checked).error();
  }
  auto attach = db_.prepare("ATTACH DATABASE ?1 AS source");
  if (!attach) return std::move(attach).error();
  attach->bind(1, source);
  if (auto done = attach->step(); !done) return std::move(done).error();
  struct Detach {
    SqliteDb& db;
    ~Detach() { (void)db.exec("DETACH DATABASE source"); }
  } detach{db_};

  MergeCounts counts;
  const std::string same_key =
      "r.protocol = s.protocol AND r.seed = s.seed AND r.arch = s.arch AND r.proxy_key = s.proxy_key";
  auto count_of = [&](const std::string& where) -> Expected<std::int64_t> {
    auto s = db_.prepare("SELECT count(*) FROM source.results s JOIN main.results r ON " + same_key + " WHERE " + where);
    if (!s) return std::move(s).error();
    if (auto row = s->step(); !row) return std::move(row).error();
    return s->integer(0);
  };
  // The write lock first: another merge into this target waits, and the counts describe the
  // target as this merge finds it (two at once lose nothing, and their counts add up).
  auto tx = Transaction::begin(db_);
  if (!tx) return std::move(tx).error();
  auto same = count_of("r.ok = s.ok AND (r.ok = 0 OR r.score = s.score)");
  if (!same) return std::move(same).error();
  auto conflicts = count_of("r.ok = 1 AND s.ok = 1 AND r.score <> s.score");
  if (!conflicts) return std::move(conflicts).error();
  counts.same = *same;
  counts.conflicts = *conflicts;
  if (auto ok = db_.exec("INSERT OR IGNORE INTO main.protocols SELECT hash, json FROM source.protocols"); !ok)
    return std::move(ok).error();
  counts.protocols = db_.changes();
  // A failure here that the source scored: the score wins (a retry that worked elsewhere).
  if (auto ok = db_.exec(std::string("INSERT OR REPLACE INTO main.results (") + kColumns + ") SELECT " +
                         "s.arch, s.proxy_key, s.protocol, s.seed, s.proxy, s.ok, s.score, s.seconds, s.error, "
                         "s.finished_at, s.origin FROM source.results s JOIN main.results r ON " + same_key +
                         " WHERE r.ok = 0 AND s.ok = 1");
      !ok)
    return std::move(ok).error();
  counts.repaired = db_.changes();
  if (auto ok = db_.exec(std::string("INSERT OR IGNORE INTO main.results (") + kColumns + ") SELECT " + kColumns +
                         " FROM source.results ORDER BY rowid");
      !ok)
    return std::move(ok).error();
  counts.added = db_.changes();
  if (auto ok = tx->commit(); !ok) return std::move(ok).error();
  return counts;
}

std::string this_origin() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(getpid());
}

}  // namespace zcnas::store
