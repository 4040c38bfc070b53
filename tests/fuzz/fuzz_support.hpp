#pragma once
// What the libFuzzer targets share: an input as a file (the readers under test take paths, as
// users hand zcnas files) and the property every target checks of a refusal: it explains
// itself. A target aborts (a finding) when a failure has no message.

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "zcnas/error.hpp"

namespace zcnas::fuzz {

// The input written to a file of this process (one per suffix, rewritten for every input).
inline std::string as_file(const std::uint8_t* data, std::size_t size, const std::string& suffix) {
  const std::string path = "/tmp/zcnas-fuzz-" + std::to_string(::getpid()) + suffix;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

template <typename T>
void require_explained(const Expected<T>& result) {
  if (!result && result.error().to_string().empty()) std::abort();
}

}  // namespace zcnas::fuzz
