#include "config/table_reader.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/suggest.hpp"

namespace zcnas::config {

namespace {
SourceLocation location_of(const toml::node& node, const std::string& file) {
  const auto& begin = node.source().begin;
  return {file, static_cast<int>(begin.line), static_cast<int>(begin.column)};
}

std::string type_name(const toml::node& node) {
  std::ostringstream out;
  out << node.type();
  return out.str();
}
}  // namespace

Expected<toml::table> parse_toml(std::string_view text, const std::string& origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    return Error(ErrorKind::parse, std::string(e.description()))
        .with_context(SourceLocation{origin, static_cast<int>(begin.line), static_cast<int>(begin.column)}.to_string());
  }
}

Expected<std::string> read_text_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorKind::io, "cannot open " + what + " '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TableReader::TableReader(const toml::table& table, std::string path, std::string file, std::vector<Error>& errors)
    : table_(&table), path_(std::move(path)), file_(std::move(file)), errors_(&errors) {}

std::string TableReader::qualified(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

const toml::node* TableReader::fetch(const std::string& key) {
  read_.insert(key);
  return table_->get(key);
}

SourceLocation TableReader::location(const std::string& key) const {
  if (const toml::node* n = table_->get(key)) return location_of(*n, file_);
  return location();
}

SourceLocation TableReader::key_location(const std::string& key) const {
  auto it = table_->find(key);
  if (it == table_->end()) return location();
  const auto& begin = it->first.source().begin;
  if (begin.line == 0) return location(key);
  return {file_, static_cast<int>(begin.line), static_cast<int>(begin.column)};
}

SourceLocation TableReader::location() const { return location_of(*table_, file_); }

void TableReader::type_error(const std::string& key, const toml::node& node, const char* want) {
  errors_->push_back(Error(ErrorKind::config, "key '" + qualified(key) + "' must be " + want + ", got " +
                                                  type_name(node))
                         .with_context(location_of(node, file_).to_string()));
}

std::optional<std::int64_t> TableReader::integer(const std::string& key) {
  const toml::node* n = fetch(key);
  if (n == nullptr) return std::nullopt;
  if (auto v = n->value_exact<std::int64_t>()) return *v;
  type_error(key, *n, "an integer");
  return std::nullopt;
}

std::optional<double> TableReader::real(const std::string& key) {
  const toml::node* n = fetch(key);
  if (n == nullptr) return std::nullopt;
  if (auto v = n->value<double>()) return *v;  // value<double> also widens integers
  type_error(key, *n, "a number");
  return std::nullopt;
}

std::string resolve_path(const std::string& base_dir, const std::string& path) {
  if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
  return (std::filesystem::path(base_dir) / path).lexically_normal().string();
}

std::optional<bool> TableReader::boolean(const std::string& key) {
  const toml::node* n = fetch(key);
  if (n == nullptr) return std::nullopt;
  if (auto v = n->value_exact<bool>()) return *v;
  type_error(key, *n, "a boolean");
  return std::nullopt;
}

std::optional<std::string> TableReader::string(const std::string& key) {
  const toml::node* n = fetch(key);
  if (n == nullptr) return std::nullopt;
  if (auto v = n->value_exact<std::string>()) return *v;
  type_error(key, *n, "a string");
  return std::nullopt;
}

std::optional<std::vector<std::string>> TableReader::string_list(const std::string& key) {
  const toml::node* n = fetch(key);
  if (n == nullptr) return std::nullopt;
  const toml::array* array = n->as_array();
  if (array == nullptr) {
    type_error(key, *n, "an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const toml::node& item : *array) {
    if (auto s = item.value_exact<std::string>()) {
      out.push_back(*s);
    } else {
      type_error(key, item, "an array of strings");
      return std::nullopt;
    }
  }
  return out;
}

std::optional<ParamValue> TableReader::param_value(const std::string& key) {
  const toml::node* n = fetch(key);
  if (n == nullptr) return std::nullopt;
  if (auto b = n->value_exact<bool>()) return ParamValue(*b);
  if (auto i = n->value_exact<std::int64_t>()) return ParamValue(*i);
  if (auto d = n->value_exact<double>()) return ParamValue(*d);
  if (auto s = n->value_exact<std::string>()) return ParamValue(*s);
  if (const toml::array* array = n->as_array()) {
    std::vector<double> list;
    for (const toml::node& item : *array) {
      if (auto d = item.value<double>()) {  // value<double> also widens integers
        list.push_back(*d);
      } else {
        type_error(key, item, "a number (parameter lists hold numbers)");
        return std::nullopt;
      }
    }
    return ParamValue(std::move(list));
  }
  type_error(key, *n, "a boolean, number, string or array of numbers");
  return std::nullopt;
}

std::optional<TableReader> TableReader::table(const std::string& key) {
  const toml::node* n = fetch(key);
  if (n == nullptr) return std::nullopt;
  if (const toml::table* t = n->as_table()) return TableReader(*t, qualified(key), file_, *errors_);
  type_error(key, *n, "a table");
  return std::nullopt;
}

std::vector<std::string> TableReader::unread_keys() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : *table_) {
    std::string key(k.str());
    if (!read_.count(key)) out.push_back(key);
  }
  return out;
}

void TableReader::finish(const std::vector<std::string>& known) {
  for (const auto& [k, value] : *table_) {
    const std::string key(k.str());
    if (read_.count(key)) continue;
    const std::string where = path_.empty() ? "at the top level" : "in [" + path_ + "]";
    std::string message = "unknown key '" + key + "' " + where + util::did_you_mean(key, known);
    if (!known.empty()) message += "; known keys: " + util::join(known);
    const SourceLocation at = key_location(key);
    errors_->push_back(Error(ErrorKind::config, std::move(message)).with_context(at.to_string()));
  }
}

}  // namespace zcnas::config
