#include "stop_on_signal.hpp"

#include <csignal>

namespace zcnas::cli {

namespace {
std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;
extern "C" void on_stop_signal(int sig) {
  g_signal = sig;
  g_stop.store(true);
  std::signal(sig, SIG_DFL);
}
}  // namespace

StopOnSignal::StopOnSignal() {
  g_stop.store(false);
  g_signal = 0;
  previous_int_ = std::signal(SIGINT, on_stop_signal);
  previous_term_ = std::signal(SIGTERM, on_stop_signal);
}

StopOnSignal::~StopOnSignal() {
  std::signal(SIGINT, previous_int_ == SIG_ERR ? SIG_DFL : previous_int_);
  std::signal(SIGTERM, previous_term_ == SIG_ERR ? SIG_DFL : previous_term_);
}

const std::atomic<bool>* StopOnSignal::flag() const noexcept { return &g_stop; }
int StopOnSignal::signal() const noexcept { return g_signal; }
const char* StopOnSignal::signal_name() const noexcept {
  return g_signal == SIGINT ? "SIGINT" : g_signal == SIGTERM ? "SIGTERM" : "";
}

}  // namespace zcnas::cli
