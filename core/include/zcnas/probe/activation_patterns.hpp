#pragma once
// Sample-wise activation patterns (SWAP, L-SWAG's Psi), header-only so a plugin gets them
// from the SDK alone. Every unit of an activation site gives one pattern: the S bits "fires
// on sample s" (output > 0) over the S samples of a batch. For ReLU and GELU alike,
// output > 0 exactly when input > 0, so the same rule serves CNNs and transformers.
//
// The patterns stay on the device the activations are on: on a GPU they are packed into
// 64-bit words, sorted and counted there, and only the count comes back to the host.

#include <ATen/ATen.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "zcnas/probe/pass_request.hpp"

namespace zcnas::patterns {

// The shared cross-entropy pass with every activation site's signs kept (TapSlot::output_sign).
inline PassRequest activation_request() {
  PassRequest r;
  r.objective = PassObjective::cross_entropy;
  r.taps.activations.output_signs = true;
  return r;
}

// The samples x units 0/1 matrix of one activation output (N x ...), or of its signs
// (TapSlot::output_sign, already 0/1), as uint8 on the tensor's own device.
inline at::Tensor firing_codes(const at::Tensor& output) {
  return (output.reshape({output.size(0), -1}) > 0).to(at::kByte).contiguous();
}

// Distinct patterns by tensor operations, on whatever device the codes are on: each unit's
// S <= 64 bits become one int64 word (bit s = sample s; bit 63 is the sign bit, which
// changes no equality), the words are sorted and the changes between neighbours counted.
// One scalar crosses to the host.
inline std::int64_t distinct_patterns_sorted(const std::vector<at::Tensor>& codes) {
  if (codes.empty()) return 0;
  const std::int64_t samples = codes.front().size(0);
  const auto longs = at::TensorOptions().dtype(at::kLong).device(codes.front().device());
  const at::Tensor bit = at::bitwise_left_shift(at::ones({samples, 1}, longs), at::arange(samples, longs).unsqueeze(1));
  std::vector<at::Tensor> words;
  words.reserve(codes.size());
  // Distinct powers of two never carry, so their sum is their bitwise or.
  for (const auto& fires : codes) words.push_back((fires.to(at::kLong) * bit).sum(0));
  const at::Tensor sorted = std::get<0>(at::cat(words).sort());
  const std::int64_t n = sorted.size(0);
  if (n == 0) return 0;
  return 1 + (sorted.slice(0, 1) != sorted.slice(0, 0, n - 1)).sum().item<std::int64_t>();
}

// Number of distinct unit patterns over the matrices in `codes` (samples x units each,
// same number of samples, units side by side). With S <= 64 a pattern packs into one
// 64-bit word and counting distinct words replaces unique rows of a units x S matrix;
// beyond 64 samples the rows are compared whole. On the CPU the words are packed by a
// plain loop (faster there than the tensor route); elsewhere by distinct_patterns_sorted.
inline std::int64_t distinct_patterns(const std::vector<at::Tensor>& codes) {
  if (codes.empty()) return 0;
  const std::int64_t samples = codes.front().size(0);
  if (samples > 64) return std::get<0>(at::unique_dim(at::cat(codes, 1).t().contiguous(), 0)).size(0);
  if (!codes.front().device().is_cpu()) return distinct_patterns_sorted(codes);
  std::vector<std::uint64_t> words;
  for (const auto& fires : codes) {
    const std::int64_t units = fires.size(1);
    const std::size_t base = words.size();
    words.resize(base + static_cast<std::size_t>(units), 0);
    const at::Tensor bytes = fires.to(at::kByte).contiguous();
    const auto* f = bytes.data_ptr<std::uint8_t>();
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
