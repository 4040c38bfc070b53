#pragma once
// Multi-head self-attention over tokens, with AutoFormer's optional 2-D relative position
// embeddings, built from tappable Linear layers (qkv, proj). In the SDK because the `vit`
// family and the standard op library's `attention` op are the same layer: one definition,
// one set of parameter names (qkv, rel_pos_k.table_v, ..., proj).

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cstdint>

#include "zcnas/net/modules.hpp"

namespace zcnas::nn {

// Learned tables over clipped row and column distances between patch tokens on a square
// grid (index 0 is the class token's row and column). forward(N) gives N x N x units.
class RelativePosition2DImpl : public torch::nn::Module {
 public:
  RelativePosition2DImpl(std::int64_t units, std::int64_t max_distance);
  at::Tensor forward(std::int64_t tokens);

 private:
  std::int64_t max_;
  at::Tensor rows_, cols_;
};
TORCH_MODULE(RelativePosition2D);

// [B, N, embed] -> [B, N, embed]; `relative` > 0 adds relative positions clipped there.
class AttentionImpl : public torch::nn::Module {
 public:
  AttentionImpl(std::int64_t embed, std::int64_t heads, std::int64_t head_dim, std::int64_t relative);
  at::Tensor forward(const at::Tensor& x);

 private:
  std::int64_t heads_, head_dim_;
  Linear qkv_{nullptr}, proj_{nullptr};
  RelativePosition2D rel_k_{nullptr}, rel_v_{nullptr};
};
TORCH_MODULE(Attention);

}  // namespace zcnas::nn
