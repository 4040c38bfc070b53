#pragma once
// One progress bar on stderr for long commands ([####....] done/total, rate, ETA, and what
// the command adds), rewritten in place at most ten times a second. Silent when stderr is not a
// terminal, so logs and CI output stay clean; commands log their periodic lines instead.

#include <chrono>
#include <cstdint>
#include <string>

namespace zcnas::cli {

class ProgressLine {
 public:
  // `enabled` false (--quiet, --no-progress) keeps it silent on a terminal too.
  ProgressLine(std::string what, std::int64_t total, bool enabled = true);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  bool active() const noexcept { return active_; }
  // `done` of total; rate and ETA from the time since construction (or `eta_seconds` >= 0).
  void update(std::int64_t done, const std::string& extra = "", double eta_seconds = -1);

 private:
  std::string what_;
  std::int64_t total_;
  bool active_, shown_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

// "1:02:03"; "?" for a negative or unknown time.
std::string clock_text(double seconds);

}  // namespace zcnas::cli
