#include "zcnas/net/flops.hpp"

#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/pooling.h>
#include <torch/torch.h>

#include "zcnas/net/network.hpp"

namespace zcnas {

namespace {
std::int64_t product(const std::vector<std::int64_t>& shape, std::size_t from) {
  std::int64_t p = 1;
  for (std::size_t i = from; i < shape.size(); ++i) p *= shape[i];
  return p;
}
}  // namespace

Expected<FlopCount> count_flops(Network& network, const std::vector<std::int64_t>& input_shape,
                                FlopConvention convention) {
  for (const auto* list : {&network.layers(), &network.hidden_layers()}) {
    for (const auto& layer : *list) {
      if (layer.tapped) continue;
      return Error(ErrorKind::network, "cannot count FLOPs: layer '" + layer.name +
                                           "' is a plain torch::nn layer; build it from zcnas::nn to tap it");
    }
  }
  at::TensorOptions options = at::TensorOptions().dtype(at::kFloat);
  auto params = network.module().parameters();
  if (!params.empty()) options = options.device(params.front().device()).dtype(params.front().scalar_type());
  std::vector<std::int64_t> shape{1};
  shape.insert(shape.end(), input_shape.begin(), input_shape.end());
  {
    torch::NoGradGuard no_grad;
    const bool was_training = network.module().is_training();
    network.train(false);  // batch 1 in train mode would break BatchNorm
    network.clear_taps();  // a layer the forward pass skips keeps no stale shape
    network.forward(torch::zeros(shape, options));
    network.train(was_training);
  }
  FlopCount count;
  count.per_layer.resize(network.layers().size());
  // Hidden layers (Network::hide_layers) count in the total, not per layer.
  auto layer_macs = [](const WeightedLayer& layer, const TapSlot& slot) {
    double macs = 0;
    if (slot.output_shape.empty()) {
      macs = 0;  // not on the forward path
    } else if (layer.kind == LayerKind::conv2d) {
      auto* conv = dynamic_cast<torch::nn::Conv2dImpl*>(layer.module);
      const auto& o = conv->options;
      const std::int64_t groups = o.groups();
      const std::int64_t kernel = (*o.kernel_size())[0] * (*o.kernel_size())[1];
      const std::int64_t out_positions = product(slot.output_shape, 2);  // H_out * W_out
      macs = static_cast<double>(out_positions) * o.out_channels() * (o.in_channels() / groups) * kernel;
      if (layer.bias.defined()) macs += static_cast<double>(out_positions) * o.out_channels();
    } else if (layer.kind == LayerKind::conv_transpose2d) {
      // Every input position scatters a k x k window into each output channel (fvcore's count).
      auto* deconv = dynamic_cast<torch::nn::ConvTranspose2dImpl*>(layer.module);
      const auto& o = deconv->options;
      const std::int64_t kernel = (*o.kernel_size())[0] * (*o.kernel_size())[1];
      const std::int64_t in_positions = product(slot.input_shape, 2);
      macs = static_cast<double>(in_positions) * o.in_channels() * (o.out_channels() / o.groups()) * kernel;
      if (layer.bias.defined()) macs += static_cast<double>(product(slot.output_shape, 2)) * o.out_channels();
    } else {
      // Linear applies to every leading position (tokens in a ViT), batch excluded.
      const std::int64_t in = layer.weight.size(1), out = layer.weight.size(0);
      const std::int64_t positions = slot.input_shape.empty() ? 1 : product(slot.input_shape, 1) / in;
      macs = static_cast<double>(positions) * in * out;
      if (layer.bias.defined()) macs += static_cast<double>(positions) * out;
    }
    return macs;
  };
  for (const auto& layer : network.layers()) {
    const double macs = layer_macs(layer, network.layer_tap(layer.depth));
    count.per_layer[layer.depth] = macs;
    count.total += macs;
  }
  for (const auto& layer : network.hidden_layers())
    count.hidden += layer_macs(layer, network.hidden_layer_tap(static_cast<std::size_t>(layer.depth)));
  count.total += count.hidden;
  if (convention == FlopConvention::macs) return count;
  for (const auto& site : network.activations()) {
    const TapSlot& slot = network.activation_tap(site.index);
    if (!slot.input_shape.empty()) count.other += static_cast<double>(product(slot.input_shape, 1));
  }
  for (std::size_t k = 0; k < network.counted_ops().size(); ++k) {
    const CountedOp& op = network.counted_ops()[k];
    const TapSlot& slot = network.op_tap(k);
    if (slot.output_shape.empty()) continue;
    const double out = static_cast<double>(product(slot.output_shape, 1));
    switch (op.kind) {
      case OpKind::batch_norm: count.other += 2 * out; break;
      case OpKind::avg_pool: {
        const auto& kernel = *dynamic_cast<torch::nn::AvgPool2dImpl*>(op.module)->options.kernel_size();
        count.other += static_cast<double>(kernel[0] * kernel[1]) * out;
        break;
      }
      case OpKind::max_pool: {
        const auto& kernel = *dynamic_cast<torch::nn::MaxPool2dImpl*>(op.module)->options.kernel_size();
        count.other += static_cast<double>(kernel[0] * kernel[1]) * out;
        break;
      }
      case OpKind::global_avg_pool: count.other += static_cast<double>(product(slot.input_shape, 1)); break;
    }
  }
  count.total += count.other;
  return count;
}

}  // namespace zcnas
