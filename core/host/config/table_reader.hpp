#pragma once
// Reads one TOML table against a schema that is the code itself: every key the code asks
// for is marked as read, and finish() reports the rest as unknown keys, with their
// position and the closest known key. Type mismatches are collected, not thrown, so one
// run reports every mistake in a file.

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/source_location.hpp"
#include "zcnas/error.hpp"
#include "zcnas/params.hpp"

namespace zcnas::config {

using zcnas::SourceLocation;

// Parses TOML text; a syntax error names `origin`, line and column.
Expected<toml::table> parse_toml(std::string_view text, const std::string& origin);
// A whole file as text; `what` names it in the error ("config file", "experiment file").
Expected<std::string> read_text_file(const std::string& path, const std::string& what);

// `path` as written in a file of `base_dir`: relative paths are relative to that file.
std::string resolve_path(const std::string& base_dir, const std::string& path);

class TableReader {
 public:
  // `path` is the table's dotted key path ("" for the root), used in messages.
  TableReader(const toml::table& table, std::string path, std::string file, std::vector<Error>& errors);

  std::optional<std::int64_t> integer(const std::string& key);
  std::optional<double> real(const std::string& key);  // an integer is widened
  std::optional<bool> boolean(const std::string& key);
  std::optional<std::string> string(const std::string& key);
  std::optional<std::vector<std::string>> string_list(const std::string& key);
  std::optional<ParamValue> param_value(const std::string& key);
  std::optional<TableReader> table(const std::string& key);

  // Every key not read yet (sub-tables iterate with this + table()).
  std::vector<std::string> unread_keys() const;
  // Where the value of `key` starts (type errors point here) ...
  SourceLocation location(const std::string& key) const;
  // ... and where the key itself is written (unknown names point here).
  SourceLocation key_location(const std::string& key) const;
  SourceLocation location() const;
  const std::string& path() const noexcept { return path_; }

  // Reports every key not read as unknown. `known` lists the keys this table accepts.
  void finish(const std::vector<std::string>& known);

 private:
  const toml::node* fetch(const std::string& key);
  void type_error(const std::string& key, const toml::node& node, const char* want);
  std::string qualified(const std::string& key) const;

  const toml::table* table_;
  std::string path_;
  std::string file_;
  std::vector<Error>* errors_;
  std::set<std::string> read_;
};

}  // namespace zcnas::config
