#pragma once
// SIGINT and SIGTERM while a long job runs (score, search): the first asks the job to stop
// after the item at hand (it polls flag()), so that its outputs close over what is done and
// the same command resumes; the handler puts the default action back, so a second signal ends
// the process at once. Scoped: the handlers that were there return with the destructor. One
// at a time per process (a signal handler can only reach static state).

#include <atomic>

namespace zcnas::cli {

class StopOnSignal {
 public:
  StopOnSignal();
  ~StopOnSignal();
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

  const std::atomic<bool>* flag() const noexcept;
  int signal() const noexcept;           // the one received, 0 if none
  const char* signal_name() const noexcept;  // "SIGINT", "SIGTERM" ("" if none)
  // The shell's convention, 128 + the signal: 130, 143 (130 when none came).
  int exit_status() const noexcept { return 128 + (signal() != 0 ? signal() : 2); }

 private:
  using Handler = void (*)(int);
  Handler previous_int_, previous_term_;
};

}  // namespace zcnas::cli
