#include "eval/labelled_split.hpp"

#include <algorithm>
#include <numeric>

namespace zcnas::eval {

Split split_rows(std::size_t rows, std::size_t labelled, std::uint64_t seed) {
  std::vector<std::size_t> order(rows);
  std::iota(order.begin(), order.end(), 0);
  std::uint64_t state = seed;
  auto next = [&state] {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  for (std::size_t i = rows; i > 1; --i) std::swap(order[i - 1], order[next() % i]);
  Split s;
  const std::size_t k = std::min(labelled, rows);
  s.labelled.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k));
  s.held_out.assign(order.begin() + static_cast<std::ptrdiff_t>(k), order.end());
  std::sort(s.labelled.begin(), s.labelled.end());
  std::sort(s.held_out.begin(), s.held_out.end());
  return s;
}

}  // namespace zcnas::eval
