#pragma once
// A double as an int64 when it is a finite whole number inside int64's range. The range is
// checked before the cast because converting an out-of-range double is undefined behaviour
// (UBSan found it twice through the TOML fuzzers: 2.4e86 in a [settings] list).

#include <cmath>
#include <cstdint>
#include <optional>

namespace zcnas::util {

inline std::optional<std::int64_t> whole_int64(double d) {
  if (!(std::fabs(d) < 9.0e18) || std::floor(d) != d) return std::nullopt;  // NaN fails the first test
  return static_cast<std::int64_t>(d);
}

}  // namespace zcnas::util
