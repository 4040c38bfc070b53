#pragma once
// ProbeContext: everything a proxy may use to score one network. The network, the device,
// the data batches, the loss, a seeded generator, fresh re-initialised copies of the
// network, and the shared forward/backward pass: the first proxy that asks for a pass on
// a batch pays for it, later proxies whose request it covers get the cached one.

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "zcnas/error.hpp"
#include "zcnas/net/network.hpp"
#include "zcnas/net/transposed_convolution.hpp"
#include "zcnas/probe/pass_request.hpp"

namespace zcnas {

struct Batch {
  at::Tensor inputs;  // N x C x H x W (or N x ...), on any device; moved to the context's
  at::Tensor labels;  // N, int64 class indices; a floating target of the loss (an autoencoder's
                      // image, N x C x H x W); undefined for unlabelled sources
};

// The result of one forward (and maybe backward) pass. Tensors are detached.
struct Pass {
  at::Tensor logits;
  at::Tensor loss;                        // the objective's value (scalar)
  std::vector<at::Tensor> weight_grads;   // by WeightedLayer::depth; undefined if not requested
  std::vector<at::Tensor> bias_grads;     // likewise; undefined for layers without bias
  at::Tensor input_grad;                  // d(objective)/d(inputs)
  std::vector<TapSlot> activations;       // by ActivationSite::index
  std::vector<TapSlot> layers;            // by WeightedLayer::depth
  PassRequest served;                     // what this pass captured
  at::Tensor graph_objective;             // the objective still on its graph (served.keep_graph)
  std::vector<std::int64_t> graph_versions;  // the network's tensors' versions when it was kept
};

// How a fresh copy of the network is initialised.
enum class InitScheme : std::uint8_t {
  as_built,        // the family's own initialisation, seeded
  gaussian,        // N(0, 1) weights, zero bias (Zen-NAS)
  kaiming_normal,  // fan_in, ReLU gain, zero bias
  ones,            // all weights 1, zero bias
};

// Settings of the scored architecture's space to change when building a variant of it (TE-NAS
// counts linear regions on a thin copy: one channel, one cell per stage): setting -> integers,
// one for a number, several for a list such as `stages`.
using SpaceSettings = std::map<std::string, std::vector<std::int64_t>>;
// Builds the scored architecture again; `seed` fixes its initial weights, `changed` replaces
// some settings of its space (empty: the network as scored).
using NetworkFactory = std::function<Expected<Network>(std::uint64_t seed, const SpaceSettings& changed)>;
using LossFunction = std::function<at::Tensor(const at::Tensor& logits, const at::Tensor& labels)>;

struct ProbeOptions {
  c10::Device device = c10::Device(c10::DeviceType::CPU);
  c10::ScalarType dtype = c10::ScalarType::Float;
  std::uint64_t seed = 0;
  bool batchnorm_train_mode = true;  // BN uses batch statistics during passes (NASLib protocol)
  std::string dataset;               // for protocol records: "cifar10", "gaussian", ...
  std::vector<std::int64_t> input_shape;  // without batch dim; defaults to batches[0]'s
  std::int64_t num_classes = 0;           // 0: taken from the logits
  LossFunction loss;                      // empty: cross-entropy
  // > 0: a pass runs its batch as sub-batches of at most this many samples, one forward and
  // backward each, and joins them (logits, taps and input gradients concatenated, weight
  // gradients summed): the same pass to float rounding for a network whose samples do not
  // interact, with a fraction of the activation memory (AutoFormer-Small at batch 64: 6.6 GB
  // -> see bench/results/proxy_pool.md). A pass of a network with BatchNorm in training mode
  // (its statistics couple the samples) or under a task's own loss fails with that reason; a
  // pass that keeps its graph (GraSP's) runs whole. 0: whole batches.
  std::int64_t pass_chunk = 0;
};

// Redraws every weighted layer's weight of `network` by `scheme` from `generator` and zeroes
// its bias (BatchNorm untouched), drawing in float64 on the CPU so that a seed gives the same
// network on every device. In place, and without telling any context: a proxy that redraws
// the scored network restores it (WeightSnapshot), so the context's cached passes stay valid.
void redraw_weights(Network& network, InitScheme scheme, at::Generator& generator);
// Every zcnas::nn::BatchNorm2d of `network` as freshly built: weight 1, bias 0, running mean 0,
// running variance 1 (what redraw_weights leaves alone); in place, restored like it.
void reset_batchnorm(Network& network);

class ProbeContext {
 public:
  ProbeContext(Network& network, std::vector<Batch> batches, ProbeOptions options,
               NetworkFactory factory = {});
  ~ProbeContext();
  ProbeContext(const ProbeContext&) = delete;
  ProbeContext& operator=(const ProbeContext&) = delete;

  Network& network() noexcept { return network_; }
  const ProbeOptions& options() const noexcept { return options_; }
  c10::Device device() const noexcept { return options_.device; }
  std::uint64_t seed() const noexcept { return options_.seed; }
  const std::vector<std::int64_t>& input_shape() const noexcept { return options_.input_shape; }

  std::size_t batch_count() const noexcept { return batches_.size(); }
  // The batch on the context's device and dtype (class labels stay int64).
  const Batch& batch(std::size_t index) const;

  at::Tensor loss(const at::Tensor& logits, const at::Tensor& labels) const;

  // Declares passes that will be asked for, so the first one computed serves them all.
  void plan(const PassRequest& request);
  // The shared pass on batch `index`, computed at most once for all requests it covers.
  Expected<const Pass*> pass(std::size_t index, const PassRequest& request);
  // The objective of the cached pass on batch `index`, still attached to its forward graph
  // (kept when a keep_graph request was planned or asked for), handed over once: the cache
  // forgets it, so the graph lives only as long as the caller holds it. Undefined when no such
  // graph is held (not requested, already taken, or the pass not computed yet) and when a
  // parameter or buffer of the network was written in place since (a proxy that redraws the
  // weights and restores them): its saved tensors would no longer be the ones it was built on.
  at::Tensor take_graph(std::size_t index, PassObjective objective);
  // How many forward passes this context has run (tests and benchmarks read it).
  std::size_t passes_computed() const noexcept { return passes_computed_; }
  // Forgets cached passes (after a proxy changed the network's weights in place).
  void invalidate_passes();

  // A newly built copy of the network, initialised by `scheme`, on the context's device.
  // Proxies that change weights (synflow) work on one of these, never on network().
  Expected<Network> fresh_network(InitScheme scheme = InitScheme::as_built,
                                  std::optional<std::uint64_t> seed = std::nullopt) const;
  // The scored architecture built with some of its space's settings changed, initialised as
  // built (seed() unless given), on the context's device and dtype. An error names a setting
  // the space does not have, or says why the changed space cannot build the architecture.
  Expected<Network> variant_network(const SpaceSettings& changed,
                                    std::optional<std::uint64_t> seed = std::nullopt) const;
  // Re-initialises `network` in place by `scheme`, drawing from the context's generator
  // (as_built leaves it as it is: only fresh_network() can rebuild).
  void reinitialise(Network& network, InitScheme scheme);

  // A generator seeded from seed(), on the CPU; draw with it and move to device(). Shared by
  // every proxy of the context, so a draw depends on what was drawn before it: a new proxy
  // draws from its own stream() instead.
  at::Generator& generator() noexcept { return generator_; }
  at::Tensor randn(const std::vector<std::int64_t>& sizes);
  // A generator of one proxy's own (or of proxies that must see the same draws, as AZ-NAS's
  // four do), seeded from seed() and `name`: what it draws does not depend on which proxies
  // ran before in this context. Each call starts the stream afresh.
  at::Generator stream(const std::string& name) const;
  // N(0, 1) of `sizes` drawn from `generator` on the CPU, on the context's device and dtype.
  at::Tensor randn(const std::vector<std::int64_t>& sizes, at::Generator& generator) const;

  // Values a proxy computed for this network that other proxies may reuse: AZ-NAS's
  // expressivity, progressivity and trainability come from one forward. Keyed by the
  // proxy's own name for the computation and its parameters; nullptr when not computed yet.
  const std::vector<double>* shared_values(const std::string& key) const;
  void share_values(const std::string& key, std::vector<double> values);

 private:
  // Whether the pass of `objective` on batch `index` keeps its graph: `asked` by the caller,
  // or planned and on batch 0 (PassRequest::keep_graph).
  bool keeps_graph(std::size_t index, PassObjective objective, bool asked) const;
  // `jacobian`: also fill it with the output-sum input gradient from the same forward.
  Expected<Pass> compute_pass(std::size_t index, const PassRequest& request, Pass* jacobian = nullptr);
  // The same pass as sub-batches of `chunk` samples (ProbeOptions::pass_chunk).
  Expected<Pass> compute_chunked_pass(std::size_t index, const PassRequest& request, Pass* jacobian,
                                      std::int64_t chunk);
  // What was planned for `objective`, as it applies to batch `index`: planned taps are kept on
  // batch 0 only (the batch every tap-reading proxy reads), so that the later batches of
  // gradient statistics do not hold a second set of activations. Undefined when none is.
  std::optional<PassRequest> planned_for(std::size_t index, PassObjective objective) const;

  Network& network_;
  std::vector<Batch> batches_;
  ProbeOptions options_;
  NetworkFactory factory_;
  at::Generator generator_;
  std::map<PassObjective, PassRequest> planned_;
  std::map<std::pair<std::size_t, PassObjective>, Pass> cache_;
  std::size_t passes_computed_ = 0;
  std::map<std::string, std::vector<double>> shared_;
  // Proxies run while their context lives, on its thread: their transposed convolutions
  // (GraSP's double backward, decoders) go to oneDNN.
  FastTransposedConvolutionScope fast_transposed_;
};

}  // namespace zcnas
