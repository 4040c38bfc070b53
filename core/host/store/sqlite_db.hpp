#pragma once
// A thin RAII layer over the SQLite C API: one connection, prepared statements with typed
// binds and columns, and every failure an Error that names the database file. The rest of
// zcnas never sees sqlite3.h.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "zcnas/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace zcnas::store {

class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&&) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) noexcept;
  ~SqliteStatement();

  // Parameters count from 1, as in SQL's ?1.
  SqliteStatement& bind(int index, const std::string& text);
  SqliteStatement& bind(int index, double value);
  SqliteStatement& bind(int index, std::int64_t value);
  SqliteStatement& bind_null(int index);

  // True while there is a row to read; false when done.
  Expected<bool> step();
  // Steps through every row, handing each to `row` (which reads the columns).
  Expected<void> for_each_row(const std::function<void(const SqliteStatement&)>& row);
  // Ready for new binds and steps.
  void reset();

  // Columns count from 0.
  std::string text(int column) const;
  double real(int column) const;
  std::int64_t integer(int column) const;
  bool is_null(int column) const;

 private:
  friend class SqliteDb;
  SqliteStatement(sqlite3_stmt* stmt, std::string path) : stmt_(stmt), path_(std::move(path)) {}
  sqlite3_stmt* stmt_ = nullptr;
  std::string path_;
};

class SqliteDb {
 public:
  // Opens (creating it when absent) with a busy timeout, so that concurrent writers wait
  // for each other instead of failing.
  static Expected<SqliteDb> open(const std::string& path, int busy_timeout_ms = 120000);
  SqliteDb(SqliteDb&&) noexcept;
  SqliteDb& operator=(SqliteDb&&) noexcept;
  ~SqliteDb();

  const std::string& path() const noexcept { return path_; }
  Expected<void> exec(const std::string& sql);
  Expected<SqliteStatement> prepare(const std::string& sql);
  std::int64_t changes() const;
  // The last call failed because another connection held a lock (SQLITE_BUSY).
  bool busy() const;

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Error error(const std::string& what) const;
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace zcnas::store
