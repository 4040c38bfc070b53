#pragma once
// A small labelled image collection held in memory (a few thousand images at most), with
// the normalisation its benchmark trains with. Loaders in this folder fill it; batches.hpp
// draws seeded, normalised batches from it.

#include <ATen/core/Tensor.h>

#include <array>
#include <cstdint>
#include <string>

namespace zcnas::data {

struct Normalisation {
  std::array<double, 3> mean{0, 0, 0};  // per channel, on the 0..1 scale
  std::array<double, 3> std{1, 1, 1};
};

struct ImageSet {
  std::string name;         // "cifar10", "imagenet16-120", ...
  std::string source;       // the file or folder it was read from (for protocol records)
  at::Tensor images;        // uint8, N x 3 x H x W
  at::Tensor labels;        // int64, N
  std::int64_t num_classes = 0;
  Normalisation normalisation;

  std::int64_t size() const { return images.defined() ? images.size(0) : 0; }
};

}  // namespace zcnas::data
