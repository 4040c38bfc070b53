#pragma once
// Seeded, reproducible batches for the proxies: which images go into which batch depends
// only on the seed (SplitMix64 shuffle, the same on every platform and LibTorch version),
// images are scaled to 0..1, resized to the space's input when their size differs, and
// normalised with their dataset's constants.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/image_set.hpp"
#include "zcnas/error.hpp"
#include "zcnas/probe/context.hpp"

namespace zcnas::data {

struct BatchPlan {
  std::int64_t batch_size = 64;
  std::int64_t count = 1;                 // how many batches (ZiCo needs 2)
  std::uint64_t seed = 0;
  std::vector<std::int64_t> input_shape;  // C x H x W the network takes
  std::int64_t num_classes = 10;          // labels of synthetic batches are drawn below this
};

// A named source: a loaded image set, or synthetic ("gaussian", "ones").
struct DataSource {
  std::string name;
  std::optional<ImageSet> images;  // empty for synthetic sources
};

// The batches for `plan`. Images are drawn without replacement within and across batches
// while the set lasts; a set smaller than one batch is an error naming both sizes.
Expected<std::vector<Batch>> draw_batches(const DataSource& source, const BatchPlan& plan);

// Which dataset rows `draw_batches` uses, batch by batch (for protocol records and tests).
std::vector<std::vector<std::int64_t>> batch_indices(std::int64_t set_size, const BatchPlan& plan);

}  // namespace zcnas::data
