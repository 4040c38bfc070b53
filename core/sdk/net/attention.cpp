#include "zcnas/net/attention.hpp"

#include <torch/torch.h>

#include <cmath>

namespace zcnas::nn {

RelativePosition2DImpl::RelativePosition2DImpl(std::int64_t units, std::int64_t max_distance) : max_(max_distance) {
  rows_ = register_parameter("table_v", torch::randn({2 * max_distance + 2, units}) * 0.02);
  cols_ = register_parameter("table_h", torch::randn({2 * max_distance + 2, units}) * 0.02);
}

at::Tensor RelativePosition2DImpl::forward(std::int64_t tokens) {
  const std::int64_t n = tokens - 1;
  const auto side = static_cast<std::int64_t>(std::sqrt(static_cast<double>(n)));
  const auto device = rows_.device();
  at::Tensor idx = torch::arange(n, at::TensorOptions().dtype(at::kLong).device(device));
  auto index = [&](const at::Tensor& coord) {
    at::Tensor d = (coord.unsqueeze(0) - coord.unsqueeze(1)).clamp(-max_, max_) + max_ + 1;
    return torch::constant_pad_nd(d, {1, 0, 1, 0}, 0);  // the class token's row and column: 0
  };
  return rows_.index_select(0, index(idx.div(side, "floor")).flatten()).view({tokens, tokens, -1}) +
         cols_.index_select(0, index(idx.remainder(side)).flatten()).view({tokens, tokens, -1});
}

AttentionImpl::AttentionImpl(std::int64_t embed, std::int64_t heads, std::int64_t head_dim, std::int64_t relative)
    : heads_(heads), head_dim_(head_dim) {
  qkv_ = register_module("qkv", Linear(embed, 3 * heads * head_dim));
  if (relative > 0) {
    rel_k_ = register_module("rel_pos_k", RelativePosition2D(head_dim, relative));
    rel_v_ = register_module("rel_pos_v", RelativePosition2D(head_dim, relative));
  }
  proj_ = register_module("proj", Linear(heads * head_dim, embed));
}

at::Tensor AttentionImpl::forward(const at::Tensor& x) {
  const auto b = x.size(0), n = x.size(1);
  const double scale = 1.0 / std::sqrt(static_cast<double>(head_dim_));
  at::Tensor qkv = qkv_->forward(x).view({b, n, 3, heads_, head_dim_}).permute({2, 0, 3, 1, 4});
  at::Tensor q = qkv[0], k = qkv[1], v = qkv[2];  // B x H x N x D
  at::Tensor logits = q.matmul(k.transpose(-2, -1)) * scale;
  if (rel_k_) logits = logits + torch::einsum("bhnd,nmd->bhnm", {q, rel_k_->forward(n)}) * scale;
  at::Tensor attn = torch::softmax(logits, -1);
  at::Tensor out = attn.matmul(v);
  if (rel_v_) out = out + torch::einsum("bhnm,nmd->bhnd", {attn, rel_v_->forward(n)});
  return proj_->forward(out.transpose(1, 2).reshape({b, n, heads_ * head_dim_}));
}

}  // namespace zcnas::nn
