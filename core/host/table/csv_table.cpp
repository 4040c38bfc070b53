#include "table/csv_table.hpp"

#include <csv.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>

#include "util/suggest.hpp"

namespace zcnas::table {

namespace {

struct Reader {
  std::vector<std::string> record;
  std::vector<std::vector<std::string>> records;
};

void on_field(void* data, std::size_t size, void* reader) {
  static_cast<Reader*>(reader)->record.emplace_back(static_cast<const char*>(data), size);
}
void on_record(int, void* reader) {
  auto* r = static_cast<Reader*>(reader);
  r->records.push_back(std::move(r->record));
  r->record.clear();
}

// strtod with the spellings score tables use for non-finite values.
std::optional<double> parse_number(const std::string& text) {
  if (text.empty()) return std::numeric_limits<double>::quiet_NaN();
  const char* s = text.c_str();
  char* end = nullptr;
  const double v = std::strtod(s, &end);
  if (end != s && *end == '\0') return v;
  if (text == "Infinity" || text == "+Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  if (text == "NaN" || text == "nan" || text == "None" || text == "null") return std::numeric_limits<double>::quiet_NaN();
  return std::nullopt;
}

}  // namespace

int CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

Expected<const std::vector<std::string>*> CsvTable::texts(const std::string& name) const {
  const int c = column(name);
  if (c < 0)
    return Error(ErrorKind::invalid_argument, "'" + file + "' has no column '" + name + "'" +
                                                  util::did_you_mean(name, header) + "; columns: " + util::join(header));
  if (by_column_.size() != header.size()) by_column_.assign(header.size(), {});
  auto& col = by_column_[static_cast<std::size_t>(c)];
  if (col.empty() && !rows.empty()) {
    col.reserve(rows.size());
    for (const auto& r : rows) col.push_back(r[static_cast<std::size_t>(c)]);
  }
  return &col;
}

Expected<std::vector<double>> CsvTable::numbers(const std::string& name) const {
  auto col = texts(name);
  if (!col) return std::move(col).error();
  std::vector<double> out;
  out.reserve((*col)->size());
  for (std::size_t i = 0; i < (*col)->size(); ++i) {
    auto v = parse_number((**col)[i]);
    if (!v)
      return Error(ErrorKind::parse, file + ":" + std::to_string(i + 2) + ": column '" + name + "': '" + (**col)[i] +
                                         "' is not a number");
    out.push_back(*v);
  }
  return out;
}

Expected<CsvTable> read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorKind::io, "cannot open '" + path + "'");
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_APPEND_NULL) != 0)
    return Error(ErrorKind::internal, "libcsv failed to initialise");
  Reader reader;
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof buffer);
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    if (csv_parse(&parser, buffer, n, on_field, on_record, &reader) != n) {
      const std::string why = csv_strerror(csv_error(&parser));
      csv_free(&parser);
      return Error(ErrorKind::parse, path + ":" + std::to_string(reader.records.size() + 1) + ": " + why);
    }
  }
  if (csv_fini(&parser, on_field, on_record, &reader) != 0) {
    const std::string why = csv_strerror(csv_error(&parser));
    csv_free(&parser);
    return Error(ErrorKind::parse, path + ": at the end: " + why);
  }
  csv_free(&parser);
  if (reader.records.empty()) return Error(ErrorKind::parse, "'" + path + "' is empty (no header)");
  CsvTable t;
  t.file = path;
  t.header = std::move(reader.records.front());
  for (std::size_t i = 1; i < reader.records.size(); ++i) {
    auto& r = reader.records[i];
    if (r.size() == 1 && r[0].empty()) continue;  // a blank line
    if (r.size() != t.header.size())
      return Error(ErrorKind::parse, path + ":" + std::to_string(i + 1) + ": " + std::to_string(r.size()) +
                                         " fields, the header has " + std::to_string(t.header.size()));
    t.rows.push_back(std::move(r));
  }
  return t;
}

}  // namespace zcnas::table
