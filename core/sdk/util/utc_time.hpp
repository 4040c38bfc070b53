#pragma once
// The current UTC time as text, for records and page footers.

#include <chrono>
#include <ctime>
#include <string>

namespace zcnas::util {

// `format` as strftime takes it; the default is ISO 8601 to the second.
inline std::string utc_now(const char* format = "%Y-%m-%dT%H:%M:%SZ") {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

}  // namespace zcnas::util
