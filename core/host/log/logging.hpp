#pragma once
// Logging for the host side (core and CLI). Everything goes to stderr so that stdout
// carries only results (architecture strings, CSV, JSON) that scripts pipe.
// Plugins do not log through spdlog: its registry is not shared across libraries loaded
// separately.

#include <string>

#include "zcnas/error.hpp"

namespace zcnas::log {

// verbosity: -1 quiet (warnings and errors), 0 info, 1 debug, 2 trace.
void configure(int verbosity);
// By name: trace, debug, info, warn, error.
Expected<void> configure(const std::string& level);

}  // namespace zcnas::log
