#pragma once
// "did you mean" for every place that rejects a name: TOML keys, plugin parameters,
// plugin names, DSL identifiers.

#include <string>
#include <vector>

namespace zcnas::util {

std::size_t edit_distance(const std::string& a, const std::string& b);

// The candidate closest to `word`, or "" when none is close enough to be a likely typo.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

// "a, b, c"
std::string join(const std::vector<std::string>& items, const std::string& separator = ", ");

}  // namespace zcnas::util
