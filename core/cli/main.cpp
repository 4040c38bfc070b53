// zcnas: the command-line front end. Parses arguments into run settings and a job, and
// dispatches; all work is in the run layer (core/engine/run/), reached through commands.hpp.

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "runtime/allocator.hpp"

int main(int argc, char** argv) {
  zcnas::runtime::retain_freed_memory();
  using namespace zcnas::cli;
  namespace run = zcnas::run;
  CLI::App app{"zcnas: zero-cost neural architecture search"};
  app.require_subcommand(1);
  // Global options before or after the subcommand: what a subcommand does not know falls
  // through to these (`zcnas score s.zc --seed 3`). A subcommand's own option of the same name
  // wins (`space sample --seed` seeds the sampler). Set before the subcommands, which inherit it.
  app.fallthrough();
  RunSettings g;
  bool isolate = false;
  app.add_option("--config", g.config_file, "TOML run configuration")->check(CLI::ExistingFile);
  app.add_flag("-v,--verbose", g.verbose, "More log output (repeat for trace)");
  app.add_flag("-q,--quiet", g.quiet, "Only warnings and errors on stderr");
  app.add_option("--threads", g.threads, "CPU threads for LibTorch (default: OMP_NUM_THREADS, else one per core)")->check(CLI::PositiveNumber);
  app.add_option("--device", g.device, "cpu, cuda or cuda:N (default cpu)");
  app.add_option("--seed", g.seed, "Seed for data batches and initialisation")->check(CLI::NonNegativeNumber);
  app.add_option("--plugin-path", g.plugin_dirs, "Extra directory to load plugins from (repeatable)");
  app.add_option("--store", g.store,
                 "Run store (SQLite): results are read from and written to it (default $ZCNAS_STORE or ./zcnas.db)");
  app.add_flag("--no-store", g.no_store, "No run store: compute everything, store nothing");
  app.add_flag("--retry-failed", g.retry_failed, "Compute again the results the store holds as failures");
  app.add_flag("--isolate", isolate,
               "Run each architecture's proxies in a worker process: a proxy that crashes, hangs or runs out of "
               "memory fails alone (recorded with the signal) and the run goes on");
  app.add_option("--proxy-timeout", g.proxy_timeout,
                 "Seconds a proxy may take on one architecture; over it, a failure (stopped there with --isolate)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--proxy-memory", g.proxy_memory_mb,
                 "MB of memory an isolated worker may add; beyond it allocation fails inside the proxy (with --isolate)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--batchnorm", g.batchnorm, "BatchNorm during passes: train (batch statistics, default) or eval")
      ->check(CLI::IsMember({"train", "eval"}));
  app.add_option("--proxy-layers", g.proxy_layers,
                 "Weighted layers the per-layer proxies read: all (default) or conv-linear (Conv2d and Linear, as "
                 "zero-cost-nas, NAS-Bench-Suite-Zero, ZiCo and L-SWAG's code: a decoder's transposed convolutions "
                 "are left out; FLOPs and params still count them)")
      ->check(CLI::IsMember({"all", "conv-linear"}));
  app.add_option("--pass-chunk", g.pass_chunk,
                 "Run each pass as sub-batches of at most N samples and join them: the same scores to float rounding "
                 "with a fraction of the activation memory, for networks whose samples do not interact (no BatchNorm "
                 "in training mode: transformers); default 0, whole batches")
      ->check(CLI::NonNegativeNumber);

  bool json = false;
  auto* plugins = app.add_subcommand("plugins", "List the loaded proxy and combiner plugins");
  plugins->add_flag("--json", json, "Print a JSON array of plugin metadata");
  std::string show_name;
  bool show_json = false;
  auto* show = plugins->add_subcommand("show", "Show one plugin's parameters and documentation");
  show->add_option("name", show_name, "Plugin name")->required();
  show->add_flag("--json", show_json, "Print the plugin's metadata as a JSON object");

  SpaceOptions so;
  auto* space = app.add_subcommand("space", "Inspect, sample and enumerate a search space declared in a .zc file");
  space->require_subcommand(1);
  auto add_space_args = [&so](CLI::App* cmd) {
    cmd->add_option("file", so.file, ".zc file declaring the space")->required();
    cmd->add_option("--space", so.space, "Which space, when the file declares several");
  };
  auto* space_info_cmd = space->add_subcommand("info", "Size, choices, settings and constraints of a space");
  add_space_args(space_info_cmd);
  space_info_cmd->add_flag("--json", so.json, "Print a JSON object");
  auto* space_sample_cmd =
      space->add_subcommand("sample", "Print N seeded random architectures, one canonical string per line");
  add_space_args(space_sample_cmd);
  space_sample_cmd->add_option("-n,--count", so.count, "How many")->check(CLI::NonNegativeNumber);
  space_sample_cmd->add_option("--seed", so.seed, "Random seed");
  space_sample_cmd->add_flag("--unique", so.unique, "No architecture twice");
  space_sample_cmd->add_flag("--within-constraints", so.within,
                             "Only architectures inside the space's params/FLOPs constraints (each network built and measured)");
  auto* space_enum_cmd =
      space->add_subcommand("enumerate", "Print every architecture of a finite space, one canonical string per line");
  add_space_args(space_enum_cmd);
  space_enum_cmd->add_option("--limit", so.limit, "Stop after this many");
  auto* space_canon_cmd = space->add_subcommand(
      "canonical", "Print each architecture of a file in its canonical spelling (unpruned cells pruned)");
  add_space_args(space_canon_cmd);
  space_canon_cmd->add_option("archs", so.archs, "File of architectures, one per line ('-': standard input)")->required();

  ArchOptions ao;
  auto* arch = app.add_subcommand("arch", "Inspect one architecture of a space");
  arch->require_subcommand(1);
  auto* arch_show_cmd = arch->add_subcommand("show", "The network's layers, parameters and FLOPs");
  arch_show_cmd->add_option("file", ao.file, ".zc file declaring the space")->required();
  arch_show_cmd->add_option("arch", ao.arch, "Canonical architecture string (none for a space without choices)");
  arch_show_cmd->add_option("--space", ao.space, "Which space, when the file declares several");
  arch_show_cmd->add_flag("--json", ao.json, "Print a JSON object (params and flops as plain numbers)");

  run::ScoreJob sc;
  auto* score_cmd = app.add_subcommand(
      "score", "Score architectures with proxies on real image batches; long-format CSV, one row per (arch, proxy)");
  score_cmd->add_option("file", sc.space.file, ".zc file declaring the space")->required();
  score_cmd->add_option("--space", sc.space.name, "Which space, when the file declares several");
  score_cmd->add_option("-p,--proxies", sc.proxies,
                        "Proxies: [proxies.NAME] of --config, proxy declarations of the file, or plugin names "
                        "(comma-separated; default: every proxy plugin)")
      ->delimiter(',');
  auto* archs_opt = score_cmd->add_option("--archs", sc.select.archs_file, "File of canonical architecture strings, one per line")
                        ->check(CLI::ExistingFile);
  auto* sample_opt = score_cmd->add_option("--sample", sc.select.sample, "Score this many seeded random architectures (unique)")
                         ->check(CLI::PositiveNumber);
  score_cmd->add_option("--sample-seed", sc.select.sample_seed, "Seed of --sample (default 0)");
  auto* enum_opt = score_cmd->add_flag("--all", sc.select.enumerate, "Score every architecture of the (finite) space");
  archs_opt->excludes(sample_opt)->excludes(enum_opt);
  sample_opt->excludes(enum_opt);
  score_cmd->add_option("-d,--dataset", sc.dataset,
                        "cifar10, cifar10-test, cifar100, imagenet16-120, imagenet, gaussian, ones (default cifar10)");
  score_cmd->add_option("-b,--batch-size", sc.batch_size, "Images per batch (default 64)")->check(CLI::PositiveNumber);
  score_cmd->add_option("--batches", sc.batches, "Batches to draw (default: what the proxies need, ZiCo 2)")
      ->check(CLI::PositiveNumber);
  score_cmd->add_option("--input-size", sc.input_size,
                        "Input resolution H = W (default: the space's; NAS-Bench-201 on ImageNet16-120: 16)")
      ->check(CLI::PositiveNumber);
  score_cmd->add_option("--task", sc.task,
                        "The task of a multi-task space (TransNAS-Bench-101: class_object, class_scene, autoencoder, "
                        "jigsaw): its head, data and loss (default: the space's `task`)");
  score_cmd->add_option("-o,--out", sc.out, "CSV file (default: standard output); its protocol goes to FILE.protocol.json");
  score_cmd->add_option("--json", sc.json, "Also write a JSON document: protocol, timing per proxy, every score");
  score_cmd->add_option("--shard", sc.shard,
                        "i/N: score only architectures i, i+N, ... of the list (batch schedulers; merge the stores "
                        "with `zcnas store merge`). Under mpirun the ranks shard by themselves");

  run::LswagWindowJob lw;
  auto* lswag_cmd = app.add_subcommand(
      "lswag-window", "L-SWAG layer window: mean and std of log sigma per depth-percentile bin over random networks");
  lswag_cmd->add_option("file", lw.space.file, ".zc file declaring the space")->required();
  lswag_cmd->add_option("--space", lw.space.name, "Which space, when the file declares several");
  auto* lw_archs = lswag_cmd->add_option("--archs", lw.select.archs_file, "File of canonical architecture strings")
                       ->check(CLI::ExistingFile);
  auto* lw_sample = lswag_cmd->add_option("-n,--sample", lw.select.sample, "This many seeded random networks (default 200)")
                        ->check(CLI::PositiveNumber);
  lswag_cmd->add_option("--sample-seed", lw.select.sample_seed, "Seed of --sample (default 0)");
  lw_archs->excludes(lw_sample);
  lswag_cmd->add_option("-d,--dataset", lw.dataset, "Dataset of the batches (default cifar10)");
  lswag_cmd->add_option("-b,--batch-size", lw.batch_size, "Images per batch (default 64)")->check(CLI::PositiveNumber);
  lswag_cmd->add_option("--batches", lw.batches, "Batches the variance runs over (default 2)")->check(CLI::Range(2, 1000));
  lswag_cmd->add_option("--bins", lw.bins, "Depth-percentile bins (default 10)")->check(CLI::Range(1, 100));
  lswag_cmd->add_flag("--signed-grad", lw.signed_grad, "Variance of dL/dw instead of |dL/dw|");
  lswag_cmd->add_option("--input-size", lw.input_size, "Input resolution H = W (default: the space's)")
      ->check(CLI::PositiveNumber);
  lswag_cmd->add_option("--task", lw.task, "The task of a multi-task space (see zcnas score --task)");
  lswag_cmd->add_option("-o,--out", lw.out, "Per-bin CSV (default: standard output)");
  lswag_cmd->add_option("--plot", lw.plot, "Figure of the curve with the proposed window (.svg or .png, via gnuplot)");
  lswag_cmd->add_option("--json", lw.json, "JSON: bins, proposed window, its rule and the protocol");

  run::EvaluateJob ev;
  auto* eval_cmd = app.add_subcommand(
      "evaluate", "Proxies, expressions and combiners against ground truth: rho, tau, top-k, regret, bias, CIs");
  eval_cmd->add_option("experiments", ev.experiments, "Experiment TOML files (see examples/)")->check(CLI::ExistingFile);
  eval_cmd->add_option("--scores", ev.scores, "Score files: zcnas score CSV, wide CSV, or NAS-Bench-Suite-Zero JSON")
      ->check(CLI::ExistingFile);
  eval_cmd->add_option("--task", ev.task, "Task of a Suite-Zero JSON (cifar10, cifar100, ImageNet16-120, ...)");
  eval_cmd->add_option("--name", ev.name, "Name of the flag-described experiment (heat-map column)");
  eval_cmd->add_option("-p,--proxies", ev.proxies, "Proxies to evaluate (default: every column)")->delimiter(',');
  eval_cmd->add_option("--truth", ev.truth, "Ground-truth CSV")->check(CLI::ExistingFile);
  eval_cmd->add_option("--truth-key", ev.truth_key, "Its architecture column (default arch_str)");
  eval_cmd->add_option("--truth-column", ev.truth_column, "Its accuracy column, e.g. cifar10-test");
  eval_cmd->add_option("--label", ev.label, "Use a label of the score file as truth (Suite-Zero: val_accuracy)");
  eval_cmd->add_option("-c,--combiner", ev.combiners, "Combiner plugins to fit and judge (default parameters)")
      ->delimiter(',');
  eval_cmd->add_option("--labelled", ev.labelled, "Labelled sizes for combiners (default 100)")->delimiter(',');
  eval_cmd->add_option("--seeds", ev.seeds, "Split seeds (default 0)")->delimiter(',');
  eval_cmd->add_option("--bootstrap", ev.bootstrap, "Bootstrap resamples for intervals (default 1000; 0: none)");
  eval_cmd->add_option("--top-percent", ev.top_percent, "k of the top-k% overlap (default 10)");
  eval_cmd->add_option("--top-k", ev.top_k, "k of nDCG@k and of the best truth among the top k (default 10)")
      ->check(CLI::PositiveNumber);
  eval_cmd->add_option("-o,--out", ev.out, "Markdown report (default: standard output)");
  eval_cmd->add_option("--csv", ev.csv, "Every number as a long-format CSV");
  eval_cmd->add_option("--json", ev.json, "Everything as JSON");
  eval_cmd->add_option("--heatmap", ev.heatmap, "Heat-map of rho, proxies x experiments (.svg or .png)");

  SearchCommand se;
  run::SearchJob& sj = se.job;
  auto* search_cmd = app.add_subcommand(
      "search", "Search a space under a budget with a strategy plugin (random, evolution, exhaustive, prune, yours) "
                "guided by a proxy, expression or combiner");
  search_cmd->add_option("config", sj.config, "Search TOML (see examples/search/)")->required()->check(CLI::ExistingFile);
  search_cmd->add_option("--search-seed", sj.seed, "Seed of the search (overrides [search] seed)");
  search_cmd->add_option("-n,--evaluations", sj.evaluations, "Budget: distinct architectures scored (0: no limit)")
      ->check(CLI::NonNegativeNumber);
  search_cmd->add_option("--time-limit", sj.time_limit, "Budget: seconds of search (0: no limit)")
      ->check(CLI::NonNegativeNumber);
  search_cmd->add_option("-o,--out", sj.out, "Output folder (default: [search] out, else search-<name>)");
  search_cmd->add_flag("--fresh", sj.fresh, "Start anew, discarding an interrupted search in the output folder");
  search_cmd->add_flag("!--no-progress", se.progress, "No progress line");

  StoreCommand st;
  auto* store_cmd = app.add_subcommand("store", "Look into, merge and export run stores");
  store_cmd->require_subcommand(1);
  auto* store_info_cmd = store_cmd->add_subcommand("info", "Results per protocol and proxy, ok and failed");
  store_info_cmd->add_option("store", st.store, "Run store file")->required();
  auto* store_merge_cmd = store_cmd->add_subcommand(
      "merge", "Merge stores (shards, other machines) into one; a stored failure gives way to a score");
  store_merge_cmd->add_option("target", st.store, "Store to merge into (created when absent)")->required();
  store_merge_cmd->add_option("sources", st.sources, "Stores to merge from")->required();
  auto* store_export_cmd = store_cmd->add_subcommand("export", "Every result as a zcnas score CSV");
  store_export_cmd->add_option("store", st.store, "Run store file")->required();
  store_export_cmd->add_option("--protocol", st.protocol, "Only this protocol hash (see store info)");
  store_export_cmd->add_option("-o,--out", st.out, "CSV file (default: standard output)");

  ReportCommand rc;
  auto* report_cmd = app.add_subcommand(
      "report", "One self-contained HTML page: proxy-vs-truth scatter plots, rho heat-map, L-SWAG window, search trajectory, protocols");
  report_cmd->add_option("-e,--evaluation", rc.evaluations, "`zcnas evaluate --json` file (repeatable)")
      ->check(CLI::ExistingFile);
  report_cmd->add_option("-w,--window", rc.windows, "`zcnas lswag-window --json` file (repeatable)")->check(CLI::ExistingFile);
  report_cmd->add_option("-s,--search", rc.searches, "`zcnas search` output folder (repeatable)")->check(CLI::ExistingDirectory);
  report_cmd->add_option("--title", rc.title, "Page title");
  report_cmd->add_option("-o,--out", rc.out, "HTML file (default report.html)");

  std::string check_file;
  auto* check_cmd = app.add_subcommand("check", "Check a .zc file: every error with its location, or what it declares");
  check_cmd->add_option("file", check_file, ".zc file")->required();

  auto* doctor_cmd = app.add_subcommand(
      "doctor", "Check this installation: versions, threads, device, plugins, and every proxy on a small network");
  auto* version_cmd = app.add_subcommand("version", "Print the zcnas, SDK ABI and LibTorch versions");

  CLI11_PARSE(app, argc, argv);
  if (isolate) g.isolate = true;  // not given: the config's, else off

  if (*show) return plugins_show(g, show_name, show_json);
  if (*plugins) return plugins_list(g, json);
  if (*doctor_cmd) return doctor(g);
  if (*check_cmd) return check(g, check_file);
  if (*arch_show_cmd) return arch_show(g, ao);
  if (*space_info_cmd) return space_info(g, so);
  if (*space_sample_cmd) return space_sample(g, so);
  if (*space_enum_cmd) return space_enumerate(g, so);
  if (*space_canon_cmd) return space_canonical(g, so);
  if (*version_cmd) return version();
  if (*score_cmd) return score(g, sc);
  if (*store_info_cmd) return store_info(st);
  if (*report_cmd) return report_page(g, rc);
  if (*store_merge_cmd) return store_merge(st);
  if (*store_export_cmd) return store_export(st);
  if (*eval_cmd) return evaluate(g, ev);
  if (*search_cmd) return search(g, se);
  if (*lswag_cmd) return lswag_window(g, lw);
  return 2;
}
