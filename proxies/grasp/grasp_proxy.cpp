// grasp: GraSP's gradient-signal preservation, sum over Conv2d/Linear weights of -(H g) * W,
// g = dL/dW of the shared cross-entropy pass, H g by a second, differentiable backward
// (double backprop) on the same batch: H g = d(g . dL/dW)/dW with g held constant. It costs
// about four passes; a finite difference of gradients would take one, but in float32 on real
// cells (ReLU kinks, batch statistics) it did not even keep GraSP's sign, so it is not offered.
// Uses torch::autograd::grad, never .backward(): the shared pass keeps the network's .grad
// tensors and must not see them accumulate.

#include <torch/autograd.h>
#include <torch/torch.h>

#include <cmath>
#include <vector>

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/layer_gradients.hpp>

namespace {

// LibTorch 1.13's CPU convolution double backward is half again as slow on channels-last
// weights (zcnas's CPU layout, score_run.hpp) as on contiguous ones: GraSP's own passes run
// with the weights contiguous, and the layout is put back after.
class ContiguousWeights {
 public:
  explicit ContiguousWeights(const std::vector<at::Tensor>& weights) : weights_(weights) {
    torch::NoGradGuard no_grad;
    for (auto& w : weights_) {
      const bool channels_last = w.dim() == 4 && !w.is_contiguous() && w.is_contiguous(at::MemoryFormat::ChannelsLast);
      moved_.push_back(channels_last);
      if (channels_last) w.set_data(w.contiguous());
    }
  }
  ~ContiguousWeights() {
    torch::NoGradGuard no_grad;
    for (std::size_t i = 0; i < weights_.size(); ++i)
      if (moved_[i]) weights_[i].set_data(weights_[i].contiguous(at::MemoryFormat::ChannelsLast));
  }
  ContiguousWeights(const ContiguousWeights&) = delete;
  ContiguousWeights& operator=(const ContiguousWeights&) = delete;

 private:
  std::vector<at::Tensor> weights_;
  std::vector<bool> moved_;
};

class GraspProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "grasp";
    m.version = "1.0.0";
    m.description = "Sum over Conv2d/Linear weights of -(Hg) * W, Hessian-gradient product by double backprop";
    m.pass = zcnas::gradients::weight_gradient_request();
    m.params = {{"temperature", zcnas::ParamType::real, 1.0, "logits are divided by it before the loss (GraSP's T)"}};
    return m;
  }
  explicit GraspProxy(const zcnas::ParamSet& p) : temperature_(p.real("temperature")) {
    if (!(temperature_ > 0)) throw std::invalid_argument("temperature must be > 0");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    auto pass = ctx.pass(0, zcnas::gradients::weight_gradient_request());
    if (!pass) return std::move(pass).error();
    zcnas::Network& net = ctx.network();
    std::vector<at::Tensor> weights, first_grads;
    for (const auto& layer : net.layers()) {
      const at::Tensor& g = (*pass)->weight_grads[layer.depth];
      if (!g.defined()) continue;  // not on any path to the output
      weights.push_back(layer.weight);
      first_grads.push_back(g);
    }
    if (weights.empty()) return 0.0;

    net.set_taps({});
    net.train(ctx.options().batchnorm_train_mode);
    ContiguousWeights contiguous(weights);
    torch::AutoGradMode grad_mode(true);
    const zcnas::Batch& b = ctx.batch(0);
    const at::Tensor loss = ctx.loss(net.forward(b.inputs.contiguous()) / temperature_, b.labels);
    const auto grads = torch::autograd::grad({loss}, weights, {}, /*retain_graph=*/true, /*create_graph=*/true,
                                             /*allow_unused=*/true);
    at::Tensor z = torch::zeros({}, loss.options());
    for (std::size_t i = 0; i < weights.size(); ++i)
      if (grads[i].defined()) z = z + (first_grads[i] * grads[i]).sum();
    if (!z.requires_grad()) return 0.0;  // the loss does not depend on the weights twice (linear net)
    const auto hg = torch::autograd::grad({z}, weights, {}, /*retain_graph=*/false, /*create_graph=*/false,
                                          /*allow_unused=*/true);
    at::Tensor sum = torch::zeros({}, loss.options().dtype(at::kDouble));  // on the device, one transfer
    for (std::size_t i = 0; i < weights.size(); ++i)
      if (hg[i].defined()) sum = sum + (-weights[i].detach().to(at::kDouble) * hg[i].to(at::kDouble)).sum();
    return sum.item<double>();
  }

 private:
  double temperature_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(GraspProxy)
