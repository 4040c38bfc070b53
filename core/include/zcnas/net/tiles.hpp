#pragma once
// A Siamese encoder over tiles (TransNAS-Bench-101's jigsaw): a sample carries its n tiles on
// its channels, the encoder sees them as n samples each. Tile-major, as a loop over the tiles
// would run: rows t * N .. t * N + N - 1 of the n * N batch are tile t of the N samples. Used by
// the standard ops tiles / untile and the C++ TransNAS family alike.

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace zcnas::nn {

// [N, n * C, H, W] -> [n * N, C, H, W].
inline at::Tensor tiles_to_batch(const at::Tensor& x, std::int64_t n) {
  return x.reshape({x.size(0), n, x.size(1) / n, x.size(2), x.size(3)})
      .transpose(0, 1)
      .reshape({n * x.size(0), x.size(1) / n, x.size(2), x.size(3)});
}

// [n * N, C, H, W] -> [N, n * C, H, W]: a sample's tiles side by side, tile 0 first (torch.cat(dim=1)).
inline at::Tensor batch_to_tiles(const at::Tensor& x, std::int64_t n) {
  return x.reshape({n, x.size(0) / n, x.size(1), x.size(2), x.size(3)})
      .transpose(0, 1)
      .reshape({x.size(0) / n, n * x.size(1), x.size(2), x.size(3)});
}

}  // namespace zcnas::nn
