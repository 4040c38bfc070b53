// zcnas: the command-line front end. Parses arguments and dispatches; all work is in
// zcnas_core, reached through commands.cpp.

#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace zcnas::cli;
  CLI::App app{"zcnas: zero-cost neural architecture search"};
  app.require_subcommand(1);
  GlobalOptions g;
  app.add_option("--config", g.config_file, "TOML run configuration")->check(CLI::ExistingFile);
  app.add_flag("-v,--verbose", g.verbose, "More log output (repeat for trace)");
  app.add_flag("-q,--quiet", g.quiet, "Only warnings and errors on stderr");
  app.add_option("--threads", g.threads, "CPU threads for LibTorch (default: one per core)")->check(CLI::PositiveNumber);
  app.add_option("--device", g.device, "cpu, cuda or cuda:N (default cpu)");
  app.add_option("--seed", g.seed, "Seed for data batches and initialisation")->check(CLI::NonNegativeNumber);
  app.add_option("--plugin-path", g.plugin_dirs, "Extra directory to load plugins from (repeatable)");

  bool json = false;
  auto* plugins = app.add_subcommand("plugins", "List the loaded proxy and combiner plugins");
  plugins->add_flag("--json", json, "Print a JSON array of plugin metadata");
  std::string show_name;
  bool show_json = false;
  auto* show = plugins->add_subcommand("show", "Show one plugin's parameters and documentation");
  show->add_option("name", show_name, "Plugin name")->required();
  show->add_flag("--json", show_json, "Print the plugin's metadata as a JSON object");

  auto* doctor_cmd = app.add_subcommand(
      "doctor", "Check this installation: versions, threads, device, plugins, and every proxy on a small network");
  auto* version_cmd = app.add_subcommand("version", "Print the zcnas, SDK ABI and LibTorch versions");

  CLI11_PARSE(app, argc, argv);

  if (*show) return plugins_show(g, show_name, show_json);
  if (*plugins) return plugins_list(g, json);
  if (*doctor_cmd) return doctor(g);
  if (*version_cmd) return version();
  return 2;
}
