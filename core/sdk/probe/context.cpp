#include "zcnas/probe/context.hpp"

#include "zcnas/net/modules.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace zcnas {

ProbeContext::ProbeContext(Network& network, std::vector<Batch> batches, ProbeOptions options,
                           NetworkFactory factory)
    : network_(network),
      options_(std::move(options)),
      factory_(std::move(factory)),
      generator_(at::detail::createCPUGenerator(options_.seed)) {
  batches_.reserve(batches.size());
  for (auto& b : batches) {
    Batch moved;
    if (b.inputs.defined()) moved.inputs = b.inputs.to(options_.device, options_.dtype);
    // Class indices stay int64; a target that is itself a tensor of values (an autoencoder's
    // image) takes the inputs' dtype.
    if (b.labels.defined())
      moved.labels = b.labels.to(options_.device, b.labels.is_floating_point() ? options_.dtype : at::kLong);
    batches_.push_back(std::move(moved));
  }
  if (options_.input_shape.empty() && !batches_.empty() && batches_.front().inputs.defined()) {
    auto sizes = batches_.front().inputs.sizes().vec();
    options_.input_shape.assign(sizes.begin() + 1, sizes.end());
  }
}

ProbeContext::~ProbeContext() {
  // The network outlives the context; leave it without taps and without gradients.
  network_.set_taps({});
  for (auto& p : network_.module().parameters()) p.mutable_grad() = at::Tensor();
}

const Batch& ProbeContext::batch(std::size_t index) const { return batches_.at(index); }

at::Tensor ProbeContext::loss(const at::Tensor& logits, const at::Tensor& labels) const {
  if (options_.loss) return options_.loss(logits, labels);
  return torch::nn::functional::cross_entropy(logits, labels);
}

void ProbeContext::plan(const PassRequest& request) {
  auto it = planned_.find(request.objective);
  if (it == planned_.end()) {
    planned_.emplace(request.objective, request);
  } else {
    it->second = it->second.merged(request);
  }
}

void ProbeContext::invalidate_passes() { cache_.clear(); }

bool ProbeContext::keeps_graph(std::size_t index, PassObjective objective, bool asked) const {
  if (asked) return true;
  const auto p = planned_.find(objective);
  return index == 0 && p != planned_.end() && p->second.keep_graph;
}

namespace {
// The versions of what a kept graph may have saved: parameters and floating buffers (BatchNorm's
// running statistics). Integer buffers are counters (num_batches_tracked, bumped by every
// training-mode forward, including ZiCo's second batch) that no backward reads.
std::vector<std::int64_t> tensor_versions(Network& network) {
  std::vector<std::int64_t> v;
  for (const auto& p : network.module().parameters()) v.push_back(p._version());
  for (const auto& b : network.module().buffers())
    if (b.is_floating_point()) v.push_back(b._version());
  return v;
}
}  // namespace

at::Tensor ProbeContext::take_graph(std::size_t index, PassObjective objective) {
  auto it = cache_.find({index, objective});
  if (it == cache_.end()) return {};
  at::Tensor graph = std::exchange(it->second.graph_objective, at::Tensor());
  it->second.served.keep_graph = false;
  if (graph.defined() && tensor_versions(network_) != it->second.graph_versions) return {};
  return graph;
}

namespace {
// A planned output-sum request that asks for nothing but the input gradient (jacov,
// epe_nas) can be served by the cross-entropy pass's forward: a second backward of the
// summed logits over the same graph instead of a second forward.
bool jacobian_only(const PassRequest& r) {
  return r.objective == PassObjective::output_sum && r.input_grad && !r.weight_grads && !r.taps.activations.any() &&
         !r.taps.layers.any();
}
}  // namespace

Expected<const Pass*> ProbeContext::pass(std::size_t index, const PassRequest& request) {
  if (index >= batches_.size())
    return Error(ErrorKind::invalid_argument, "batch " + std::to_string(index) + " requested, the context has " +
                                                  std::to_string(batches_.size()));
  const auto key = std::make_pair(index, request.objective);
  auto cached = cache_.find(key);
  if (cached != cache_.end() && cached->second.served.covers(request)) return &cached->second;

  // Compute once for everything planned or already served on this batch, so a later
  // proxy with a wider request does not trigger a second pass after this one.
  PassRequest want = request;
  if (auto p = planned_for(index, request.objective)) want = want.merged(*p);
  if (cached != cache_.end()) want = want.merged(cached->second.served);
  want.keep_graph = keeps_graph(index, request.objective, request.keep_graph);

  // The Jacobian rides on the cross-entropy pass when both are planned for this batch.
  const auto planned_ce = planned_.find(PassObjective::cross_entropy);
  const auto planned_jac = planned_.find(PassObjective::output_sum);
  const bool joint = planned_ce != planned_.end() && planned_jac != planned_.end() &&
                     jacobian_only(planned_jac->second) &&
                     (request.objective == PassObjective::cross_entropy || jacobian_only(want)) &&
                     cache_.count({index, PassObjective::cross_entropy}) == 0 &&
                     cache_.count({index, PassObjective::output_sum}) == 0;
  if (joint) {
    PassRequest ce = *planned_for(index, PassObjective::cross_entropy);
    if (request.objective == PassObjective::cross_entropy) ce = ce.merged(want);
    ce.keep_graph = keeps_graph(index, PassObjective::cross_entropy,
                                request.objective == PassObjective::cross_entropy && request.keep_graph);
    Pass jacobian;
    auto computed = compute_pass(index, ce, &jacobian);
    if (!computed) return std::move(computed).error();
    cache_.insert_or_assign(std::make_pair(index, PassObjective::cross_entropy), std::move(*computed));
    cache_.insert_or_assign(std::make_pair(index, PassObjective::output_sum), std::move(jacobian));
    const Pass& served = cache_.at(key);
    if (served.served.covers(request)) return &served;
  }
  auto computed = compute_pass(index, want);
  if (!computed) return std::move(computed).error();
  cache_.insert_or_assign(key, std::move(*computed));
  return &cache_.at(key);
}

namespace {
// The network as every pass starts it: BatchNorm's mode, the pass's taps, no gradients.
void start_pass(Network& network, bool batchnorm_train_mode, const TapRequest& taps) {
  network.train(batchnorm_train_mode);
  network.set_taps(taps);
  for (auto& p : network.module().parameters()) p.mutable_grad() = at::Tensor();
}

// The output-sum pass that rode on a cross-entropy pass: its input Jacobian, no weight gradients.
void fill_jacobian(Pass& jacobian, const at::Tensor& logits, at::Tensor sum, at::Tensor input_grad,
                   const std::vector<WeightedLayer>& layers) {
  jacobian.logits = logits;
  jacobian.loss = std::move(sum);
  jacobian.input_grad = std::move(input_grad);
  jacobian.weight_grads.assign(layers.size(), at::Tensor());
  jacobian.bias_grads.assign(layers.size(), at::Tensor());
  jacobian.served.objective = PassObjective::output_sum;
  jacobian.served.input_grad = true;
}

// The layers' .grad() handles into `pass` (when `wanted`; the slots exist either way). The
// handles stay valid: the next pass replaces .grad() instead of zeroing it in place.
void take_gradients(Pass& pass, const std::vector<WeightedLayer>& layers, bool wanted) {
  pass.weight_grads.resize(layers.size());
  pass.bias_grads.resize(layers.size());
  if (!wanted) return;
  for (const auto& layer : layers) {
    pass.weight_grads[layer.depth] = layer.weight.grad();
    if (layer.bias.defined()) pass.bias_grads[layer.depth] = layer.bias.grad();
  }
}
}  // namespace

std::optional<PassRequest> ProbeContext::planned_for(std::size_t index, PassObjective objective) const {
  const auto p = planned_.find(objective);
  if (p == planned_.end()) return std::nullopt;
  PassRequest r = p->second;
  if (index != 0) r.taps = TapRequest{};
  return r;
}

Expected<Pass> ProbeContext::compute_pass(std::size_t index, const PassRequest& request, Pass* jacobian) {
  const Batch& b = batches_[index];
  if (!b.inputs.defined()) return Error(ErrorKind::invalid_argument, "batch " + std::to_string(index) + " has no inputs");
  const bool backward = request.needs_backward() || jacobian != nullptr;
  if (request.objective == PassObjective::cross_entropy && !b.labels.defined())
    return Error(ErrorKind::invalid_argument, "a cross-entropy pass needs labels; batch " + std::to_string(index) +
                                                  " has none");
  // A kept graph is one forward's: GraSP's pass runs whole.
  if (options_.pass_chunk > 0 && options_.pass_chunk < b.inputs.size(0) && !request.keep_graph)
    return compute_chunked_pass(index, request, jacobian, options_.pass_chunk);

  start_pass(network_, options_.batchnorm_train_mode, request.taps);

  Pass pass;
  pass.served = request;
  torch::AutoGradMode grad_mode(backward);
  at::Tensor inputs = b.inputs;
  if (request.input_grad || jacobian != nullptr) inputs = inputs.detach().clone().requires_grad_(true);
  at::Tensor logits = network_.forward(inputs);
  at::Tensor objective = request.objective == PassObjective::cross_entropy ? loss(logits, b.labels) : logits.sum();
  ++passes_computed_;
  if (backward) objective.backward({}, /*retain_graph=*/jacobian != nullptr || request.keep_graph);
  if (request.keep_graph && objective.requires_grad()) {
    pass.graph_objective = objective;
    pass.graph_versions = tensor_versions(network_);
  } else {
    pass.served.keep_graph = false;
  }

  pass.logits = logits.detach();
  pass.loss = objective.detach();
  // A network whose output does not depend on its input (every path through a cell is
  // `none`) has a zero input gradient, not an undefined one.
  if (request.input_grad) pass.input_grad = inputs.grad().defined() ? inputs.grad().detach() : at::zeros_like(inputs);
  const auto& layers = network_.layers();
  take_gradients(pass, layers, request.weight_grads);
  // Copied before a second backward: the tap hooks replace the slots' tensors, they do not
  // write into them, so these handles keep the cross-entropy gradients.
  pass.layers.reserve(layers.size());
  for (std::size_t i = 0; i < layers.size(); ++i) pass.layers.push_back(network_.layer_tap(i));
  pass.activations.reserve(network_.activations().size());
  for (std::size_t i = 0; i < network_.activations().size(); ++i)
    pass.activations.push_back(network_.activation_tap(i));
  if (jacobian != nullptr) {
    const at::Tensor sum = logits.sum();
    at::Tensor jac;
    if (sum.requires_grad())
      jac = torch::autograd::grad({sum}, {inputs}, {}, /*retain_graph=*/request.keep_graph, /*create_graph=*/false,
                                  /*allow_unused=*/true)[0];
    fill_jacobian(*jacobian, pass.logits, sum.detach(), jac.defined() ? jac.detach() : at::zeros_like(inputs), layers);
  }
  network_.clear_taps();
  return pass;
}

namespace {
// One tap slot of a sub-batch pass: each sub-batch's tensors copied into place in batch-sized
// tensors, so that a sub-batch's own are freed with its graph (concatenating at the end
// would hold every part and the whole at once).
struct JoinedSlot {
  TapSlot whole;
  bool first = true;

  void add(const TapSlot& part, std::int64_t start, std::int64_t samples) {
    auto place = [&](at::Tensor TapSlot::*member) {
      const at::Tensor& t = part.*member;
      at::Tensor& into = whole.*member;
      if (first && t.defined()) {
        auto sizes = t.sizes().vec();
        sizes[0] = samples;
        into = at::empty(sizes, t.options());
      }
      // A tensor some sub-batches have and others not (no gradient reached it there) is
      // not the whole batch's: dropped, as a whole pass has it or not at all.
      if (!t.defined() || !into.defined()) {
        into = at::Tensor();
        return;
      }
      into.narrow(0, start, t.size(0)).copy_(t);
    };
    place(&TapSlot::input);
    place(&TapSlot::output);
    place(&TapSlot::input_grad);
    place(&TapSlot::output_grad);
    place(&TapSlot::output_sign);
    if (first) {
      whole.input_shape = part.input_shape;
      whole.output_shape = part.output_shape;
      if (!whole.input_shape.empty()) whole.input_shape[0] = samples;  // taps are batch-first
      if (!whole.output_shape.empty()) whole.output_shape[0] = samples;
    }
    first = false;
  }
};
}  // namespace

Expected<Pass> ProbeContext::compute_chunked_pass(std::size_t index, const PassRequest& request, Pass* jacobian,
                                                  std::int64_t chunk) {
  const Batch& b = batches_[index];
  const bool cross_entropy = request.objective == PassObjective::cross_entropy;
  if (options_.batchnorm_train_mode)
    for (const auto& op : network_.counted_ops())
      if (op.kind == OpKind::batch_norm)
        return Error(ErrorKind::invalid_argument,
                     "sub-batch passes (pass_chunk " + std::to_string(chunk) + ") need samples that do not interact, and " +
                         op.name + " is a BatchNorm in training mode (batch statistics): use whole batches or "
                         "--batchnorm eval");
  if (cross_entropy && options_.loss)
    return Error(ErrorKind::invalid_argument, "sub-batch passes (pass_chunk " + std::to_string(chunk) +
                                                  ") need the cross-entropy loss, a mean over samples; this run has "
                                                  "a task's own loss");
  const bool backward = request.needs_backward() || jacobian != nullptr;
  const bool want_input_grad = request.input_grad || jacobian != nullptr;
  const std::int64_t samples = b.inputs.size(0);

  start_pass(network_, options_.batchnorm_train_mode, request.taps);

  Pass pass;
  pass.served = request;
  pass.served.keep_graph = false;
  torch::AutoGradMode grad_mode(backward);
  const auto& layers = network_.layers();
  const std::size_t sites = network_.activations().size();
  std::vector<at::Tensor> logits_parts, input_grads, jacobians;
  std::vector<JoinedSlot> layer_taps(layers.size()), site_taps(sites);
  at::Tensor total;
  for (std::int64_t start = 0; start < samples; start += chunk) {
    const std::int64_t m = std::min(chunk, samples - start);
    at::Tensor inputs = b.inputs.narrow(0, start, m);
    if (want_input_grad) inputs = inputs.detach().clone().requires_grad_(true);
    at::Tensor logits = network_.forward(inputs);
    // The batch's mean loss is the sum of the sub-batches' means weighted by their shares;
    // weight gradients add up in .grad over the backwards.
    at::Tensor objective =
        cross_entropy ? loss(logits, b.labels.narrow(0, start, m)) * (static_cast<double>(m) / static_cast<double>(samples))
                      : logits.sum();
    if (backward) objective.backward({}, /*retain_graph=*/jacobian != nullptr);
    total = total.defined() ? total + objective.detach() : objective.detach();
    logits_parts.push_back(logits.detach());
    if (request.input_grad) input_grads.push_back(inputs.grad().defined() ? inputs.grad().detach() : at::zeros_like(inputs));
    // Before the Jacobian's backward, whose tap hooks would replace the gradients.
    for (std::size_t i = 0; i < layers.size(); ++i) layer_taps[i].add(network_.layer_tap(i), start, samples);
    for (std::size_t i = 0; i < sites; ++i) site_taps[i].add(network_.activation_tap(i), start, samples);
    if (jacobian != nullptr) {
      const at::Tensor sum = logits.sum();
      at::Tensor jac;
      if (sum.requires_grad())
        jac = torch::autograd::grad({sum}, {inputs}, {}, /*retain_graph=*/false, /*create_graph=*/false,
                                    /*allow_unused=*/true)[0];
      jacobians.push_back(jac.defined() ? jac.detach() : at::zeros_like(inputs));
    }
  }
  ++passes_computed_;
  pass.logits = at::cat(logits_parts, 0);
  pass.loss = total;
  if (request.input_grad) pass.input_grad = at::cat(input_grads, 0);
  take_gradients(pass, layers, request.weight_grads);
  pass.layers.reserve(layers.size());
  for (auto& slot : layer_taps) pass.layers.push_back(std::move(slot.whole));
  pass.activations.reserve(sites);
  for (auto& slot : site_taps) pass.activations.push_back(std::move(slot.whole));
  if (jacobian != nullptr) {
    fill_jacobian(*jacobian, pass.logits, pass.logits.sum(), at::cat(jacobians, 0), layers);
  }
  network_.clear_taps();
  return pass;
}

void redraw_weights(Network& network, InitScheme scheme, at::Generator& generator) {
  if (scheme == InitScheme::as_built) return;
  torch::NoGradGuard no_grad;
  const auto f64 = at::TensorOptions().dtype(at::kDouble);
  for (const auto& layer : network.layers()) {
    at::Tensor w = layer.weight;
    at::Tensor drawn;
    if (scheme == InitScheme::gaussian) {
      drawn = at::normal(0.0, 1.0, w.sizes(), generator, f64);
    } else if (scheme == InitScheme::kaiming_normal) {
      const double fan_in = static_cast<double>(w[0].numel());
      drawn = at::normal(0.0, std::sqrt(2.0 / fan_in), w.sizes(), generator, f64);
    } else {
      drawn = torch::ones(w.sizes(), f64);
    }
    w.copy_(drawn.to(w.device(), w.scalar_type()));
    if (layer.bias.defined()) layer.bias.zero_();
  }
}

void reset_batchnorm(Network& network) {
  torch::NoGradGuard no_grad;
  for (const auto& op : network.counted_ops()) {
    auto* bn = dynamic_cast<nn::BatchNorm2dImpl*>(op.module);
    if (bn == nullptr) continue;
    if (bn->weight.defined()) bn->weight.fill_(1.0);
    if (bn->bias.defined()) bn->bias.zero_();
    if (bn->running_mean.defined()) bn->running_mean.zero_();
    if (bn->running_var.defined()) bn->running_var.fill_(1.0);
  }
}

Expected<Network> ProbeContext::fresh_network(InitScheme scheme, std::optional<std::uint64_t> seed) const {
  if (!factory_)
    return Error(ErrorKind::unsupported, "this probe context cannot rebuild its network (no factory was given)");
  const std::uint64_t s = seed.value_or(options_.seed);
  auto built = factory_(s, {});
  if (!built) return std::move(built).error().with_context("rebuilding the network");
  Network net = std::move(*built);
  net.to(options_.device);
  net.to(options_.dtype);
  at::Generator generator = at::detail::createCPUGenerator(s);
  redraw_weights(net, scheme, generator);
  return net;
}

Expected<Network> ProbeContext::variant_network(const SpaceSettings& changed, std::optional<std::uint64_t> seed) const {
  if (!factory_)
    return Error(ErrorKind::unsupported, "this probe context cannot build variants of its network (no factory was given)");
  auto built = factory_(seed.value_or(options_.seed), changed);
  if (!built) return std::move(built).error().with_context("building a variant of the network");
  Network net = std::move(*built);
  net.to(options_.device);
  net.to(options_.dtype);
  return net;
}

void ProbeContext::reinitialise(Network& network, InitScheme scheme) {
  redraw_weights(network, scheme, generator_);
  if (&network == &network_) invalidate_passes();
}

at::Tensor ProbeContext::randn(const std::vector<std::int64_t>& sizes) { return randn(sizes, generator_); }

at::Tensor ProbeContext::randn(const std::vector<std::int64_t>& sizes, at::Generator& generator) const {
  return at::normal(0.0, 1.0, sizes, generator, at::TensorOptions().dtype(at::kFloat))
      .to(options_.device, options_.dtype);
}

at::Generator ProbeContext::stream(const std::string& name) const {
  // FNV-1a of the name, mixed into the seed by SplitMix64's finaliser: nearby seeds and
  // similar names give unrelated streams.
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ull;
  std::uint64_t z = options_.seed ^ h;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return at::detail::createCPUGenerator(z ^ (z >> 31));
}

const std::vector<double>* ProbeContext::shared_values(const std::string& key) const {
  auto it = shared_.find(key);
  return it == shared_.end() ? nullptr : &it->second;
}

void ProbeContext::share_values(const std::string& key, std::vector<double> values) {
  shared_[key] = std::move(values);
}

}  // namespace zcnas
