#pragma once
// Where a value came from, so every config and DSL error can say file:line:col.

#include <string>

namespace zcnas {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based

  // "file:line:col" (or just "file" when the position is unknown)
  std::string to_string() const {
    if (line <= 0) return file;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
};

}  // namespace zcnas
