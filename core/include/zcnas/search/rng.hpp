#pragma once
// The random source of searches: SplitMix64, small, fast and the same sequence with any
// standard library, so that a seed names one search on every machine. The host hands a
// strategy plugin this generator; the space's own sampling and mutation draw from it too.

#include <cstdint>

namespace zcnas {

class SearchRng {
 public:
  explicit SearchRng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n), without modulo bias.
  std::uint64_t below(std::uint64_t n) {
    if (n <= 1) return 0;
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    std::uint64_t x;
    do {
      x = next();
    } while (x >= limit);
    return x % n;
  }

 private:
  std::uint64_t state_;
};

}  // namespace zcnas
