#pragma once
// FNV-1a 64: a stable hash of text for record keys and fingerprints (the same on every
// machine and build, unlike std::hash).

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace zcnas::util {

inline constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ull;

inline std::uint64_t fnv1a64(std::string_view text, std::uint64_t h = kFnvOffset) {
  for (unsigned char ch : text) h = (h ^ ch) * 0x100000001b3ull;
  return h;
}

// 16 lowercase hex digits.
inline std::string hex64(std::uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace zcnas::util
