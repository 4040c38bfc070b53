#include "zcnas/combiner.hpp"

namespace zcnas {

long ScoreTable::column_index(const std::string& proxy) const noexcept {
  for (std::size_t i = 0; i < proxies.size(); ++i) {
    if (proxies[i] == proxy) return static_cast<long>(i);
  }
  return -1;
}

Expected<void> ScoreTable::validate() const {
  if (columns.size() != proxies.size())
    return Error(ErrorKind::invalid_argument, "score table has " + std::to_string(proxies.size()) + " proxy names but " +
                                                  std::to_string(columns.size()) + " columns");
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].size() != rows())
      return Error(ErrorKind::invalid_argument, "score table column '" + proxies[i] + "' has " +
                                                    std::to_string(columns[i].size()) + " rows, the table " +
                                                    std::to_string(rows()));
  }
  if (!params.empty() && params.size() != rows())
    return Error(ErrorKind::invalid_argument, "score table has " + std::to_string(params.size()) +
                                                  " parameter counts for " + std::to_string(rows()) + " rows");
  return {};
}

}  // namespace zcnas
