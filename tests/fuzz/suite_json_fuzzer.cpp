// libFuzzer target: a NAS-Bench-Suite-Zero JSON (data/naslib_zc/*.json) as `zcnas evaluate
// --scores` reads it: the only task, and tasks by name; a table that reads must be rectangular.
// (Its first run found a crash in suite_tasks(), a walk over the tasks no caller used: removed.)
#include <cstdlib>

#include "eval/score_import.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zcnas;
  const std::string path = fuzz::as_file(data, size, ".json");
  for (const char* task : {"", "cifar10", "class_scene"}) {
    auto table = eval::read_suite_json(path, task);
    fuzz::require_explained(table);
    if (table)
      for (const auto& column : table->scores.columns)
        if (column.size() != table->scores.archs.size()) std::abort();
  }
  return 0;
}
