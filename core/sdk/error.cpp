#include "zcnas/error.hpp"

namespace zcnas {

const char* to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::invalid_argument: return "invalid argument";
    case ErrorKind::parse: return "parse error";
    case ErrorKind::config: return "config error";
    case ErrorKind::plugin: return "plugin error";
    case ErrorKind::io: return "I/O error";
    case ErrorKind::network: return "network error";
    case ErrorKind::proxy: return "proxy error";
    case ErrorKind::numeric: return "numeric error";
    case ErrorKind::unsupported: return "unsupported";
    case ErrorKind::internal: return "internal error";
  }
  return "error";
}

Error::Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

Error& Error::with_context(std::string context) & {
  context_.insert(context_.begin(), std::move(context));
  return *this;
}

Error&& Error::with_context(std::string context) && {
  context_.insert(context_.begin(), std::move(context));
  return std::move(*this);
}

std::string Error::to_string() const {
  std::string out;
  for (const auto& c : context_) {
    out += c;
    out += ": ";
  }
  out += message_;
  return out;
}

Error Error::join(const std::vector<Error>& errors) {
  if (errors.size() == 1) return errors.front();
  std::string message = std::to_string(errors.size()) + " errors:";
  ErrorKind kind = errors.empty() ? ErrorKind::internal : errors.front().kind();
  for (const auto& e : errors) {
    message += "\n  ";
    message += e.to_string();
  }
  return Error(kind, std::move(message));
}

}  // namespace zcnas
