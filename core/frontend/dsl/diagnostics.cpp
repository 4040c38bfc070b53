#include "dsl/diagnostics.hpp"

#include <sstream>

namespace zcnas::dsl {

void Diagnostics::add_source(const std::string& file, const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  lines_[file] = std::move(lines);
}

std::string Diagnostics::render(const SourceLocation& at, const std::string& message) const {
  std::string out = at.to_string() + ": " + message;
  auto file = lines_.find(at.file);
  if (file == lines_.end() || at.line <= 0 || at.line > static_cast<int>(file->second.size())) return out;
  const std::string& line = file->second[at.line - 1];
  out += "\n    " + line + "\n    ";
  // Keep tabs so the caret lines up under tab-indented text.
  for (int i = 0; i + 1 < at.column && i < static_cast<int>(line.size()); ++i) out += line[i] == '\t' ? '\t' : ' ';
  out += '^';
  return out;
}

void Diagnostics::error(const SourceLocation& at, const std::string& message) {
  const std::string rendered = render(at, message);
  for (const auto& m : messages_)
    if (m == rendered) return;  // the same mistake reached twice (e.g. through two includes)
  messages_.push_back(rendered);
}

Error Diagnostics::to_error() const {
  std::string text;
  for (std::size_t i = 0; i < messages_.size(); ++i) text += (i ? "\n" : "") + messages_[i];
  if (messages_.size() > 1) text = std::to_string(messages_.size()) + " errors:\n" + text;
  return Error(ErrorKind::parse, text);
}

}  // namespace zcnas::dsl
