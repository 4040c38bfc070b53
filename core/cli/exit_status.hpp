#pragma once
// How the CLI ends: errors printed for people, and exit codes. Only this layer does either
// (LLVM's ExitOnError lives here, not in core).

#include <iostream>

#include "run/job_result.hpp"

namespace zcnas::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // the command ran and something in it failed
constexpr int kExitUsage = 2;    // bad input: config, arguments, unknown names

inline void report(const Error& e) { std::cerr << "zcnas: error: " << e.to_string() << "\n"; }

// Prints a job's error; returns its exit code.
inline int fail(const run::JobError& e) {
  report(e.error);
  return e.bad_input ? kExitUsage : kExitFailure;
}

}  // namespace zcnas::cli
