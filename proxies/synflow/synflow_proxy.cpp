// synflow: SynFlow's synaptic saliency, sum over Conv2d/Linear weights of |W * dR/dW| where
// R is the sum of the output for one all-ones input, every parameter and buffer replaced by
// its absolute value, BatchNorm off, in float64 (NAS-Bench-Suite-Zero's protocol; it stores
// log(synflow), which is the default here). The scored network is restored afterwards.

#include <torch/autograd.h>
#include <torch/torch.h>

#include <cmath>

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/weight_snapshot.hpp>

namespace {

class SynflowProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "synflow";
    m.version = "1.0.0";
    m.description = "log of sum |W * dR/dW|, R = sum of outputs on an all-ones input, |params|, BN off, float64";
    m.needs.gradients = true;
    m.needs.float64 = true;
    m.params = {{"log", zcnas::ParamType::boolean, true, "report log(synflow) (NAS-Bench-Suite-Zero stores the log)"},
                {"batchnorm", zcnas::ParamType::boolean, false, "keep BatchNorm (synflow_bn) instead of the identity"}};
    return m;
  }
  explicit SynflowProxy(const zcnas::ParamSet& p) : log_(p.boolean("log")), batchnorm_(p.boolean("batchnorm")) {}

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    zcnas::Network& net = ctx.network();
    // Cached passes stay valid: every parameter and buffer is restored before returning.
    const at::ScalarType dtype = ctx.options().dtype;
    double sum = 0;
    {
      zcnas::WeightSnapshot snapshot(net.module());
      struct Restore {  // BN and dtype back even when the forward throws
        zcnas::Network& net;
        at::ScalarType dtype;
        ~Restore() {
          net.set_batchnorm_enabled(true);
          net.to(dtype);
        }
      } restore{net, dtype};
      net.to(at::kDouble);
      {
        torch::NoGradGuard no_grad;
        for (auto& p : net.module().parameters()) p.abs_();
        for (auto& b : net.module().buffers())
          if (b.is_floating_point()) b.abs_();
      }
      net.set_batchnorm_enabled(batchnorm_);
      net.set_taps({});
      net.train(ctx.options().batchnorm_train_mode);
      std::vector<std::int64_t> shape{1};
      shape.insert(shape.end(), ctx.input_shape().begin(), ctx.input_shape().end());
      torch::AutoGradMode grad_mode(true);
      const at::Tensor out = net.forward(torch::ones(shape, at::TensorOptions().dtype(at::kDouble).device(ctx.device())));
      std::vector<at::Tensor> weights;
      for (const auto& layer : net.layers()) weights.push_back(layer.weight);
      const auto grads = torch::autograd::grad({out.sum()}, weights, {}, false, false, /*allow_unused=*/true);
      at::Tensor total = torch::zeros({}, out.options());  // summed on the device, one transfer
      for (std::size_t i = 0; i < weights.size(); ++i)
        if (grads[i].defined()) total = total + (weights[i].detach() * grads[i]).abs().sum();
      sum = total.item<double>();
    }  // weights, BN and dtype restored
    if (!log_) return sum;
    if (sum <= 0)
      return zcnas::Error(zcnas::ErrorKind::numeric,
                          "synflow is 0 (no weighted path from input to output), its log is -inf; use log = false");
    return std::log(sum);
  }

 private:
  bool log_, batchnorm_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(SynflowProxy)
