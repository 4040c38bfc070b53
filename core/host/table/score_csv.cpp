#include "table/score_csv.hpp"

#include <iomanip>
#include <sstream>

namespace zcnas::table {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string score_csv_row(const std::string& arch, const std::string& proxy, bool ok, double score, double seconds,
                          const std::string& error) {
  std::ostringstream row;
  row << csv_field(arch) << ',' << csv_field(proxy) << ',';
  if (ok) row << std::setprecision(17) << score;
  row << ',' << std::setprecision(6) << seconds << ',' << (ok ? "ok" : "failed") << ',' << csv_field(error) << '\n';
  return row.str();
}

}  // namespace zcnas::table
