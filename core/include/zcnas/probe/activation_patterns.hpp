#pragma once
// Sample-wise activation patterns (SWAP, L-SWAG's Psi), header-only so a plugin gets them
// from the SDK alone. Every unit of an activation site gives one pattern: the S bits "fires
// on sample s" (output > 0) over the S samples of a batch. For ReLU and GELU alike,
// output > 0 exactly when input > 0, so the same rule serves CNNs and transformers.

#include <ATen/ATen.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "zcnas/probe/pass_request.hpp"

namespace zcnas::patterns {

// The shared cross-entropy pass with every activation site's output kept.
inline PassRequest activation_request() {
  PassRequest r;
  r.objective = PassObjective::cross_entropy;
  r.taps.activations.outputs = true;
  return r;
}

// The samples x units 0/1 matrix of one activation output (N x ...), as uint8 on the CPU.
inline at::Tensor firing_codes(const at::Tensor& output) {
  return (output.reshape({output.size(0), -1}) > 0).to(at::kByte).cpu().contiguous();
}

// Number of distinct unit patterns over the matrices in `codes` (samples x units each,
// same number of samples, units side by side). With S <= 64 a pattern packs into one
// 64-bit word and counting distinct words replaces unique rows of a units x S matrix;
// beyond 64 samples the rows are compared whole.
inline std::int64_t distinct_patterns(const std::vector<at::Tensor>& codes) {
  if (codes.empty()) return 0;
  const std::int64_t samples = codes.front().size(0);
  if (samples > 64) return std::get<0>(at::unique_dim(at::cat(codes, 1).t().contiguous(), 0)).size(0);
  std::vector<std::uint64_t> words;
  for (const auto& fires : codes) {
    const std::int64_t units = fires.size(1);
    const std::size_t base = words.size();
    words.resize(base + static_cast<std::size_t>(units), 0);
    const auto* f = fires.data_ptr<std::uint8_t>();
    for (std::int64_t s = 0; s < samples; ++s) {
      const std::uint64_t bit = std::uint64_t{1} << s;
      const std::uint8_t* row = f + s * units;
      std::uint64_t* w = words.data() + base;
      for (std::int64_t u = 0; u < units; ++u) w[u] |= row[u] ? bit : 0;
    }
  }
  std::sort(words.begin(), words.end());
  return std::unique(words.begin(), words.end()) - words.begin();
}

}  // namespace zcnas::patterns
