#include "report/gnuplot.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace zcnas::report {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// For the shell: single quotes, each ' written as '\''.
std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

Expected<std::string> terminal_for(const std::string& figure, int width, int height) {
  const std::string size = " size " + std::to_string(width) + "," + std::to_string(height);
  if (ends_with(figure, ".svg")) return "svg" + size + " dynamic background rgb 'white'";
  if (ends_with(figure, ".png")) return "pngcairo" + size;
  return Error(ErrorKind::invalid_argument, "figure '" + figure + "': name it .svg or .png");
}

Expected<void> run_gnuplot(const std::string& script, const std::string& figure) {
  const std::string script_file = figure + ".gp";
  {
    std::ofstream out(script_file);
    if (!(out << script)) return Error(ErrorKind::io, "cannot write '" + script_file + "'");
  }
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0)
    return Error(ErrorKind::io, "gnuplot is not installed (Debian: apt-get install gnuplot-nox); the figure's script is "
                                "in '" + script_file + "': run `gnuplot " + script_file + "` once it is");
  const std::string command = "gnuplot " + shell_quoted(script_file) + " 2>" + shell_quoted(figure + ".gnuplot.log");
  if (std::system(command.c_str()) != 0)
    return Error(ErrorKind::io, "gnuplot failed on '" + script_file + "' (its messages: '" + figure + ".gnuplot.log')");
  std::remove((figure + ".gnuplot.log").c_str());
  return {};
}

}  // namespace zcnas::report
