#pragma once
// Figures through gnuplot (Debian gnuplot-nox): zcnas writes the data and a gnuplot script
// next to the figure, so a user can restyle it, and runs gnuplot to draw it. When gnuplot
// is missing the script stays and the error says how to draw it later.

#include <string>

#include "zcnas/error.hpp"

namespace zcnas::report {

// Writes `script` to `figure` + ".gp" and runs gnuplot on it; the script itself must set
// the terminal (svg or pngcairo, chosen from the figure's extension by terminal_for()) and
// `set output` to the figure.
Expected<void> run_gnuplot(const std::string& script, const std::string& figure);

// "svg size W,H dynamic" or "pngcairo size W,H" (or "png") from the figure's extension;
// an error for any other extension.
Expected<std::string> terminal_for(const std::string& figure, int width, int height);

// A string as a gnuplot double-quoted literal.
std::string quoted(const std::string& text);

}  // namespace zcnas::report
