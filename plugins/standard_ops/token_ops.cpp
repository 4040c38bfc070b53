// Transformer pieces: image to tokens (with class token and position embedding), layer
// norm, multi-head self-attention (with AutoFormer's optional 2-D relative positions), and
// pooling tokens back to features. Sequences are [tokens, dim].

#include <torch/torch.h>
#include <zcnas/net/attention.hpp>
#include <zcnas/net/modules.hpp>

#include <cmath>

#include "op_support.hpp"

namespace zcnas::standard_ops {

namespace {

// [C, H, W] -> [H * W (+1), C]: patch tokens, a learned class token in front when `cls`, plus
// a learned absolute position embedding when `position` (truncated normal, std 0.02, as
// AutoFormer initialises both).
class TokensImpl : public torch::nn::Module {
 public:
  TokensImpl(std::int64_t dim, std::int64_t tokens, bool cls, bool position) {
    if (cls) cls_ = register_parameter("cls_token", (torch::randn({1, 1, dim}) * 0.02).clamp(-0.04, 0.04));
    if (position) pos_ = register_parameter("pos_embed", (torch::randn({1, tokens + (cls ? 1 : 0), dim}) * 0.02).clamp(-0.04, 0.04));
  }
  at::Tensor forward(const at::Tensor& x) {
    at::Tensor h = x.flatten(2).transpose(1, 2);
    if (cls_.defined()) h = torch::cat({cls_.expand({h.size(0), -1, -1}), h}, 1);
    if (pos_.defined()) h = h + pos_;
    return h;
  }

 private:
  at::Tensor cls_, pos_;
};
TORCH_MODULE(Tokens);

Expected<void> want_tokens(const Shape& in) {
  if (in.size() != 2) return misfit("expects tokens [T, D], gets " + to_string(in) + " (tokens turns an image into them)");
  return {};
}

}  // namespace

void register_token_ops(PluginRegistrar& r) {
  {
    OpSignature s = signature("tokens", "image [C, H, W] to tokens [H * W (+1), C], with a class token and a position embedding");
    s.params = {bool_param("cls", true, "prepend a learned class token"),
                bool_param("position", true, "add a learned absolute position embedding")};
    s.infer = [](const OpCall& c) -> Expected<Shape> {
      if (auto ok = want_image(c.input); !ok) return ok.error();
      return Shape{c.input[1] * c.input[2] + (c.args.boolean("cls") ? 1 : 0), c.input[0]};
    };
    r.add_op(s, [](const OpCall& c) {
      return make_op(Tokens(c.input[0], c.input[1] * c.input[2], c.args.boolean("cls"), c.args.boolean("position")));
    });
  }
  {
    OpSignature s = signature("layer_norm", "LayerNorm over the last dimension (eps 1e-5, affine)");
    s.infer = [](const OpCall& c) -> Expected<Shape> { return c.input; };
    r.add_op(s, [](const OpCall& c) {
      return make_op(torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.input.back()})));
    });
  }
  {
    OpSignature s = signature("attention", "multi-head self-attention over tokens (qkv and output projections)");
    s.params = {int_param("heads", 1, "attention heads"), int_param("head_dim", 64, "width of each head"),
                int_param("relative", 0, "AutoFormer's 2-D relative positions clipped at this distance (0: none)")};
    s.required = 1;
    s.infer = [](const OpCall& c) -> Expected<Shape> {
      if (auto ok = want_tokens(c.input); !ok) return ok.error();
      if (c.args.integer("heads") <= 0 || c.args.integer("head_dim") <= 0) return misfit("needs heads and head_dim > 0");
      if (c.args.integer("relative") > 0) {
        const auto n = c.input[0] - 1;
        const auto side = static_cast<std::int64_t>(std::sqrt(static_cast<double>(n)));
        if (n <= 0 || side * side != n)
          return misfit("relative positions need a class token and a square grid of patch tokens, gets " +
                        std::to_string(c.input[0]) + " tokens");
      }
      return c.input;
    };
    r.add_op(s, [](const OpCall& c) {
      return make_op(nn::Attention(c.input[1], c.args.integer("heads"), c.args.integer("head_dim"), c.args.integer("relative")));
    });
  }
  {
    OpSignature s = signature("token_pool", "tokens [T, D] to features [D]: the mean of the patch tokens, or the class token");
    s.params = {string_param("mode", "mean", "mean (of the tokens after the class token, AutoFormer's --gp) or cls"),
                bool_param("cls", true, "whether the first token is a class token (left out of the mean)")};
    s.infer = [](const OpCall& c) -> Expected<Shape> {
      if (auto ok = want_tokens(c.input); !ok) return ok.error();
      const std::string& mode = c.args.string("mode");
      if (mode != "mean" && mode != "cls") return misfit("mode must be mean or cls, got '" + mode + "'");
      if (c.args.boolean("cls") && c.input[0] < 2) return misfit("needs a class token and at least one more token");
      return Shape{c.input[1]};
    };
    r.add_op(s, [](const OpCall& c) {
      const bool mean = c.args.string("mode") == "mean";
      const std::int64_t skip = c.args.boolean("cls") ? 1 : 0;
      return make_op(std::function<at::Tensor(const at::Tensor&)>([mean, skip](const at::Tensor& h) {
        return mean ? h.narrow(1, skip, h.size(1) - skip).mean(1) : h.select(1, 0);
      }));
    });
  }
}

}  // namespace zcnas::standard_ops
