#include "net/families/transnas_decoder.hpp"

#include <torch/torch.h>

#include <stdexcept>
#include <string>

namespace zcnas::net {

DecoderLayerImpl::DecoderLayerImpl(std::int64_t in, std::int64_t out, bool upsample, bool last) {
  if (upsample) {
    deconv_ = register_module(
        "conv", nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(in, out, 3).stride(2).padding(1).output_padding(1)));
  } else {
    conv_ = register_module("conv", nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(1).padding(1)));
  }
  if (!last) norm_ = register_module("norm", nn::BatchNorm2d(out));
  act_ = register_module("activation", nn::Activation(last ? nn::ActivationKind::tanh : nn::ActivationKind::leaky_relu, 0.2));
}

at::Tensor DecoderLayerImpl::forward(const at::Tensor& x) {
  at::Tensor h = deconv_ ? deconv_->forward(x) : conv_->forward(x);
  if (norm_) h = norm_->forward(h);
  return act_->forward(h);
}

GenerativeDecoderImpl::GenerativeDecoderImpl(std::int64_t channels, std::int64_t width, std::int64_t output) {
  int u = -1;
  for (int k = 2; k <= 6; ++k)
    if (width > 0 && width << k == output) u = k;
  if (u < 0)
    throw std::invalid_argument("the autoencoder's decoder upsamples by 2^2..2^6: it cannot turn the encoder's " +
                                std::to_string(width) + " x " + std::to_string(width) + " into " + std::to_string(output) +
                                " x " + std::to_string(output));
  struct Layer {
    std::int64_t in, out;
    bool upsample;
  };
  // NASLib's conv3, conv5, conv7, conv9 upsample when u reaches 6, 5, 4, 3; conv11 and conv13 always do.
  const std::vector<Layer> plan = {
      {channels, 1024, false}, {1024, 1024, false}, {1024, 512, u >= 6}, {512, 512, false}, {512, 256, u >= 5},
      {256, 128, false},       {128, 64, u >= 4},   {64, 64, false},     {64, 32, u >= 3},  {32, 32, false},
      {32, 16, true},          {16, 32, false},     {32, 16, true},      {16, 3, false}};
  for (std::size_t i = 0; i < plan.size(); ++i)
    layers_.push_back(register_module("conv" + std::to_string(i + 1),
                                      DecoderLayer(plan[i].in, plan[i].out, plan[i].upsample, i + 1 == plan.size())));
}

at::Tensor GenerativeDecoderImpl::forward(const at::Tensor& x) {
  at::Tensor h = x;
  for (auto& layer : layers_) h = layer->forward(h);
  return h;
}

}  // namespace zcnas::net
