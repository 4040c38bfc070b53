// Siamese networks over tiles (TransNAS-Bench-101's jigsaw): a sample carries its tiles on
// its channels; `tiles(n)` sends them through what follows as n samples each, sharing its
// weights, and `untile(n)` puts their features back side by side. Between the two the batch
// is n times larger, tile-major (rows t * N .. t * N + N - 1 are tile t of the N samples), as
// a loop over the tiles would run; batch-norm statistics there pool the tiles.

#include <torch/torch.h>

#include <zcnas/net/tiles.hpp>

#include "op_support.hpp"

namespace zcnas::standard_ops {

namespace {

OpSignature tile_signature(const std::string& name, const std::string& what) {
  OpSignature s = signature(name, what);
  s.params = {int_param("n", 9, "tiles per sample")};
  s.required = 1;
  s.infer = [name](const OpCall& c) -> Expected<Shape> {
    if (auto ok = want_image(c.input); !ok) return ok.error();
    const std::int64_t n = c.args.integer("n");
    if (n < 1) return misfit("needs n >= 1 tiles, got " + std::to_string(n));
    if (name == "untile") return Shape{c.input[0] * n, c.input[1], c.input[2]};
    if (c.input[0] % n != 0)
      return misfit("the " + std::to_string(c.input[0]) + " input channels do not hold " + std::to_string(n) +
                    " tiles of equal depth");
    return Shape{c.input[0] / n, c.input[1], c.input[2]};
  };
  return s;
}

}  // namespace

void register_tile_ops(PluginRegistrar& r) {
  r.add_op(tile_signature("tiles", "[n * C, H, W] -> [C, H, W]: each of a sample's n tiles becomes a sample"),
           [](const OpCall& c) {
             const std::int64_t n = c.args.integer("n");
             return make_op(std::function<at::Tensor(const at::Tensor&)>(
                 [n](const at::Tensor& x) { return nn::tiles_to_batch(x, n); }));
           });
  r.add_op(tile_signature("untile", "[C, H, W] -> [n * C, H, W]: a sample's n tiles side by side, tile 0 first"),
           [](const OpCall& c) {
             const std::int64_t n = c.args.integer("n");
             return make_op(std::function<at::Tensor(const at::Tensor&)>(
                 [n](const at::Tensor& x) { return nn::batch_to_tiles(x, n); }));
           });
}

}  // namespace zcnas::standard_ops
