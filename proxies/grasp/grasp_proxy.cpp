// grasp: GraSP's gradient-signal preservation, sum over Conv2d/Linear weights of -(H g) * W,
// g = dL/dW of the shared cross-entropy pass, H g by a second, differentiable backward
// (double backprop) on the same batch: H g = d(g . dL/dW)/dW with g held constant. It costs
// about four passes; a finite difference of gradients would take one, but in float32 on real
// cells (ReLU kinks, batch statistics) it did not even keep GraSP's sign, so it is not offered.
// Uses torch::autograd::grad, never .backward(): the shared pass keeps the network's .grad
// tensors and must not see them accumulate.
// The differentiable backward runs over the shared pass's own forward (kept for it,
// PassRequest::keep_graph) when that forward is the one GraSP would run: temperature 1 and
// contiguous weights. That saves a forward and the memory of a second copy of its saved
// activations (the taps other proxies keep are the same tensors), and the score is the same
// bits (the same forward, the loss divided by 1).

#include <torch/autograd.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <optional>
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
    m.pass.keep_graph = true;
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

    // Taken whatever happens, so the shared graph is freed when this proxy is done with it.
    at::Tensor loss = ctx.take_graph(0, zcnas::PassObjective::cross_entropy);
    const bool shared_forward_serves =
        loss.defined() && temperature_ == 1.0 &&
        std::all_of(weights.begin(), weights.end(), [](const at::Tensor& w) { return w.is_contiguous(); });
    if (!shared_forward_serves) loss = at::Tensor();
    net.set_taps({});
    std::optional<ContiguousWeights> contiguous;
    torch::AutoGradMode grad_mode(true);
    auto differentiable_grads = [&] {
      return torch::autograd::grad({loss}, weights, {}, /*retain_graph=*/true, /*create_graph=*/true,
                                   /*allow_unused=*/true);
    };
    std::vector<at::Tensor> grads;
    if (loss.defined()) {
      try {
        grads = differentiable_grads();
      } catch (const c10::Error&) {
        // A tensor the kept graph saved was written in place after all (the context checks the
        // network's parameters and statistics, not every tensor): GraSP's own forward then.
        loss = at::Tensor();
      }
    }
    if (!loss.defined()) {
      net.train(ctx.options().batchnorm_train_mode);
      contiguous.emplace(weights);
      const zcnas::Batch& b = ctx.batch(0);
      loss = ctx.loss(net.forward(b.inputs.contiguous()) / temperature_, b.labels);
      grads = differentiable_grads();
    }
    at::Tensor z = torch::zeros({}, loss.options());
    for (std::size_t i = 0; i < weights.size(); ++i)
      if (grads[i].defined()) z = z + (first_grads[i] * grads[i]).sum();
    if (!z.requires_grad()) return 0.0;  // the loss does not depend on the weights twice (linear net)
    const auto hg = torch::autograd::grad({z}, weights, {}, /*retain_graph=*/false, /*create_graph=*/false,
                                          /*allow_unused=*/true);
    // The shared forward's gradient hooks ran again above and left their (detached) tensors
    // in the network's tap slots; the cached pass holds its own handles.
    net.clear_taps();
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
