// The `zcnas._zcnas` extension: the run layer (engine/run/) as Python calls, with errors as
// Python exceptions carrying zcnas's located messages. A thin layer, as the CLI is: the
// friendlier Python surface (result objects, tables) is zcnas/__init__.py.

#include <pybind11/functional.h>
#include <pybind11/stl.h>
#include <torch/python.h>

#include <Python.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "module_scoring.hpp"
#include "plugin/plugin_host.hpp"
#include "zcnas/combiner.hpp"
#include "net/families/build_network.hpp"
#include "run/architecture_selection.hpp"
#include "run/environment.hpp"
#include "run/evaluate_job.hpp"
#include "run/score_job.hpp"
#include "run/search_job.hpp"
#include "run/space_sampling.hpp"
#include "runtime/install_paths.hpp"
#include "spec/space_ops.hpp"
#include "zcnas/version.hpp"

namespace py = pybind11;
using namespace zcnas;

namespace {

PyObject* error_type = nullptr;      // zcnas.Error
PyObject* bad_input_type = nullptr;  // zcnas.BadInput: the user's to fix (the CLI's exit 2)

[[noreturn]] void raise(const Error& e, bool bad_input) {
  PyErr_SetString(bad_input ? bad_input_type : error_type, e.to_string().c_str());
  throw py::error_already_set();
}
[[noreturn]] void raise(const run::JobError& e) { raise(e.error, e.bad_input); }

template <class T>
T take(Expected<T> value, bool bad_input = true) {
  if (!value) raise(value.error(), bad_input);
  return std::move(*value);
}
template <class T>
T take(run::JobResult<T> value) {
  if (!value) raise(value.error());
  return std::move(*value);
}

// The settings every call takes, as keyword arguments; None is "not given", as a missing flag.
struct Settings {
  std::optional<std::string> config, store, device, batchnorm;
  std::optional<std::int64_t> seed, pass_chunk;
  std::optional<int> threads;
  std::vector<std::string> plugin_path;
  std::optional<bool> isolate;
  std::optional<double> proxy_timeout;
  int verbose = 0;
  bool quiet = false;

  run::RunSettings resolve() const {
    run::RunSettings s;
    s.config_file = config.value_or("");
    s.store = store;
    s.device = device;
    s.batchnorm = batchnorm;
    s.seed = seed;
    s.threads = threads;
    s.plugin_dirs = plugin_path;
    s.isolate = isolate;
    s.proxy_timeout = proxy_timeout;
    s.pass_chunk = pass_chunk;
    s.verbose = verbose;
    s.quiet = quiet;
    return s;
  }
  std::string key() const {
    auto o = [](const auto& v) { return v ? py::str(py::cast(*v)).cast<std::string>() : std::string("-"); };
    std::string k = o(config) + "|" + o(store) + "|" + o(device) + "|" + o(batchnorm) + "|" + o(seed) + "|" +
                    o(threads) + "|" + o(isolate) + "|" + o(proxy_timeout) + "|" + o(pass_chunk) + "|" + std::to_string(verbose) +
                    (quiet ? "q" : "") + "|";
    for (const auto& p : plugin_path) k += p + ":";
    return k;
  }
};

Settings settings_of(const py::kwargs& kw) {
  Settings s;
  auto str = [&](const char* k, std::optional<std::string>& out) {
    if (kw.contains(k) && !kw[k].is_none()) out = py::str(kw[k]).cast<std::string>();
  };
  str("config", s.config);
  str("store", s.store);
  str("device", s.device);
  str("batchnorm", s.batchnorm);
  if (kw.contains("store") && py::isinstance<py::bool_>(kw["store"])) {
    if (kw["store"].cast<bool>())
      raise(Error(ErrorKind::invalid_argument, "store=True: name the store file, or store=False / \"off\""), true);
    s.store = "off";
  }
  if (kw.contains("seed") && !kw["seed"].is_none()) s.seed = kw["seed"].cast<std::int64_t>();
  if (kw.contains("threads") && !kw["threads"].is_none()) s.threads = kw["threads"].cast<int>();
  if (kw.contains("pass_chunk") && !kw["pass_chunk"].is_none()) s.pass_chunk = kw["pass_chunk"].cast<std::int64_t>();
  if (kw.contains("isolate") && !kw["isolate"].is_none()) s.isolate = kw["isolate"].cast<bool>();
  if (kw.contains("proxy_timeout") && !kw["proxy_timeout"].is_none())
    s.proxy_timeout = kw["proxy_timeout"].cast<double>();
  if (kw.contains("plugin_path") && !kw["plugin_path"].is_none()) {
    if (py::isinstance<py::str>(kw["plugin_path"])) s.plugin_path = {kw["plugin_path"].cast<std::string>()};
    else s.plugin_path = kw["plugin_path"].cast<std::vector<std::string>>();
  }
  if (kw.contains("verbose")) s.verbose = kw["verbose"].cast<int>();
  if (kw.contains("quiet")) s.quiet = kw["quiet"].cast<bool>();
  for (auto item : kw) {
    const auto k = item.first.cast<std::string>();
    static const char* known[] = {"config", "store", "device", "batchnorm", "seed", "threads",
                                  "isolate", "proxy_timeout", "pass_chunk", "plugin_path", "verbose", "quiet"};
    if (std::find_if(std::begin(known), std::end(known), [&](const char* n) { return k == n; }) == std::end(known))
      raise(Error(ErrorKind::invalid_argument,
                  "unknown setting '" + k + "' (settings: config, store, device, batchnorm, seed, threads, "
                  "isolate, proxy_timeout, pass_chunk, plugin_path, verbose, quiet)"),
            true);
  }
  return s;
}

// Resolving loads every plugin: kept per distinct settings for the life of the process.
std::shared_ptr<run::Environment> environment(const Settings& s) {
  static std::map<std::string, std::shared_ptr<run::Environment>> cache;
  const std::string key = s.key();
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto env = run::Environment::resolve(s.resolve());
  if (!env) raise(env.error(), true);
  std::shared_ptr<run::Environment> shared(std::move(*env));
  cache[key] = shared;
  return shared;
}

// A job's progress callback that also lets Ctrl-C stop it: the interpreter's signal
// handler only marks the signal while the job runs without the GIL.
struct Interruptible {
  std::atomic<bool> stop{false};
  bool interrupted = false;
  void poll() {
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) {
      PyErr_Clear();
      interrupted = true;
      stop = true;
    }
  }
  void raise_if_interrupted() const {
    if (!interrupted) return;
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
};

py::dict outcome_dict(const proxy::ProxyOutcome& o) {
  py::dict d;
  d["proxy"] = o.proxy;
  d["ok"] = o.ok;
  d["score"] = o.ok ? o.score : std::numeric_limits<double>::quiet_NaN();
  d["seconds"] = o.seconds;
  d["error"] = o.error;
  d["not_applicable"] = o.not_applicable;
  return d;
}

// A space of a .zc file, with the environment it was read in (plugins, op libraries).
struct Space {
  std::shared_ptr<run::Environment> env;
  spec::SearchSpace space;
};

spec::Architecture parse_arch(const Space& s, const std::string& text) {
  auto arch = spec::from_canonical(s.space, text);
  if (!arch)
    raise(Error(ErrorKind::invalid_argument,
                "not an architecture of space '" + s.space.name + "': " + arch.error().to_string()),
          true);
  return *arch;
}

py::list layer_list(const Network& n) {
  py::list out;
  for (const auto& l : n.layers()) {
    py::dict d;
    d["name"] = l.name;
    d["kind"] = to_string(l.kind);
    d["depth"] = l.depth;
    d["shape"] = l.weight.sizes().vec();
    out.append(d);
  }
  return out;
}

}  // namespace

PYBIND11_MODULE(_zcnas, m) {
  m.doc() = "zcnas's run layer (use the zcnas package, not this module)";
  py::module_::import("torch");  // tensors cross as torch.Tensor: PyTorch's types must be loaded
  error_type = PyErr_NewException("zcnas.Error", PyExc_RuntimeError, nullptr);
  bad_input_type = PyErr_NewException("zcnas.BadInput", error_type, nullptr);
  m.attr("Error") = py::handle(error_type);
  m.attr("BadInput") = py::handle(bad_input_type);
  m.attr("version") = ZCNAS_SDK_VERSION;

  m.def("set_program_dir", [](const std::string& dir) { runtime::set_program_dir(dir); },
        "Where plugins, spaces and data are found (the folder that stands for the zcnas binary's).");

  m.def(
      "plugins",
      [](const py::kwargs& kw) {
        auto env = environment(settings_of(kw));
        py::list out;
        for (const auto& p : env->plugins()) {
          py::dict d;
          d["name"] = p.metadata.name;
          d["kind"] = to_string(p.metadata.kind);
          d["version"] = p.metadata.version;
          d["path"] = p.path;
          out.append(d);
        }
        return out;
      },
      "The loaded plugins (name, kind, version, path).");

  m.def(
      "score_module",
      [](const py::object& module, const std::vector<std::string>& proxies, const std::string& dataset,
         std::int64_t batch_size, std::int64_t batches, std::int64_t input_size, const std::vector<std::string>& blocks,
         const py::object& factory, const py::kwargs& kw) {
        auto env = environment(settings_of(kw));
        python::ModuleScoring request;
        request.proxies = proxies;
        request.dataset = dataset;
        request.batch_size = batch_size;
        request.batches = batches;
        request.input_size = input_size;
        request.blocks = blocks;
        request.factory = python::hold(factory);
        auto scored = take(python::score_module(*env, module, request));
        py::list outcomes;
        for (const auto& o : scored.outcomes) outcomes.append(outcome_dict(o));
        py::dict d;
        d["outcomes"] = outcomes;
        d["protocol"] = scored.protocol_json;
        d["layers"] = scored.layers;
        d["activation_sites"] = scored.activation_sites;
        d["parameters"] = scored.parameters;
        return d;
      },
      py::arg("module"), py::arg("proxies"), py::arg("dataset"), py::arg("batch_size"), py::arg("batches"),
      py::arg("input_size"), py::arg("blocks"), py::arg("factory"));

  py::class_<Network, std::shared_ptr<Network>>(m, "Network", "A network built from a DSL space.")
      .def("forward",
           [](Network& n, const at::Tensor& x) {
             py::gil_scoped_release released;
             return n.forward(x);
           })
      .def("named_parameters",
           [](Network& n) {
             std::vector<std::pair<std::string, at::Tensor>> out;
             for (const auto& item : n.module().named_parameters()) out.emplace_back(item.key(), item.value());
             return out;
           })
      .def("named_buffers",
           [](Network& n) {
             std::vector<std::pair<std::string, at::Tensor>> out;
             for (const auto& item : n.module().named_buffers()) out.emplace_back(item.key(), item.value());
             return out;
           })
      .def("layers", &layer_list)
      .def("activation_sites", [](const Network& n) { return n.activations().size(); })
      .def("parameter_count", &Network::parameter_count)
      .def("train", [](Network& n, bool on) { n.train(on); }, py::arg("mode") = true)
      .def("to", [](Network& n, const std::string& device) { n.to(c10::Device(device)); });

  py::class_<Space>(m, "Space", "A search space declared in a .zc file.")
      .def_property_readonly("name", [](const Space& s) { return s.space.name; })
      .def_property_readonly("family", [](const Space& s) { return s.space.family; })
      .def_property_readonly("file", [](const Space& s) { return s.space.file; })
      .def_property_readonly("size", [](const Space& s) { return spec::size(s.space).to_string(); },
                             "the number of valid architectures, exactly (a decimal string: it may exceed 2^64)")
      .def(
          "sample",
          [](const Space& s, std::int64_t n, std::uint64_t seed, bool unique, bool within_constraints) {
            run::SampleRequest r;
            r.count = n;
            r.seed = seed;
            r.unique = unique;
            r.within_constraints = within_constraints;
            std::vector<std::string> out;
            take(run::sample_space(s.space, r, [&](const std::string& a) { out.push_back(a); }));
            return out;
          },
          py::arg("n"), py::arg("seed") = 0, py::arg("unique") = true, py::arg("within_constraints") = false)
      .def("enumerate",
           [](const Space& s) {
             run::ArchSelection all;
             all.enumerate = true;
             std::vector<std::string> out;
             for (const auto& a : take(run::select_architectures(s.space, all))) out.push_back(a.canonical);
             return out;
           })
      .def("canonical", [](const Space& s, const std::string& arch) {
        return spec::to_canonical(s.space, parse_arch(s, arch));
      })
      .def(
          "network",
          [](const Space& s, const std::string& arch, std::optional<std::uint64_t> seed) {
            auto a = parse_arch(s, arch);
            auto built = net::build_network(s.space, a, seed.value_or(s.env->seed()));
            if (!built) raise(built.error(), false);
            return std::make_shared<Network>(std::move(*built));
          },
          py::arg("arch"), py::arg("seed") = py::none());

  m.def(
      "load_space",
      [](const std::string& path, const std::string& name, const py::kwargs& kw) {
        auto env = environment(settings_of(kw));
        return Space{env, take(env->load_space({path, name}))};
      },
      py::arg("path"), py::arg("name") = "");

  m.def(
      "score",
      [](const std::string& space, const std::string& space_name, const std::vector<std::string>& proxies,
         const std::string& archs_file, std::int64_t sample, std::uint64_t sample_seed, bool enumerate_all,
         const std::string& dataset, std::int64_t batch_size, std::int64_t batches, std::int64_t input_size,
         const std::string& task, const std::string& out, const std::string& json, const py::kwargs& kw) {
        auto env = environment(settings_of(kw));
        run::ScoreJob job;
        job.space = {space, space_name};
        job.proxies = proxies;
        job.select.archs_file = archs_file;
        job.select.sample = sample;
        job.select.sample_seed = sample_seed;
        job.select.enumerate = enumerate_all;
        job.dataset = dataset;
        job.batch_size = batch_size;
        job.batches = batches;
        job.input_size = input_size;
        job.task = task;
        job.out = out;
        job.json = json;
        Interruptible ctrl_c;
        job.stop = &ctrl_c.stop;
        run::JobResult<run::ScoreReport> result = [&] {
          py::gil_scoped_release released;
          return run::run_score(*env, job, [&](std::size_t, std::size_t, std::size_t) { ctrl_c.poll(); });
        }();
        auto r = take(std::move(result));
        ctrl_c.raise_if_interrupted();
        py::dict d;
        d["architectures"] = r.architectures;
        d["rows"] = r.rows;
        d["computed"] = r.computed;
        d["reused"] = r.reused;
        d["failures"] = r.failures;
        d["store"] = r.store_path;
        return d;
      },
      py::arg("space"), py::arg("space_name"), py::arg("proxies"), py::arg("archs_file"), py::arg("sample"),
      py::arg("sample_seed"), py::arg("enumerate"), py::arg("dataset"), py::arg("batch_size"), py::arg("batches"),
      py::arg("input_size"), py::arg("task"), py::arg("out"), py::arg("json"));

  m.def(
      "evaluate",
      [](const std::vector<std::string>& experiments, const std::vector<std::string>& scores, const std::string& task,
         const std::string& name, const std::string& label, const std::vector<std::string>& proxies, const std::string& truth, const std::string& truth_key,
         const std::string& truth_column, const std::vector<std::string>& combiners,
         const std::vector<std::int64_t>& labelled, const std::vector<std::uint64_t>& seeds, std::int64_t bootstrap,
         double top_percent, std::int64_t top_k, const std::string& json, const std::string& out,
         const py::kwargs& kw) {
        auto env = environment(settings_of(kw));
        run::EvaluateJob job;
        job.experiments = experiments;
        job.scores = scores;
        job.task = task;
        job.name = name;
        job.label = label;
        job.proxies = proxies;
        job.truth = truth;
        if (!truth_key.empty()) job.truth_key = truth_key;
        job.truth_column = truth_column;
        job.combiners = combiners;
        job.labelled = labelled;
        job.seeds = seeds;
        job.bootstrap = bootstrap;
        job.top_percent = top_percent;
        job.top_k = top_k;
        job.json = json;
        job.out = out;
        run::JobResult<run::EvaluateReport> result = [&] {
          py::gil_scoped_release released;
          return run::run_evaluate(*env, job);
        }();
        auto r = take(std::move(result));
        if (!r.output_errors.empty()) raise(r.output_errors.front(), false);
        return r.experiments;
      },
      py::arg("experiments"), py::arg("scores"), py::arg("task"), py::arg("name"), py::arg("label"), py::arg("proxies"), py::arg("truth"),
      py::arg("truth_key"), py::arg("truth_column"), py::arg("combiners"), py::arg("labelled"), py::arg("seeds"),
      py::arg("bootstrap"), py::arg("top_percent"), py::arg("top_k"), py::arg("json"), py::arg("out"));

  m.def(
      "combine",
      [](const std::string& combiner, const py::dict& params, const std::vector<std::string>& archs,
         const std::vector<std::string>& proxies, const std::vector<std::vector<double>>& columns,
         const std::vector<double>& params_count, const std::vector<std::size_t>& fit_rows,
         const std::vector<double>& labels, const py::kwargs& kw) {
        auto env = environment(settings_of(kw));
        std::map<std::string, ParamValue> values;
        for (auto item : params) {
          const auto key = item.first.cast<std::string>();
          py::handle v = item.second;
          if (py::isinstance<py::bool_>(v)) values[key] = v.cast<bool>();
          else if (py::isinstance<py::int_>(v)) values[key] = v.cast<std::int64_t>();
          else if (py::isinstance<py::float_>(v)) values[key] = v.cast<double>();
          else if (py::isinstance<py::str>(v)) values[key] = v.cast<std::string>();
          else values[key] = v.cast<std::vector<double>>();
        }
        auto made = env->host().make_combiner(combiner, values);
        if (!made) raise(made.error(), true);
        ScoreTable table;
        table.archs = archs;
        table.proxies = proxies;
        table.columns = columns;
        table.params = params_count;
        if (auto ok = table.validate(); !ok) raise(ok.error(), true);
        // Fitted on the labelled rows (a rank rule learns nothing from them), applied to all.
        ScoreTable fit = table;
        if (!fit_rows.empty()) {
          fit.archs.clear();
          fit.params.clear();
          for (auto& c : fit.columns) c.clear();
          for (std::size_t r : fit_rows) {
            if (r >= table.rows()) raise(Error(ErrorKind::invalid_argument, "labelled row " + std::to_string(r) +
                                                                                  " is past the table's " +
                                                                                  std::to_string(table.rows())),
                                         true);
            fit.archs.push_back(table.archs[r]);
            if (!table.params.empty()) fit.params.push_back(table.params[r]);
            for (std::size_t c = 0; c < table.columns.size(); ++c) fit.columns[c].push_back(table.columns[c][r]);
          }
        }
        std::vector<double> y = labels;
        if (y.empty()) y.assign(fit.rows(), 0.0);
        if (y.size() != fit.rows())
          raise(Error(ErrorKind::invalid_argument, std::to_string(y.size()) + " labels for " +
                                                       std::to_string(fit.rows()) + " labelled rows"),
                true);
        if (auto ok = (*made)->fit(fit, y); !ok) raise(ok.error().with_context("combiner '" + combiner + "'"), false);
        auto scored = (*made)->score(table);
        if (!scored) raise(scored.error().with_context("combiner '" + combiner + "'"), false);
        return py::make_tuple(*scored, (*made)->explain());
      },
      py::arg("combiner"), py::arg("params"), py::arg("archs"), py::arg("proxies"), py::arg("columns"),
      py::arg("params_count"), py::arg("fit_rows"), py::arg("labels"));

  m.def(
      "search",
      [](const std::string& config, std::optional<std::uint64_t> seed, std::optional<std::int64_t> evaluations,
         std::optional<double> time_limit, const std::string& out, bool fresh, const py::kwargs& kw) {
        auto env = environment(settings_of(kw));
        run::SearchJob job;
        job.config = config;
        job.seed = seed;
        job.evaluations = evaluations;
        job.time_limit = time_limit;
        job.out = out;
        job.fresh = fresh;
        Interruptible ctrl_c;
        run::JobResult<run::SearchReport> result = [&] {
          py::gil_scoped_release released;
          return run::run_search(*env, job, [&](const run::SearchTick&) { ctrl_c.poll(); }, &ctrl_c.stop);
        }();
        auto r = take(std::move(result));
        ctrl_c.raise_if_interrupted();
        py::dict d;
        d["name"] = r.name;
        d["out"] = r.out;
        d["stop_reason"] = r.stop_reason;
        d["candidates"] = r.candidates;
        d["best"] = r.best;
        d["best_fitness"] = r.best_fitness;
        d["best_evaluation"] = r.best_evaluation;
        d["params"] = r.params;
        d["flops"] = r.flops;
        d["elapsed"] = r.elapsed;
        py::dict truth;
        for (const auto& t : r.truth) truth[py::str(t.column)] = py::make_tuple(t.value, t.optimum);
        d["truth"] = truth;
        if (r.late_error) d["warning"] = r.late_error->to_string();
        return d;
      },
      py::arg("config"), py::arg("seed"), py::arg("evaluations"), py::arg("time_limit"), py::arg("out"),
      py::arg("fresh"));
}
