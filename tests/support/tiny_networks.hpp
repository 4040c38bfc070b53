#pragma once
// Networks small enough to check every number by hand.

#include <torch/torch.h>

#include "zcnas/net/modules.hpp"
#include "zcnas/net/network.hpp"

namespace zcnas::test {

// x (2) -> Linear W1 = [[1,-1],[2,1]], b1 = [0,-1] -> ReLU -> Linear W2 = [[1,3]], b2 = [0.5]
// In float64. On x = [[1,2],[-1,1]]: pre-activations [[-1,3],[-2,-2]], output [9.5, 0.5].
class TwoLayerMlp : public NetModule {
 public:
  TwoLayerMlp() {
    fc1 = register_module("fc1", nn::Linear(2, 2));
    act = register_module("act", nn::Activation(nn::ActivationKind::relu));
    fc2 = register_module("fc2", nn::Linear(2, 1));
    to(torch::kDouble);
    torch::NoGradGuard no_grad;
    fc1->weight.copy_(torch::tensor({{1.0, -1.0}, {2.0, 1.0}}, torch::kDouble));
    fc1->bias.copy_(torch::tensor({0.0, -1.0}, torch::kDouble));
    fc2->weight.copy_(torch::tensor({{1.0, 3.0}}, torch::kDouble));
    fc2->bias.copy_(torch::tensor({0.5}, torch::kDouble));
  }
  at::Tensor forward(const at::Tensor& x) override { return fc2->forward(act->forward(fc1->forward(x))); }

  nn::Linear fc1{nullptr}, fc2{nullptr};
  nn::Activation act{nullptr};
};

inline at::Tensor mlp_input() { return torch::tensor({{1.0, 2.0}, {-1.0, 1.0}}, torch::kDouble); }

// conv(3->4, k3, stride 2, pad 1, bias) -> GELU -> grouped conv(4->4, k3, pad 1, groups 2, no bias)
// -> mean over H,W -> Linear(4->3). On 3x8x8 the FLOPs are, by hand:
//   conv1: 4x4 positions * 4 out * 3 in * 9 + 4x4 * 4 bias = 1728 + 64 = 1792
//   conv2: 4x4 * 4 out * (4/2) in * 9 = 1152
//   fc:    4 * 3 + 3 = 15                                           total 2959
class TinyConvNet : public NetModule {
 public:
  TinyConvNet() {
    conv1 = register_module("conv1", nn::Conv2d(torch::nn::Conv2dOptions(3, 4, 3).stride(2).padding(1)));
    act = register_module("act", nn::Activation(nn::ActivationKind::gelu));
    conv2 = register_module("conv2", nn::Conv2d(torch::nn::Conv2dOptions(4, 4, 3).padding(1).groups(2).bias(false)));
    fc = register_module("fc", nn::Linear(4, 3));
  }
  at::Tensor forward(const at::Tensor& x) override {
    at::Tensor h = conv2->forward(act->forward(conv1->forward(x)));
    return fc->forward(h.mean({2, 3}));
  }
  nn::Conv2d conv1{nullptr}, conv2{nullptr};
  nn::Activation act{nullptr};
  nn::Linear fc{nullptr};
};

}  // namespace zcnas::test
