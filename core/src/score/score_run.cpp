#include "score/score_run.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>

#include "data/datasets.hpp"
#include "net/families/build_network.hpp"
#include "runtime/runtime.hpp"
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

  std::int64_t needed = 1;
  for (const auto& p : proxies) needed = std::max(needed, p.plugin->metadata.needs.min_batches);
  data::BatchPlan plan;
  plan.batch_size = options.batch_size;
  plan.count = options.batches > 0 ? options.batches : needed;
  plan.seed = options.seed;
  plan.input_shape = run.input_shape_;
  plan.num_classes = run.num_classes_;

  const data::DatasetInfo* info = data::find_dataset(options.dataset);
  data::DataSource source;
  source.name = options.dataset;
  if (info == nullptr || !info->synthetic) {
    const std::int64_t image_size = run.input_shape_.size() == 3 ? run.input_shape_[2] : 224;
    auto images = data::load_dataset(options.dataset, options.data_dirs, image_size);
    if (!images) return std::move(images).error();
    source.images = std::move(*images);
  }
  // The classifier follows the dataset (NAS-Bench-201 has 10, 100 and 120 outputs on its
  // three datasets); the space's own `classes` is its default for synthetic inputs.
  if (source.images && source.images->num_classes > 0 && source.images->num_classes != run.num_classes_) {
    run.num_classes_ = plan.num_classes = source.images->num_classes;
    run.space_.settings["classes"] = spec::Value::integer(run.num_classes_);
  }
  auto batches = data::draw_batches(source, plan);
  if (!batches) return std::move(batches).error().with_context("dataset '" + options.dataset + "'");
  run.batches_ = std::move(*batches);

  Protocol& p = run.protocol_;
  p.zcnas_version = ZCNAS_SDK_VERSION;
  p.torch_version = runtime::torch_version();
  p.blas = runtime::blas_library();
  p.threads = runtime::threads();
  p.space = space.name;
  p.space_file = space.file;
  p.family = space.family;
  p.dataset = options.dataset;
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
  p.device = options.device.str();
  for (const auto& proxy : proxies)
    p.proxies.push_back({proxy.name, proxy.plugin->metadata.name, proxy.plugin->metadata.version,
                         proxy.params.to_string(), to_string(proxy.plugin->metadata.direction)});
  run.proxies_ = std::move(proxies);
  return run;
}

Expected<std::string> ScoreRun::probe(const std::string& text, const ContextVisitor& visit, double* build_seconds) {
  auto arch = spec::from_canonical(space_, text);
  if (!arch) return Error(ErrorKind::invalid_argument, "not an architecture of space '" + space_.name + "': " +
                                                          arch.error().to_string());
  const std::string canonical = spec::to_canonical(space_, *arch);

  const auto start = std::chrono::steady_clock::now();
  Expected<Network> built = Error(ErrorKind::internal, "not built");
  try {
    built = net::build_network(space_, *arch, options_.seed);
  } catch (const std::exception& e) {
    built = Error(ErrorKind::network, e.what());
  }
  if (!built) return Error(ErrorKind::network, "network build failed: " + built.error().to_string());
  Network network = std::move(*built);
  network.to(options_.device);
  if (build_seconds) *build_seconds = seconds_since(start);

  ProbeOptions probe;
  probe.device = options_.device;
  probe.seed = options_.seed;
  probe.batchnorm_train_mode = options_.batchnorm_train_mode;
  probe.dataset = options_.dataset;
  probe.input_shape = input_shape_;
  probe.num_classes = num_classes_;
  const spec::SearchSpace& space = space_;
  const spec::Architecture built_arch = *arch;
  NetworkFactory factory = [&space, built_arch](std::uint64_t seed) {
    return net::build_network(space, built_arch, seed);
  };
  ProbeContext ctx(network, batches_, probe, factory);
  visit(ctx, canonical);
  return canonical;
}

ArchResult ScoreRun::score(std::size_t index, const std::string& text) {
  ArchResult result;
  result.index = index;
  result.arch = text;
  auto probed = probe(
      text,
      [&](ProbeContext& ctx, const std::string& canonical) {
        result.arch = canonical;
        proxy::plan_passes(proxies_, ctx);
        for (auto& p : proxies_) result.outcomes.push_back(proxy::run_proxy(p, ctx, canonical));
      },
      &result.build_seconds);
  if (!probed) {
    for (const auto& p : proxies_) {
      proxy::ProxyOutcome o;
      o.proxy = p.name;
      o.arch = text;
      o.error = probed.error().message();
      result.outcomes.push_back(std::move(o));
    }
  }
  return result;
}

}  // namespace zcnas::score
