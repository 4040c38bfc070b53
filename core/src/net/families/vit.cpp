#include "net/families/vit.hpp"

#include <torch/torch.h>

#include <cmath>

#include "zcnas/net/modules.hpp"

namespace zcnas::net {

namespace {

// AutoFormer's 2-D relative position embedding: learned tables over clipped row and column
// distances between patch tokens (index 0 is reserved for pairs with the class token).
class RelativePosition2DImpl : public torch::nn::Module {
 public:
  RelativePosition2DImpl(std::int64_t units, std::int64_t max_distance) : max_(max_distance) {
    rows_ = register_parameter("table_v", torch::randn({2 * max_distance + 2, units}) * 0.02);
    cols_ = register_parameter("table_h", torch::randn({2 * max_distance + 2, units}) * 0.02);
  }
  // N x N x units for N tokens (the first one the class token).
  at::Tensor forward(std::int64_t tokens) {
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

 private:
  std::int64_t max_;
  at::Tensor rows_, cols_;
};
TORCH_MODULE(RelativePosition2D);

class AttentionImpl : public torch::nn::Module {
 public:
  AttentionImpl(std::int64_t embed, std::int64_t heads, std::int64_t head_dim, std::int64_t relative)
      : heads_(heads), head_dim_(head_dim) {
    qkv_ = register_module("qkv", nn::Linear(embed, 3 * heads * head_dim));
    if (relative > 0) {
      rel_k_ = register_module("rel_pos_k", RelativePosition2D(head_dim, relative));
      rel_v_ = register_module("rel_pos_v", RelativePosition2D(head_dim, relative));
    }
    proj_ = register_module("proj", nn::Linear(heads * head_dim, embed));
  }
  at::Tensor forward(const at::Tensor& x) {
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

 private:
  std::int64_t heads_, head_dim_;
  nn::Linear qkv_{nullptr}, proj_{nullptr};
  RelativePosition2D rel_k_{nullptr}, rel_v_{nullptr};
};
TORCH_MODULE(Attention);

// Pre-norm: x + attn(ln(x)), then x + fc2(gelu(fc1(ln(x)))).
class EncoderLayerImpl : public torch::nn::Module {
 public:
  EncoderLayerImpl(std::int64_t embed, std::int64_t heads, std::int64_t head_dim, std::int64_t hidden,
                   std::int64_t relative) {
    attn_norm_ = register_module("attn_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({embed})));
    attn_ = register_module("attn", Attention(embed, heads, head_dim, relative));
    ffn_norm_ = register_module("ffn_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({embed})));
    fc1_ = register_module("fc1", nn::Linear(embed, hidden));
    act_ = register_module("act", nn::Activation(nn::ActivationKind::gelu));
    fc2_ = register_module("fc2", nn::Linear(hidden, embed));
  }
  at::Tensor forward(const at::Tensor& x) {
    at::Tensor h = x + attn_->forward(attn_norm_->forward(x));
    return h + fc2_->forward(act_->forward(fc1_->forward(ffn_norm_->forward(h))));
  }

 private:
  torch::nn::LayerNorm attn_norm_{nullptr}, ffn_norm_{nullptr};
  Attention attn_{nullptr};
  nn::Linear fc1_{nullptr}, fc2_{nullptr};
  nn::Activation act_{nullptr};
};
TORCH_MODULE(EncoderLayer);

struct LayerSpec {
  std::int64_t heads, hidden;
};

class VisionTransformer : public NetModule {
 public:
  VisionTransformer(std::int64_t channels, std::int64_t image, std::int64_t patch, std::int64_t embed,
                    std::int64_t head_dim, std::int64_t relative, const std::vector<LayerSpec>& layers,
                    std::int64_t classes, bool mean_pool)
      : mean_pool_(mean_pool) {
    const std::int64_t tokens = (image / patch) * (image / patch);
    patch_embed_ = register_module("patch_embed", nn::Conv2d(torch::nn::Conv2dOptions(channels, embed, patch).stride(patch)));
    // Truncated normal, std 0.02, as AutoFormer initialises them.
    cls_token_ = register_parameter("cls_token", (torch::randn({1, 1, embed}) * 0.02).clamp(-0.04, 0.04));
    pos_embed_ = register_parameter("pos_embed", (torch::randn({1, tokens + 1, embed}) * 0.02).clamp(-0.04, 0.04));
    for (std::size_t i = 0; i < layers.size(); ++i)
      layers_.push_back(register_module("layer" + std::to_string(i), EncoderLayer(embed, layers[i].heads, head_dim, layers[i].hidden, relative)));
    norm_ = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({embed})));
    head_ = register_module("head", nn::Linear(embed, classes));
  }

  at::Tensor forward(const at::Tensor& x) override {
    at::Tensor h = patch_embed_->forward(x).flatten(2).transpose(1, 2);  // B x N x E
    h = torch::cat({cls_token_.expand({h.size(0), -1, -1}), h}, 1) + pos_embed_;
    for (auto& layer : layers_) h = layer->forward(h);
    h = norm_->forward(h);
    // AutoFormer trains with --gp: the mean of the patch tokens; otherwise the class token.
    h = mean_pool_ ? h.narrow(1, 1, h.size(1) - 1).mean(1) : h.select(1, 0);
    return head_->forward(h);
  }

 private:
  bool mean_pool_;
  nn::Conv2d patch_embed_{nullptr};
  at::Tensor cls_token_, pos_embed_;
  std::vector<EncoderLayer> layers_;
  torch::nn::LayerNorm norm_{nullptr};
  nn::Linear head_{nullptr};
};

}  // namespace

Expected<Network> build_vit(const spec::SearchSpace& space, const spec::Architecture& arch) {
  auto value = [&](const std::string& name) { return space.decisions[space.decision_index(name)].options[arch[space.decision_index(name)]]; };
  const std::int64_t embed = value("embed_dim").as_integer();
  const std::int64_t depth = value("depth").as_integer();
  const auto& input = space.settings.at("input").as_list();
  if (input.size() != 3 || input[1].as_integer() != input[2].as_integer())
    return Error(ErrorKind::network, "a vit space needs input = [C, H, W] with H == W");
  const std::int64_t image = input[1].as_integer(), patch = space.settings.at("patch").as_integer();
  if (image % patch != 0)
    return Error(ErrorKind::network, "input size " + std::to_string(image) + " is not a multiple of patch " + std::to_string(patch));
  const std::int64_t head_dim = space.settings.count("head_dim") ? space.settings.at("head_dim").as_integer() : 64;
  const std::int64_t relative =
      space.settings.count("relative_position") ? space.settings.at("relative_position").as_integer() : 0;
  const std::string pool = space.settings.count("pool") ? space.settings.at("pool").as_text() : "mean";
  if (pool != "mean" && pool != "cls")
    return Error(ErrorKind::network, "vit setting pool must be mean or cls, got '" + pool + "'");
  const bool mean_pool = pool == "mean";
  std::vector<LayerSpec> layers;
  for (std::int64_t i = 0; i < depth; ++i) {
    const std::string layer = "[" + std::to_string(i) + "]";
    if (space.decision_index("mlp_ratio" + layer) < 0 || space.decision_index("num_heads" + layer) < 0)
      return Error(ErrorKind::network, "a vit space needs per-layer choices mlp_ratio and num_heads");
    const double ratio = value("mlp_ratio" + layer).as_number();
    // int(embed * ratio), as AutoFormer computes the hidden width.
    layers.push_back({value("num_heads" + layer).as_integer(), static_cast<std::int64_t>(embed * ratio)});
  }
  return Network(std::make_shared<VisionTransformer>(input[0].as_integer(), image, patch, embed, head_dim, relative, layers,
                                                     space.settings.at("classes").as_integer(), mean_pool));
}

}  // namespace zcnas::net
