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

// x (2) -> Linear W = [[1, 2], [3, 4]], b = [0, 0]: two logits, float64. d logits / d W[0,0]
// = (x0, 0) and d logits / d b[0] = (1, 0), so Jacobians and Fisher matrices follow by hand.
class LinearClassifier : public NetModule {
 public:
  LinearClassifier() {
    fc = register_module("fc", nn::Linear(2, 2));
    to(torch::kDouble);
    torch::NoGradGuard no_grad;
    fc->weight.copy_(torch::tensor({{1.0, 2.0}, {3.0, 4.0}}, torch::kDouble));
    fc->bias.copy_(torch::tensor({0.0, 0.0}, torch::kDouble));
  }
  at::Tensor forward(const at::Tensor& x) override { return fc->forward(x); }
  nn::Linear fc{nullptr};
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

// x (2) -> Linear W1 = [[1,-1],[2,1]], b1 = [0,-1] -> ReLU -> Linear W2 = [[1,3],[-2,1]], b2 = [0.5,0]:
// two logits, so cross-entropy gradients are non-trivial. float64. The tests backpropagate
// by hand (tests/proxies/hand_backprop.hpp) to check the gradient proxies.
class TinyClassifier : public NetModule {
 public:
  TinyClassifier() {
    fc1 = register_module("fc1", nn::Linear(2, 2));
    act = register_module("act", nn::Activation(nn::ActivationKind::relu));
    fc2 = register_module("fc2", nn::Linear(2, 2));
    to(torch::kDouble);
    torch::NoGradGuard no_grad;
    fc1->weight.copy_(torch::tensor({{1.0, -1.0}, {2.0, 1.0}}, torch::kDouble));
    fc1->bias.copy_(torch::tensor({0.0, -1.0}, torch::kDouble));
    fc2->weight.copy_(torch::tensor({{1.0, 3.0}, {-2.0, 1.0}}, torch::kDouble));
    fc2->bias.copy_(torch::tensor({0.5, 0.0}, torch::kDouble));
  }
  at::Tensor forward(const at::Tensor& x) override { return fc2->forward(act->forward(fc1->forward(x))); }

  nn::Linear fc1{nullptr}, fc2{nullptr};
  nn::Activation act{nullptr};
};

// 2 channels -> 1x1 Conv2d to 2 channels, no bias, weight W (2x2) -> ReLU -> mean over H, W:
// two logits. The conv's output channels are W x, so their correlation is set by W.
class ChannelPair : public NetModule {
 public:
  ChannelPair(double w00, double w01, double w10, double w11) {
    conv = register_module("conv", nn::Conv2d(torch::nn::Conv2dOptions(2, 2, 1).bias(false)));
    act = register_module("act", nn::Activation(nn::ActivationKind::relu));
    to(torch::kDouble);
    torch::NoGradGuard no_grad;
    conv->weight.copy_(torch::tensor({w00, w01, w10, w11}, torch::kDouble).view({2, 2, 1, 1}));
  }
  at::Tensor forward(const at::Tensor& x) override { return act->forward(conv->forward(x)).mean({2, 3}); }

  nn::Conv2d conv{nullptr};
  nn::Activation act{nullptr};
};

// A 1 x 2 x 4 x 4 image whose channels are zero-mean and uncorrelated:
// x0[i][j] = (-1)^j, x1[i][j] = (-1)^i.
inline at::Tensor uncorrelated_channels() {
  at::Tensor x = torch::empty({1, 2, 4, 4}, torch::kDouble);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      x[0][0][i][j] = (j % 2 == 0) ? 1.0 : -1.0;
      x[0][1][i][j] = (i % 2 == 0) ? 1.0 : -1.0;
    }
  return x;
}

}  // namespace zcnas::test
