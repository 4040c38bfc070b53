#pragma once
// What a search's append-only CSV journals (trajectory.csv: search_journal.hpp; rounds.csv:
// round_journal.hpp) share: numbers written to round-trip, a torn last row dropped on resume
// (a process killed mid-row), and the header of fixed columns then one per proxy.

#include <ostream>
#include <string>
#include <vector>

#include "zcnas/error.hpp"

namespace zcnas::search::journal {

// 17 significant digits (reads back to the same double); NaN as an empty field.
std::string number(double v);

// Cuts a partial last line (no newline) off the file; that row is computed again.
void drop_partial_last_line(const std::string& path);

void write_header(std::ostream& out, const std::vector<std::string>& fixed, const std::vector<std::string>& proxies);

// An error unless `header` is `fixed` then `proxies`: the journal at `path` records `what`
// ("a search", "the rounds of a search") with other proxies or columns.
Expected<void> check_header(const std::vector<std::string>& header, const std::vector<std::string>& fixed,
                            const std::vector<std::string>& proxies, const std::string& path, const std::string& what);

}  // namespace zcnas::search::journal
