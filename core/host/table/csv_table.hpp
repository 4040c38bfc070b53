#pragma once
// A CSV file read whole into columns of text (RFC 4180 quoting, through libcsv), for score
// and ground-truth tables. Errors name the file and the record.

#include <optional>
#include <string>
#include <vector>

#include "zcnas/error.hpp"

namespace zcnas::table {

struct CsvTable {
  std::string file;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as wide as the header

  // The index of a column, or -1.
  int column(const std::string& name) const;
  // A column parsed as numbers; empty cells, "nan" and "-Infinity"-style text become NaN or
  // +-inf as written. An unparsable cell is an error naming file, line and column.
  Expected<std::vector<double>> numbers(const std::string& name) const;
  Expected<const std::vector<std::string>*> texts(const std::string& name) const;

 private:
  mutable std::vector<std::vector<std::string>> by_column_;
};

Expected<CsvTable> read_csv(const std::string& path);

}  // namespace zcnas::table
