#include "net/toy_cnn.hpp"

#include <torch/torch.h>

#include "zcnas/net/modules.hpp"

namespace zcnas::net {

namespace {
class ToyCnn : public NetModule {
 public:
  explicit ToyCnn(const ToyCnnOptions& o) {
    const std::int64_t w = o.width;
    // Registered in forward order: the Network lists layers in this order.
    conv1_ = register_module("conv1", nn::Conv2d(torch::nn::Conv2dOptions(o.in_channels, w, 3).padding(1).bias(false)));
    bn1_ = register_module("bn1", nn::BatchNorm2d(w));
    act1_ = register_module("act1", nn::Activation(nn::ActivationKind::relu));
    conv2_ = register_module("conv2", nn::Conv2d(torch::nn::Conv2dOptions(w, 2 * w, 3).stride(2).padding(1).bias(false)));
    bn2_ = register_module("bn2", nn::BatchNorm2d(2 * w));
    act2_ = register_module("act2", nn::Activation(nn::ActivationKind::relu));
    pool_ = register_module("pool", nn::GlobalAvgPool());
    classifier_ = register_module("classifier", nn::Linear(2 * w, o.num_classes));
  }

  at::Tensor forward(const at::Tensor& x) override { return forward_blocks(x, nullptr); }
  // Two blocks, conv-BN-ReLU each, with no stem: the boundaries are the input and their outputs.
  at::Tensor forward_blocks(const at::Tensor& x, std::vector<at::Tensor>* features) override {
    if (features) features->push_back(x);
    at::Tensor h = act1_->forward(bn1_->forward(conv1_->forward(x)));
    if (features) features->push_back(h);
    h = act2_->forward(bn2_->forward(conv2_->forward(h)));
    if (features) features->push_back(h);
    return classifier_->forward(pool_->forward(h));
  }

 private:
  nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
  nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr};
  nn::GlobalAvgPool pool_{nullptr};
  nn::Activation act1_{nullptr}, act2_{nullptr};
  nn::Linear classifier_{nullptr};
};
}  // namespace

Network make_toy_cnn(const ToyCnnOptions& options) {
  // Module constructors draw from the global generator; seed it so a seed means one network.
  torch::manual_seed(options.seed);
  return Network(std::make_shared<ToyCnn>(options));
}

}  // namespace zcnas::net
