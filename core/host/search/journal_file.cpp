#include "search/journal_file.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <sstream>

#include "table/score_csv.hpp"

namespace zcnas::search::journal {

std::string number(double v) {
  if (std::isnan(v)) return "";
  std::ostringstream s;
  s << std::setprecision(17) << v;
  return s.str();
}

void drop_partial_last_line(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!text.empty() && text.back() != '\n') {
    const auto end = text.rfind('\n');
    std::filesystem::resize_file(path, end == std::string::npos ? 0 : end + 1);
  }
}

void write_header(std::ostream& out, const std::vector<std::string>& fixed, const std::vector<std::string>& proxies) {
  for (std::size_t i = 0; i < fixed.size(); ++i) out << (i ? "," : "") << fixed[i];
  for (const auto& p : proxies) out << ',' << table::csv_field(p);
  out << '\n' << std::flush;
}

Expected<void> check_header(const std::vector<std::string>& header, const std::vector<std::string>& fixed,
                            const std::vector<std::string>& proxies, const std::string& path, const std::string& what) {
  std::vector<std::string> expected = fixed;
  expected.insert(expected.end(), proxies.begin(), proxies.end());
  if (header == expected) return {};
  return Error(ErrorKind::config, "'" + path + "' records " + what +
                                      " with other proxies or columns; resume it with its own configuration or "
                                      "start anew with --fresh");
}

}  // namespace zcnas::search::journal
