#include "score/score_run.hpp"

#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>

#include "data/datasets.hpp"
#include "data/tasks.hpp"
#include "net/families/build_network.hpp"
#include "runtime/runtime.hpp"
#include "score/protocol_identity.hpp"
#include "score/task_setup.hpp"
#include "store/run_store.hpp"
#include "spec/space_fingerprint.hpp"
#include "spec/space_ops.hpp"
#include "zcnas/version.hpp"

namespace zcnas::score {

namespace {

std::vector<std::int64_t> input_shape_of(const spec::SearchSpace& space) {
  auto it = space.settings.find("input");
  if (it == space.settings.end() || !it->second.is_list()) return {3, 32, 32};
  std::vector<std::int64_t> shape;
  for (const auto& v : it->second.as_list()) shape.push_back(v.as_integer());
  return shape;
}

std::int64_t classes_of(const spec::SearchSpace& space) {
  auto it = space.settings.find("classes");
  return it != space.settings.end() && it->second.is_integer() ? it->second.as_integer() : 10;
}

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Expected<ScoreRun> ScoreRun::prepare(const spec::SearchSpace& space, std::vector<plugin::ProxyInstance> proxies,
                                     const ScoreOptions& options) {
  // An empty pool is fine for analyses that read the passes themselves (probe()), as long
  // as they say how many batches they need.
  if (proxies.empty() && options.batches <= 0)
    return Error(ErrorKind::invalid_argument, "no proxies to score with, and no batch count for an analysis");
  if (options.isolate && !options.device.is_cpu())
    return Error(ErrorKind::invalid_argument,
                 "--isolate forks a worker per architecture, and a CUDA context does not survive fork(): "
                 "score on " + options.device.str() + " without --isolate, or isolated on the cpu");
  ScoreRun run;
  run.space_ = space;
  run.options_ = options;
  run.input_shape_ = input_shape_of(space);
  run.num_classes_ = classes_of(space);
  if (options.input_size > 0) {
    if (run.input_shape_.size() != 3)
      return Error(ErrorKind::invalid_argument, "--input-size: space '" + space.name + "' does not take images");
    run.input_shape_[1] = run.input_shape_[2] = options.input_size;
    spec::ValueList shape;
    for (auto d : run.input_shape_) shape.push_back(spec::Value::integer(d));
    run.space_.settings["input"] = spec::Value::list(std::move(shape));
  }

  // A multi-task space: the task decides the network's head (its body reads `task`), its
  // input and classes, the batches' targets and the loss.
  const data::TaskProtocol* task = nullptr;
  {
    auto chosen = choose_task(space, options.task);
    if (!chosen) return std::move(chosen).error();
    task = *chosen;
  }
  if (task) {
    if (options.input_size > 0)
      return Error(ErrorKind::invalid_argument, "--input-size and --task " + task->name +
                                                    ": the task fixes the input (" + shape_text(task->input_shape) + ")");
    apply_task(run.space_, *task);
    run.input_shape_ = task->input_shape;
    run.num_classes_ = task->classes;
  }

  std::int64_t needed = 1;
  for (const auto& p : proxies) needed = std::max(needed, p.plugin->metadata.needs.min_batches);
  data::BatchPlan plan;
  plan.batch_size = options.batch_size;
  plan.count = options.batches > 0 ? options.batches : needed;
  plan.seed = options.seed;
  plan.input_shape = task ? std::vector<std::int64_t>{3, task->image_size, task->image_size} : run.input_shape_;
  plan.num_classes = task ? std::max<std::int64_t>(task->classes, 1) : run.num_classes_;

  const data::DatasetInfo* info = data::find_dataset(options.dataset);
  data::DataSource source;
  source.name = options.dataset;
  if (info == nullptr || !info->synthetic) {
    const std::int64_t image_size = plan.input_shape[2];
    auto images = data::load_dataset(options.dataset, options.data_dirs, image_size);
    if (!images) return std::move(images).error();
    source.images = std::move(*images);
    if (task) {
      if (!task->keep_dataset_normalisation) source.images->normalisation = task->normalisation;
      source.images->num_classes = 0;  // its classes are not the task's: targets are drawn
    }
  }
  // The classifier follows the dataset (NAS-Bench-201 has 10, 100 and 120 outputs on its
  // three datasets); the space's own `classes` is its default for synthetic inputs.
  if (source.images && source.images->num_classes > 0 && source.images->num_classes != run.num_classes_) {
    run.num_classes_ = plan.num_classes = source.images->num_classes;
    run.space_.settings["classes"] = spec::Value::integer(run.num_classes_);
  }
  auto batches = data::draw_batches(source, plan);
  if (!batches) return std::move(batches).error().with_context("dataset '" + options.dataset + "'");
  if (task) {
    batches = data::task_batches(*task, std::move(*batches), options.seed, options.data_dirs);
    if (!batches) return std::move(batches).error().with_context("task '" + task->name + "'");
    run.loss_ = data::task_loss(*task);
    if (options.pass_chunk > 0 && options.pass_chunk < plan.batch_size)
      return Error(ErrorKind::invalid_argument, "--pass-chunk " + std::to_string(options.pass_chunk) +
                                                    " splits passes under the cross-entropy loss only; task '" +
                                                    task->name + "' has its own loss (use whole batches)");
  }
  run.batches_ = std::move(*batches);
  // Once to the device: every architecture's probe context then shares these tensors
  // instead of copying the batches again.
  for (auto& b : run.batches_) {
    if (b.inputs.defined()) b.inputs = b.inputs.to(options.device);
    if (b.labels.defined()) b.labels = b.labels.to(options.device);
    if (run.channels_last() && b.inputs.defined() && b.inputs.dim() == 4)
      b.inputs = b.inputs.contiguous(at::MemoryFormat::ChannelsLast);
  }

  Protocol& p = run.protocol_;
  p.zcnas_version = ZCNAS_SDK_VERSION;
  p.torch_version = runtime::torch_version();
  p.blas = runtime::blas_library();
  p.threads = runtime::threads();
  p.space = space.name;
  p.space_file = space.file;
  p.family = space.family;
  p.space_definition = spec::definition_fingerprint(space);
  p.dataset = options.dataset;
  if (task) {
    p.task = task->name;
    p.task_data = task->description + "; inputs are the " + options.dataset +
                  " images, not Taskonomy's" +
                  (task->target == data::TaskTarget::random_class ? ", class labels drawn at random from the seed" : "");
  }
  if (source.images) {
    p.dataset_source = source.images->source;
    p.dataset_images = source.images->size();
    p.batch_rows = data::batch_indices(source.images->size(), plan);
  }
  p.classes = run.num_classes_;
  p.input_shape = run.input_shape_;
  p.batch_size = plan.batch_size;
  p.batches = plan.count;
  p.seed = options.seed;
  p.batchnorm = options.batchnorm_train_mode ? "train" : "eval";
  if (options.conv_linear_layers) p.proxy_layers = "conv-linear";
  if (options.pass_chunk > 0 && options.pass_chunk < plan.batch_size) p.pass_chunk = options.pass_chunk;
  p.device = options.device.str();
  p.proxy_time_limit = options.proxy_time_limit;
  p.isolated = options.isolate;
  for (const auto& proxy : proxies)
    p.proxies.push_back({proxy.name, proxy.plugin->metadata.name, proxy.plugin->metadata.version,
                         proxy.params.to_string(), to_string(proxy.plugin->metadata.direction)});
  run.proxies_ = std::move(proxies);
  run.origin_ = store::this_origin();
  return run;
}

Expected<IndexedArch> ScoreRun::parse(std::size_t index, const std::string& text) const {
  auto arch = spec::from_canonical(space_, text);
  if (!arch) return Error(ErrorKind::invalid_argument, "not an architecture of space '" + space_.name + "': " +
                                                          arch.error().to_string());
  return IndexedArch{index, spec::to_canonical(space_, *arch), std::move(*arch)};
}

Expected<std::string> ScoreRun::probe(const std::string& text, const ContextVisitor& visit, double* build_seconds) {
  auto parsed = parse(0, text);
  if (!parsed) return std::move(parsed).error();
  return probe(*parsed, visit, build_seconds);
}

Expected<std::string> ScoreRun::probe(const IndexedArch& a, const ContextVisitor& visit, double* build_seconds) {
  const std::string& canonical = a.canonical;
  const auto start = std::chrono::steady_clock::now();
  Expected<Network> built = Error(ErrorKind::internal, "not built");
  if (auto offered = offered_.take(canonical)) {
    built = std::move(*offered);
  } else {
    try {
      built = a.supernet ? net::build_supernet(space_, *a.supernet, options_.seed)
                         : net::build_network(space_, a.arch, options_.seed);
    } catch (const std::exception& e) {
      built = Error(ErrorKind::network, e.what());
    }
  }
  offered_.clear();
  if (!built) return Error(ErrorKind::network, "network build failed: " + built.error().to_string());
  Network network = std::move(*built);
  network.to(options_.device);
  // The layers per-layer proxies see, on the scored network and on every fresh copy of it.
  const bool conv_linear = options_.conv_linear_layers;
  auto show_proxy_layers = [conv_linear](Network& n) {
    if (conv_linear) n.hide_layers(LayerKind::conv_transpose2d);
  };
  show_proxy_layers(network);
  if (channels_last()) {
    torch::NoGradGuard no_grad;
    for (auto& p : network.module().parameters())
      if (p.dim() == 4) p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
  }
  if (build_seconds) *build_seconds = seconds_since(start);

  ProbeOptions probe;
  probe.device = options_.device;
  probe.seed = options_.seed;
  probe.batchnorm_train_mode = options_.batchnorm_train_mode;
  probe.dataset = options_.dataset;
  probe.input_shape = input_shape_;
  probe.num_classes = num_classes_;
  probe.loss = loss_;
  probe.pass_chunk = options_.pass_chunk;
  NetworkFactory factory =
      a.supernet ? net::supernet_factory(space_, *a.supernet) : net::network_factory(space_, a.arch);
  if (conv_linear) {  // fresh copies (synflow, Zen)
    factory = [build = std::move(factory), show_proxy_layers](std::uint64_t seed,
                                                              const SpaceSettings& changed) -> Expected<Network> {
      auto n = build(seed, changed);
      if (n) show_proxy_layers(*n);
      return n;
    };
  }
  ProbeContext ctx(network, batches_, probe, std::move(factory));
  visit(ctx, canonical);
  return canonical;
}

ArchResult ScoreRun::score(std::size_t index, const std::string& text) {
  auto parsed = parse(index, text);
  if (parsed) return score(*parsed);
  ArchResult failed = blank_result(index, text);
  for (auto& o : failed.outcomes) o.error = parsed.error().message();
  return failed;
}

void ScoreRun::offer_network(const std::string& canonical, Network network) {
  offered_.put(canonical, std::move(network));
}

ArchResult ScoreRun::score(const IndexedArch& a) {
  if (!cache_) return compute(a, std::vector<bool>(proxies_.size(), true));
  Pending pending = lookup(a);
  if (pending.complete()) {
    offered_.clear();
    return std::move(pending.result);
  }
  ArchResult computed = compute(a, pending.wanted);
  return complete(std::move(pending), std::move(computed));
}

ArchResult ScoreRun::compute(const IndexedArch& a, const std::vector<bool>& wanted) {
  // Isolated workers receive architecture strings; a supernet is scored here.
  if (!options_.isolate || a.supernet) return compute_here(a, wanted);
  ArchResult result = compute_isolated(a, wanted);  // the worker used the offered network
  offered_.clear();
  return result;
}

ArchResult ScoreRun::blank_result(std::size_t index, const std::string& text) const {
  ArchResult result;
  result.index = index;
  result.arch = text;
  result.origin = origin_;
  result.outcomes.resize(proxies_.size());
  for (std::size_t i = 0; i < proxies_.size(); ++i) {
    result.outcomes[i].proxy = proxies_[i].name;
    result.outcomes[i].arch = text;
  }
  return result;
}

ArchResult ScoreRun::compute_here(const IndexedArch& a, const std::vector<bool>& wanted, const ProxyHooks* hooks) {
  ArchResult result = blank_result(a.index, a.canonical);
  auto probed = probe(
      a,
      [&](ProbeContext& ctx, const std::string& canonical) {
        result.arch = canonical;
        auto started = [&](std::size_t i) {
          if (hooks && hooks->started) hooks->started(i);
        };
        auto finished = [&](std::size_t i, proxy::ProxyOutcome& o) {
          // In this process a running proxy cannot be stopped; one that overran is a failure
          // all the same, so that the limit means the same with and without isolation.
          if (options_.proxy_time_limit > 0 && o.seconds > options_.proxy_time_limit) {
            o.ok = false;
            o.error = "proxy '" + o.proxy + "' on arch '" + canonical + "': took " + std::to_string(o.seconds) +
                      " s, over the time limit of " + std::to_string(options_.proxy_time_limit) +
                      " s (with --isolate it is stopped at the limit)";
          }
          result.outcomes[i] = o;
          if (hooks && hooks->finished) hooks->finished(i, result.outcomes[i]);
        };
        proxy::run_proxies(proxies_, ctx, canonical, &wanted, started, finished);
      },
      &result.build_seconds);
  if (!probed) {
    for (std::size_t i = 0; i < proxies_.size(); ++i) {
      if (!wanted[i]) continue;
      result.outcomes[i].error = probed.error().message();
      if (hooks && hooks->finished) hooks->finished(i, result.outcomes[i]);
    }
  }
  return result;
}

Expected<void> ScoreRun::use_store(std::shared_ptr<store::RunStore> store, bool retry_failed) {
  const std::string hash = score::protocol_hash(protocol_);
  if (auto ok = store->put_protocol(hash, protocol_identity_json(protocol_)); !ok) return ok;
  std::vector<std::string> names, keys;
  for (const auto& p : proxies_) {
    names.push_back(p.name);
    keys.push_back(proxy_key(p));
  }
  cache_.emplace(std::move(store), hash, options_.seed, std::move(names), std::move(keys), retry_failed);
  return {};
}

bool ScoreRun::Pending::complete() const {
  return std::none_of(wanted.begin(), wanted.end(), [](bool w) { return w; });
}

ScoreRun::Pending ScoreRun::lookup(const IndexedArch& a) {
  Pending p;
  p.result = blank_result(a.index, a.canonical);
  p.wanted.assign(proxies_.size(), true);
  if (!cache_) return p;
  p.wanted = cache_->fill(a.canonical, p.result.outcomes);
  return p;
}

ArchResult ScoreRun::complete(Pending pending, ArchResult computed) {
  ArchResult result = std::move(pending.result);
  result.build_seconds = computed.build_seconds;
  result.origin = computed.origin;
  for (std::size_t i = 0; i < proxies_.size(); ++i)
    if (pending.wanted[i]) result.outcomes[i] = std::move(computed.outcomes[i]);
  if (cache_) cache_->put(result.arch, result.outcomes, pending.wanted, result.origin);
  return result;
}

}  // namespace zcnas::score
