#include "net/families/vit.hpp"

#include <torch/torch.h>

#include <cmath>

#include "zcnas/net/attention.hpp"
#include "zcnas/net/modules.hpp"

namespace zcnas::net {

namespace {

// Pre-norm: x + attn(ln(x)), then x + fc2(gelu(fc1(ln(x)))).
class EncoderLayerImpl : public torch::nn::Module {
 public:
  EncoderLayerImpl(std::int64_t embed, std::int64_t heads, std::int64_t head_dim, std::int64_t hidden,
                   std::int64_t relative) {
    attn_norm_ = register_module("attn_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({embed})));
    attn_ = register_module("attn", nn::Attention(embed, heads, head_dim, relative));
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
  nn::Attention attn_{nullptr};
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

  at::Tensor forward(const at::Tensor& x) override { return forward_blocks(x, nullptr); }
  // The boundaries are token maps (B x N x E): the embedded input and each encoder layer's output.
  at::Tensor forward_blocks(const at::Tensor& x, std::vector<at::Tensor>* features) override {
    at::Tensor h = patch_embed_->forward(x).flatten(2).transpose(1, 2);  // B x N x E
    h = torch::cat({cls_token_.expand({h.size(0), -1, -1}), h}, 1) + pos_embed_;
    if (features) features->push_back(h);
    for (auto& layer : layers_) {
      h = layer->forward(h);
      if (features) features->push_back(h);
    }
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
