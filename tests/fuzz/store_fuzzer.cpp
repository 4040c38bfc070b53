// libFuzzer target: a file handed to `zcnas store info` / `store export` / `store merge` as a run
// store. It must be refused with a message (not a database, a newer schema, a missing table)
// or read: summarised, exported, and merged into a fresh store.
#include <cstdio>
#include <sstream>

#include "fuzz_support.hpp"
#include "store/store_report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zcnas;
  const std::string path = fuzz::as_file(data, size, ".db");
  for (const char* side : {"-wal", "-shm", "-journal"}) std::remove((path + side).c_str());
  auto opened = store::open_existing(path);
  fuzz::require_explained(opened);
  if (opened) {
    fuzz::require_explained(store::summarize(**opened));
    std::ostringstream csv;
    fuzz::require_explained(store::export_scores(**opened, "", csv));
    opened->reset();
    const std::string target = path + ".target";
    std::remove(target.c_str());
    for (const char* side : {"-wal", "-shm", "-journal"}) std::remove((target + side).c_str());
    auto merged = store::RunStore::open(target);
    fuzz::require_explained(merged);
    if (merged) fuzz::require_explained((*merged)->merge_from(path));
  }
  return 0;
}
