#include "store/sqlite_db.hpp"

#include <sqlite3.h>

#include <utility>

namespace zcnas::store {

namespace {
Error db_error(sqlite3* db, const std::string& path, const std::string& what) {
  const char* message = db ? sqlite3_errmsg(db) : "out of memory";
  return Error(ErrorKind::io, "run store '" + path + "': " + what + ": " + message);
}
}  // namespace

SqliteStatement::SqliteStatement(SqliteStatement&& o) noexcept
    : stmt_(std::exchange(o.stmt_, nullptr)), path_(std::move(o.path_)) {}
SqliteStatement& SqliteStatement::operator=(SqliteStatement&& o) noexcept {
  if (this != &o) {
    if (stmt_) sqlite3_finalize(stmt_);
    stmt_ = std::exchange(o.stmt_, nullptr);
    path_ = std::move(o.path_);
  }
  return *this;
}
SqliteStatement::~SqliteStatement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

SqliteStatement& SqliteStatement::bind(int index, const std::string& text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
SqliteStatement& SqliteStatement::bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
SqliteStatement& SqliteStatement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Expected<bool> SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_error(sqlite3_db_handle(stmt_), path_, "statement failed");
}

Expected<void> SqliteStatement::for_each_row(const std::function<void(const SqliteStatement&)>& row) {
  for (;;) {
    auto more = step();
    if (!more) return std::move(more).error();
    if (!*more) return {};
    row(*this);
  }
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string SqliteStatement::text(int column) const {
  const unsigned char* t = sqlite3_column_text(stmt_, column);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
           : std::string();
}
double SqliteStatement::real(int column) const { return sqlite3_column_double(stmt_, column); }
std::int64_t SqliteStatement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
bool SqliteStatement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Expected<SqliteDb> SqliteDb::open(const std::string& path, int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    Error e = db_error(db, path, "cannot open");
    sqlite3_close(db);
    return e;
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return SqliteDb(db, path);
}

SqliteDb::SqliteDb(SqliteDb&& o) noexcept : db_(std::exchange(o.db_, nullptr)), path_(std::move(o.path_)) {}
SqliteDb& SqliteDb::operator=(SqliteDb&& o) noexcept {
  if (this != &o) {
    if (db_) sqlite3_close(db_);
    db_ = std::exchange(o.db_, nullptr);
    path_ = std::move(o.path_);
  }
  return *this;
}
SqliteDb::~SqliteDb() {
  if (db_) sqlite3_close(db_);
}

Error SqliteDb::error(const std::string& what) const { return db_error(db_, path_, what); }

Expected<void> SqliteDb::exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return Error(ErrorKind::io, "run store '" + path_ + "': " + text);
  }
  return {};
}

bool SqliteDb::busy() const { return (sqlite3_extended_errcode(db_) & 0xff) == SQLITE_BUSY; }

Expected<SqliteStatement> SqliteDb::prepare(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return error("cannot prepare query");
  return SqliteStatement(stmt, path_);
}

std::int64_t SqliteDb::changes() const { return sqlite3_changes(db_); }

}  // namespace zcnas::store
