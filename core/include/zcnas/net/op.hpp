#pragma once
// An op plugin's other half: how an op becomes a module. The signature (op_signature.hpp)
// says what the op takes and what shape it makes; the factory builds it for one use, with
// the arguments bound and the input shape known.
//
//   registrar.add_op(signature, [](const zcnas::OpCall& call) {
//     return zcnas::make_op(zcnas::nn::Conv2d(torch::nn::Conv2dOptions(call.input[0], ...)));
//   });
//
// The host registers the module under the layer's DSL name, so its parameters appear in the
// network as `<block>.<layer>.<param>`. Build it from zcnas::nn modules (Conv2d, Linear,
// Activation, BatchNorm2d, pools) and the layers get taps, FLOP counts and per-layer proxies;
// register its children in the order forward() runs them.

#include <torch/nn/module.h>

#include <functional>
#include <memory>

#include "zcnas/net/op_signature.hpp"

namespace zcnas {

struct OpInstance {
  std::shared_ptr<torch::nn::Module> module;              // may have no parameters (skip, flatten)
  std::function<at::Tensor(const at::Tensor&)> forward;  // batch-first: N x <output shape>
};

using OpFactory = std::function<OpInstance(const OpCall& call)>;

// An OpInstance from a module holder (TORCH_MODULE) or shared_ptr whose forward takes a tensor.
template <class Holder>
OpInstance make_op(Holder holder) {
  auto impl = holder.ptr();
  auto* raw = impl.get();
  return {impl, [raw](const at::Tensor& x) { return raw->forward(x); }};
}

// An op without parameters: a function of its input.
inline OpInstance make_op(std::function<at::Tensor(const at::Tensor&)> fn) {
  return {std::make_shared<torch::nn::Module>(), std::move(fn)};
}

}  // namespace zcnas
