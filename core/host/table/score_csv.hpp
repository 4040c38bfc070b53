#pragma once
// The row format of a zcnas score file (long format: one row per architecture and proxy),
// in one place: `zcnas score` writes it, `zcnas store export` writes it, and evaluate and
// search read both the same way. Scores keep 17 significant digits (they round-trip);
// seconds keep 6. Torch-free.

#include <string>

namespace zcnas::table {

// The columns, in order.
inline constexpr const char* kScoreCsvHeader = "arch,proxy,score,seconds,status,error";

// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
std::string csv_field(const std::string& text);

// One row with its line break; a failed result has an empty score and its reason.
std::string score_csv_row(const std::string& arch, const std::string& proxy, bool ok, double score, double seconds,
                          const std::string& error);

}  // namespace zcnas::table
