#pragma once
// Exact sizes of search spaces, which overflow 64 bits (DARTS: ~1e36 with both cells).

#include <cstdint>
#include <string>
#include <vector>

namespace zcnas::spec {

class BigUint {
 public:
  BigUint(std::uint64_t v = 0);  // NOLINT: implicit from integers
  BigUint& operator+=(const BigUint& o);
  BigUint& operator*=(const BigUint& o);
  friend BigUint operator+(BigUint a, const BigUint& b) { return a += b; }
  friend BigUint operator*(BigUint a, const BigUint& b) { return a *= b; }
  bool operator==(const BigUint& o) const { return limbs_ == o.limbs_; }
  std::string to_string() const;
  double to_double() const;
  bool fits_u64() const noexcept { return limbs_.size() <= 2; }
  std::uint64_t to_u64() const;  // requires fits_u64()

 private:
  void trim();
  std::vector<std::uint32_t> limbs_;  // little-endian base 2^32
};

}  // namespace zcnas::spec
