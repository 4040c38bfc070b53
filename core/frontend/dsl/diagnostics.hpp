#pragma once
// Collects DSL errors with their locations and renders them with the source line and a
// caret under the column.

#include <map>
#include <string>
#include <vector>

#include "util/source_location.hpp"
#include "zcnas/error.hpp"

namespace zcnas::dsl {

class Diagnostics {
 public:
  // Registers a file's text so its lines can be quoted.
  void add_source(const std::string& file, const std::string& text);
  void error(const SourceLocation& at, const std::string& message);
  bool empty() const noexcept { return messages_.empty(); }
  std::size_t count() const noexcept { return messages_.size(); }
  // All errors as one, each rendered; kind parse.
  Error to_error() const;

 private:
  std::string render(const SourceLocation& at, const std::string& message) const;
  std::map<std::string, std::vector<std::string>> lines_;
  std::vector<std::string> messages_;
};

}  // namespace zcnas::dsl
