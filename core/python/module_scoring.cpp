#include "module_scoring.hpp"

#include <torch/python.h>

#include <algorithm>

#include "data/batches.hpp"
#include "data/datasets.hpp"
#include "module_network.hpp"
#include "plugin/plugin_host.hpp"
#include "plugin/proxy_instances.hpp"
#include "proxy/proxy_runner.hpp"
#include "runtime/runtime.hpp"
#include "score/score_run.hpp"
#include "score/score_writer.hpp"
#include "zcnas/probe/context.hpp"
#include "zcnas/version.hpp"

namespace py = pybind11;

namespace zcnas::python {

Expected<ModuleScores> score_module(const run::Environment& env, const py::object& module,
                                    const ModuleScoring& request) {
  auto proxies = request.proxies.empty()
                     ? plugin::instantiate_all_proxies(env.host())
                     : plugin::instantiate_named_proxies(request.proxies, env.config().proxies, {}, env.host());
  if (!proxies) return std::move(proxies).error();

  // The batches `zcnas score` would draw for a space on this dataset at this resolution.
  data::DataSource source;
  source.name = request.dataset;
  const data::DatasetInfo* info = data::find_dataset(request.dataset);
  std::int64_t size = request.input_size > 0 ? request.input_size : 32;
  if (info == nullptr || !info->synthetic) {
    auto images = data::load_dataset(request.dataset, env.data_dirs(), request.input_size > 0 ? request.input_size : 224);
    if (!images) return std::move(images).error();
    if (request.input_size <= 0) size = images->images.size(3);
    source.images = std::move(*images);
  }
  std::int64_t needed = 1;
  for (const auto& p : *proxies) needed = std::max(needed, p.plugin->metadata.needs.min_batches);
  data::BatchPlan plan;
  plan.batch_size = request.batch_size;
  plan.count = request.batches > 0 ? request.batches : needed;
  plan.seed = env.seed();
  plan.input_shape = {3, size, size};
  plan.num_classes = source.images ? source.images->num_classes : 10;
  auto batches = data::draw_batches(source, plan);
  if (!batches) return std::move(batches).error().with_context("dataset '" + request.dataset + "'");
  const c10::Device device(env.device());
  for (auto& b : *batches) {
    if (b.inputs.defined()) b.inputs = b.inputs.to(device);
    if (b.labels.defined()) b.labels = b.labels.to(device);
  }

  ModuleNetworkOptions options;
  options.input_shape = plan.input_shape;
  options.blocks = request.blocks;
  // The copy the factory rebuilds from, taken before the mirror hooks the module.
  PyRef pristine = hold(py::module_::import("copy").attr("deepcopy")(module));
  auto mirrored = mirror_module(module, options);
  if (!mirrored) return std::move(mirrored).error();
  Network network = std::move(*mirrored);
  network.to(device);

  score::Protocol p;
  p.zcnas_version = ZCNAS_SDK_VERSION;
  p.torch_version = runtime::torch_version();
  p.blas = runtime::blas_library();
  p.threads = runtime::threads();
  p.space = py::str(py::type::of(module).attr("__qualname__")).cast<std::string>();
  p.space_file = py::str(py::type::of(module).attr("__module__")).cast<std::string>();
  p.family = "torch.nn.Module";
  p.dataset = request.dataset;
  if (source.images) {
    p.dataset_source = source.images->source;
    p.dataset_images = source.images->size();
    p.batch_rows = data::batch_indices(source.images->size(), plan);
  }
  p.classes = plan.num_classes;
  p.input_shape = plan.input_shape;
  p.batch_size = plan.batch_size;
  p.batches = plan.count;
  p.seed = env.seed();
  p.batchnorm = env.batchnorm_train() ? "train" : "eval";
  if (env.pass_chunk() > 0 && env.pass_chunk() < plan.batch_size) p.pass_chunk = env.pass_chunk();
  p.device = device.str();
  for (const auto& proxy : *proxies)
    p.proxies.push_back({proxy.name, proxy.plugin->metadata.name, proxy.plugin->metadata.version,
                         proxy.params.to_string(), to_string(proxy.plugin->metadata.direction)});

  ModuleScores out;
  out.protocol_json = score::protocol_json(p);
  for (const auto& layer : network.layers()) out.layers.push_back(layer.name);
  out.activation_sites = network.activations().size();
  out.parameters = network.parameter_count();

  ProbeOptions probe;
  probe.device = device;
  probe.seed = env.seed();
  probe.batchnorm_train_mode = env.batchnorm_train();
  probe.pass_chunk = env.pass_chunk();
  probe.dataset = request.dataset;
  probe.input_shape = plan.input_shape;
  probe.num_classes = plan.num_classes;
  const std::string arch = p.space;
  {
    // The proxies' passes run LibTorch's autograd, which may call back into Python (the
    // module's forward, its hooks, a Python autograd Function) from its own threads.
    py::gil_scoped_release released;
    ProbeContext ctx(network, std::move(*batches), probe, module_factory(pristine, request.factory, options));
    out.outcomes.resize(proxies->size());
    proxy::run_proxies(*proxies, ctx, arch, nullptr, {},
                       [&](std::size_t i, proxy::ProxyOutcome& o) { out.outcomes[i] = std::move(o); });
  }
  return out;
}

}  // namespace zcnas::python
