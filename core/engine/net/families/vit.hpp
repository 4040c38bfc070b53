#pragma once
// AutoFormer-style vision transformer (Chen et al., ICCV 2021): patch-embedding conv, class
// token, absolute position embedding, pre-norm encoder layers whose MLP ratio and head count
// vary per layer (attention heads of a fixed width, 64 in AutoFormer), LayerNorm, GELU.
// With `relative_position = D`, AutoFormer's 2-D relative position tables (distances clipped
// at D; its training scripts pass --relative_position, D = 14) in every attention layer.

#include "spec/search_space.hpp"
#include "zcnas/error.hpp"
#include "zcnas/net/network.hpp"

namespace zcnas::net {

Expected<Network> build_vit(const spec::SearchSpace& space, const spec::Architecture& arch);

}  // namespace zcnas::net
