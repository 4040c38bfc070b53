#pragma once
// zcnas::Error and Expected<T>: LLVM-shaped error values. Each layer that passes an
// error up adds what it knows (file:line:col, layer path, proxy and architecture) with
// with_context(); only the CLI turns an error into text and an exit code.

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace zcnas {

enum class ErrorKind : std::uint8_t {
  invalid_argument,  // a caller passed something the API cannot take
  parse,             // text that does not parse (DSL, TOML, JSON, CSV)
  config,            // parses, but says something wrong (unknown key, wrong type)
  plugin,            // a plugin that cannot be loaded or does not behave
  io,                // a file that is missing or unreadable
  network,           // a network that cannot be built or run
  proxy,             // a proxy that failed on one architecture
  numeric,           // NaN / Inf where a number was due
  unsupported,       // a request this build cannot serve (e.g. CUDA on a CPU LibTorch)
  internal,          // a bug in zcnas
};

const char* to_string(ErrorKind kind) noexcept;

class Error {
 public:
  Error(ErrorKind kind, std::string message);

  ErrorKind kind() const noexcept { return kind_; }
  // The innermost message, without context.
  const std::string& message() const noexcept { return message_; }
  // Context entries, outermost first ("config.toml:3:1", "proxy 'synflow'").
  const std::vector<std::string>& context() const noexcept { return context_; }

  // Adds an outer context entry; returns *this so it reads as a chain at the call site.
  Error& with_context(std::string context) &;
  Error&& with_context(std::string context) &&;

  // "outer: inner: message"
  std::string to_string() const;

  // Several independent failures as one error, each on its own line (LLVM's joinErrors).
  static Error join(const std::vector<Error>& errors);

 private:
  ErrorKind kind_;
  std::string message_;
  std::vector<std::string> context_;
};

template <class T>
class [[nodiscard]] Expected {
  static_assert(!std::is_reference_v<T>, "Expected<T&> is not supported; use Expected<T*>");

 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Expected(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  Error& error() & { return std::get<1>(state_); }
  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

  bool has_value() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return !failed_; }
  Error& error() & { return error_; }
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_{ErrorKind::internal, ""};
  bool failed_ = false;
};

// Shorthand for `return zcnas::make_error(kind, "…")` in functions returning Expected.
inline Error make_error(ErrorKind kind, std::string message) { return Error(kind, std::move(message)); }

}  // namespace zcnas
