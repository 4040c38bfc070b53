#pragma once
// TransNAS-Bench-101's pix2pix decoder (its autoencoder and surface-normal tasks): NASLib's
// GenerativeDecoder (naslib/search_spaces/transbench101/tnb101/models/decoder.py at
// 0b51bc18), 14 layers from the encoder's C x w x w to 3 x (w * 2^u) x (w * 2^u), u =
// log2(output / w) in 2..6. Each layer is a conv 3x3 (with bias) or, where it upsamples, a
// transposed conv 3x3 / 2 (output padding 1), then BN and LeakyReLU(0.2); the last one is a
// conv to 3 channels and Tanh. Module names are NASLib's: conv1.conv, conv1.norm, ...

#include <torch/nn/module.h>

#include <cstdint>
#include <vector>

#include "zcnas/net/modules.hpp"

namespace zcnas::net {

class DecoderLayerImpl : public torch::nn::Module {
 public:
  // `upsample`: a transposed conv of stride 2; `last`: no BN and Tanh instead of LeakyReLU.
  DecoderLayerImpl(std::int64_t in, std::int64_t out, bool upsample, bool last);
  at::Tensor forward(const at::Tensor& x);

 private:
  nn::Conv2d conv_{nullptr};
  nn::ConvTranspose2d deconv_{nullptr};
  nn::BatchNorm2d norm_{nullptr};
  nn::Activation act_{nullptr};
};
TORCH_MODULE(DecoderLayer);

class GenerativeDecoderImpl : public torch::nn::Module {
 public:
  // Throws std::invalid_argument when output / width is not 2^u with u in 2..6.
  GenerativeDecoderImpl(std::int64_t channels, std::int64_t width, std::int64_t output);
  at::Tensor forward(const at::Tensor& x);

 private:
  std::vector<DecoderLayer> layers_;
};
TORCH_MODULE(GenerativeDecoder);

}  // namespace zcnas::net
