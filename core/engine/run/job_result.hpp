#pragma once
// What a job returns: its report, or an error and whose it is. Bad input (a file, a flag,
// a name, missing data: the user's to fix before anything ran) or a failure while the job
// ran (a write, a computation). The CLI maps them to exit codes 2 and 1; other callers
// (benchmarks, tests, the Python module) read the error alone.

#include <optional>
#include <utility>

#include "zcnas/error.hpp"

namespace zcnas::run {

struct JobError {
  Error error;
  bool bad_input = false;
};
inline JobError bad_input(Error e) { return {std::move(e), true}; }
inline JobError failed(Error e) { return {std::move(e), false}; }

template <class T>
class [[nodiscard]] JobResult {
 public:
  JobResult(T value) : value_(std::move(value)) {}        // NOLINT: implicit by design, as Expected
  JobResult(JobError error) : error_(std::move(error)) {}  // NOLINT
  explicit operator bool() const noexcept { return value_.has_value(); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  const JobError& error() const { return *error_; }

 private:
  std::optional<T> value_;
  std::optional<JobError> error_;
};

}  // namespace zcnas::run
