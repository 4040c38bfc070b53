#pragma once
// Scoring a list of architectures of a space with a pool of proxies: build one network,
// score it with every proxy on shared passes, hand the results to the caller, free it,
// next. Memory stays flat whatever the number of architectures; a network that cannot be
// built or a proxy that fails is recorded with its reason and the run goes on.

#include <c10/core/Device.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/batches.hpp"
#include "plugin/proxy_instances.hpp"
#include "proxy/proxy_runner.hpp"
#include "score/indexed_arch.hpp"
#include "score/network_handoff.hpp"
#include "score/result_cache.hpp"
#include "spec/search_space.hpp"

namespace zcnas::store {
class RunStore;
}

namespace zcnas::score {

struct ScoreOptions {
  std::string dataset = "cifar10";
  std::int64_t batch_size = 64;
  std::int64_t batches = 0;  // 0: as many as the pool needs (its largest needs.min_batches)
  std::uint64_t seed = 0;    // picks the batches and initialises every network
  c10::Device device{c10::DeviceType::CPU};
  bool batchnorm_train_mode = true;
  std::vector<std::string> data_dirs;
  // The network's input resolution (H = W); 0: the space's. NAS-Bench-201 trains on
  // ImageNet16-120 at 16 x 16, on CIFAR at 32 x 32.
  std::int64_t input_size = 0;
  // The task of a multi-task space (data/tasks.hpp: class_object, class_scene, autoencoder,
  // jigsaw); empty: the space's own `task` setting, or none. It must be one of the space's `tasks`.
  std::string task;
  // Fault isolation: each architecture's proxies run in a forked worker process, so a
  // proxy that crashes (segfault, abort), hangs or exhausts memory fails alone and the
  // run goes on (score/isolated_compute.cpp).
  bool isolate = false;
  double proxy_time_limit = 0;       // seconds per proxy per architecture; 0: none
  std::int64_t proxy_memory_mb = 0;  // isolated only: address space a worker may add; 0: no cap
  // On the CPU, lay networks and image batches out channels-last (NHWC in memory, NCHW in
  // shape): oneDNN's convolutions and LibTorch's pooling need no reorders, the shared
  // forward + backward of a NAS-Bench-201 cell is 29% faster, the ten reference proxies 15%
  // on the 30 reference cells (2.36 -> 2.02 s, bench/results/proxy_pool.md). Off by default and not yet a flag: the scores move by more
  // than a change of threads does (ZiCo's rank agreement on 30 cells .991; threads 1 vs 2: .9987).
  bool channels_last = false;
  // Per-layer proxies see Conv2d and Linear layers only, not transposed convolutions (a
  // decoder's upsampling layers): the layers zero-cost-nas, NASLib (NAS-Bench-Suite-Zero),
  // ZiCo and L-SWAG's code iterate (Network::hide_layers). Off: every weighted layer.
  bool conv_linear_layers = false;
  // Passes as sub-batches of at most this many samples (ProbeOptions::pass_chunk); 0: whole.
  std::int64_t pass_chunk = 0;
};

// Everything that decides a score besides the architecture, recorded with every result.
struct Protocol {
  std::string zcnas_version, torch_version, blas;
  int threads = 0;
  std::string space, space_file, family;
  std::string space_definition;  // spec::definition_fingerprint: an edited space scores anew
  std::string dataset, dataset_source;
  std::string task;       // the task scored (data/tasks.hpp); empty: the space has none
  std::string task_data;  // how the task's batches were made from the dataset's images
  std::int64_t classes = 0;                // the classifier's outputs (the dataset's classes)
  std::vector<std::int64_t> input_shape;   // C, H, W of the network's input
  std::int64_t dataset_images = 0;
  std::int64_t batch_size = 0, batches = 0;
  std::vector<std::vector<std::int64_t>> batch_rows;  // dataset rows of each batch (empty: synthetic)
  std::uint64_t seed = 0;
  std::string batchnorm = "train";  // "train": batch statistics; "eval": running statistics
  std::string proxy_layers = "all";  // "conv-linear": transposed convolutions hidden from proxies
  // Sub-batch passes: the same scores to float rounding, not to the bit, so results of
  // different chunkings are kept apart in the store. 0: whole batches (left out of the record).
  std::int64_t pass_chunk = 0;
  std::string dtype = "float32";
  std::string device;
  double proxy_time_limit = 0;  // a proxy over it failed (a different result than without)
  bool isolated = false;        // proxies ran in worker processes (the same scores)
  struct ProxyRecord {
    std::string name, plugin, version, params, direction;
  };
  std::vector<ProxyRecord> proxies;
};

struct ArchResult {
  std::size_t index = 0;   // position in the input list
  std::string arch;        // canonical string
  double build_seconds = 0;
  std::vector<proxy::ProxyOutcome> outcomes;  // one per proxy, in pool order
  std::string origin;      // host:pid (and MPI rank) that computed them
};

class ScoreRun {
 public:
  // Loads the data and draws the batches; errors name the dataset and its files.
  static Expected<ScoreRun> prepare(const spec::SearchSpace& space, std::vector<plugin::ProxyInstance> proxies,
                                    const ScoreOptions& options);

  const Protocol& protocol() const noexcept { return protocol_; }
  const std::vector<plugin::ProxyInstance>& proxies() const noexcept { return proxies_; }
  // The batches every architecture is scored on (on the run's device), as the task made them.
  const std::vector<Batch>& batches() const noexcept { return batches_; }

  // Scores one parsed architecture (built, scored, freed). With a store: only what the
  // store lacks is computed, and that is stored at once.
  ArchResult score(const IndexedArch& arch);
  // The same for a string not parsed yet (one that does not parse fails every proxy).
  ArchResult score(std::size_t index, const std::string& arch);
  // The network of `canonical`, built already with this run's space settings and seed (a
  // search's cost model measured it): the next score() or probe() of that architecture uses
  // it instead of building it again.
  void offer_network(const std::string& canonical, Network network);

  // Results come from and go to `store` (see store/run_store.hpp), under this run's
  // protocol hash and seed. `retry_failed`: stored failures are computed again.
  Expected<void> use_store(std::shared_ptr<store::RunStore> store, bool retry_failed = false);

  // score() in three steps, for runs that compute elsewhere (MPI ranks): look up what is
  // stored, compute the rest (anywhere), complete (merge and store).
  struct Pending {
    ArchResult result;         // stored outcomes filled in (reused), the others empty
    std::vector<bool> wanted;  // the proxies still to compute, in pool order
    bool complete() const;
  };
  Pending lookup(const IndexedArch& arch);
  // Outcomes in pool order; the ones not wanted are left empty.
  ArchResult compute(const IndexedArch& arch, const std::vector<bool>& wanted);
  // The stored outcomes of `pending` with the `computed` ones in their places; the computed
  // ones are stored.
  ArchResult complete(Pending pending, ArchResult computed);
  std::size_t reused() const noexcept { return cache_ ? cache_->reused() : 0; }
  std::size_t unstored() const noexcept { return cache_ ? cache_->unstored() : 0; }
  std::string first_store_error() const { return cache_ ? cache_->first_store_error() : std::string(); }
  // Who computed what complete() stores (default host:pid).
  void set_origin(std::string origin) { origin_ = std::move(origin); }

  // Builds one architecture and hands its ProbeContext (this run's batches, seed and
  // protocol) to `visit`, for analyses that need more than one number per proxy. Returns
  // the canonical string, or why the architecture could not be parsed or built.
  using ContextVisitor = std::function<void(ProbeContext& ctx, const std::string& canonical)>;
  Expected<std::string> probe(const IndexedArch& arch, const ContextVisitor& visit, double* build_seconds = nullptr);
  Expected<std::string> probe(const std::string& arch, const ContextVisitor& visit, double* build_seconds = nullptr);
  // The architecture `text` parsed in this run's space, or why not.
  Expected<IndexedArch> parse(std::size_t index, const std::string& text) const;

 private:
  bool channels_last() const noexcept { return options_.channels_last && options_.device.is_cpu(); }
  ScoreRun() = default;
  // Called around each proxy computed in this process (for the isolated worker's reports).
  struct ProxyHooks {
    std::function<void(std::size_t)> started;
    std::function<void(std::size_t, const proxy::ProxyOutcome&)> finished;
  };
  // Outcomes named for every proxy, none computed.
  ArchResult blank_result(std::size_t index, const std::string& arch) const;
  ArchResult compute_here(const IndexedArch& arch, const std::vector<bool>& wanted, const ProxyHooks* hooks = nullptr);
  ArchResult compute_isolated(const IndexedArch& arch, const std::vector<bool>& wanted);
  spec::SearchSpace space_;
  std::vector<plugin::ProxyInstance> proxies_;
  ScoreOptions options_;
  std::vector<Batch> batches_;
  std::vector<std::int64_t> input_shape_;
  std::int64_t num_classes_ = 10;
  LossFunction loss_;  // the task's (empty: cross-entropy)
  Protocol protocol_;
  std::optional<ResultCache> cache_;  // with a store
  std::string origin_;
  NetworkHandoff offered_;  // offer_network()'s network, until its architecture is built
};

}  // namespace zcnas::score
