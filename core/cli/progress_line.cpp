#include "progress_line.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace zcnas::cli {

std::string clock_text(double seconds) {
  if (seconds < 0 || !std::isfinite(seconds)) return "?";
  char buf[32];
  const long s = std::lround(seconds);
  std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

ProgressLine::ProgressLine(std::string what, std::int64_t total, bool enabled)
    : what_(std::move(what)),
      total_(total),
      active_(enabled && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

ProgressLine::~ProgressLine() {
  if (shown_) std::fprintf(stderr, "\n");
}

void ProgressLine::update(std::int64_t done, const std::string& extra, double eta_seconds) {
  if (!active_) return;
  const auto now = std::chrono::steady_clock::now();
  const bool last = total_ > 0 && done >= total_;
  if (shown_ && !last && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  if (eta_seconds < 0 && total_ > 0 && rate > 0) eta_seconds = static_cast<double>(total_ - done) / rate;
  std::string count = std::to_string(done) + (total_ > 0 ? "/" + std::to_string(total_) : "");
  std::string bar;
  if (total_ > 0) {
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(kWidth * std::min<std::int64_t>(done, total_) / total_);
    bar = "[" + std::string(filled, '#') + std::string(kWidth - filled, '.') + "] ";
  }
  char rate_text[32];
  std::snprintf(rate_text, sizeof rate_text, rate >= 1 ? "%.1f/s" : "%.2f s each", rate >= 1 ? rate : (rate > 0 ? 1 / rate : 0));
  std::fprintf(stderr, "\r\033[K%s %s%s | %s | %s elapsed, ETA %s%s%s", what_.c_str(), bar.c_str(), count.c_str(), rate_text,
               clock_text(elapsed).c_str(), clock_text(eta_seconds).c_str(), extra.empty() ? "" : " | ", extra.c_str());
  std::fflush(stderr);
  shown_ = true;
}

}  // namespace zcnas::cli
