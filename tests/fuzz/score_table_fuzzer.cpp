// libFuzzer target: a CSV handed to evaluate or search: a score file (long: arch, proxy, score;
// or wide, keyed by its first column or by `arch`) and a truth table keyed by its first column.
// A table that reads must be rectangular: every column as long as the architecture list.
#include <cstdlib>

#include "eval/score_import.hpp"
#include "fuzz_support.hpp"
#include "table/csv_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zcnas;
  const std::string path = fuzz::as_file(data, size, ".csv");
  for (const std::string key : {"", "arch"}) {
    auto table = eval::read_score_csv(path, key);
    fuzz::require_explained(table);
    if (table)
      for (const auto& column : table->scores.columns)
        if (column.size() != table->scores.archs.size()) std::abort();
  }
  auto csv = table::read_csv(path);
  fuzz::require_explained(csv);
  if (csv && csv->header.size() >= 2) {
    fuzz::require_explained(eval::read_truth(path, csv->header.front(), csv->header.back()));
    fuzz::require_explained(csv->numbers(csv->header.back()));
  }
  return 0;
}
