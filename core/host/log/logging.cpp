#include "log/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace zcnas::log {

namespace {
void install_stderr_logger() {
  static bool installed = false;
  if (installed) return;
  auto logger = spdlog::stderr_color_mt("zcnas");
  logger->set_pattern("%^[%l]%$ %v");
  spdlog::set_default_logger(logger);
  installed = true;
}
}  // namespace

void configure(int verbosity) {
  install_stderr_logger();
  spdlog::level::level_enum level = spdlog::level::info;
  if (verbosity < 0) level = spdlog::level::warn;
  if (verbosity == 1) level = spdlog::level::debug;
  if (verbosity >= 2) level = spdlog::level::trace;
  spdlog::set_level(level);
}

Expected<void> configure(const std::string& name) {
  install_stderr_logger();
  const auto level = spdlog::level::from_str(name);
  if (level == spdlog::level::off && name != "off")
    return Error(ErrorKind::invalid_argument, "unknown log level '" + name + "' (trace, debug, info, warn, error)");
  spdlog::set_level(level);
  return {};
}

}  // namespace zcnas::log
