// grasp: GraSP's gradient-signal preservation, sum over Conv2d/Linear weights of -(H g) * W,
// g = dL/dW of the shared cross-entropy pass, H g by a second, differentiable backward
// (double backprop) on the same batch: H g = d(g . dL/dW)/dW with g held constant. Double
// backprop costs about four passes; hessian = "finite_difference" takes one pass instead:
// H g ~ (dL/dW(W + h g) - g) / h, h scaled so that h ||g|| = 1e-3 ||W||.
// Uses torch::autograd::grad, never .backward(): the shared pass keeps the network's .grad
// tensors and must not see them accumulate.

#include <torch/autograd.h>
#include <torch/torch.h>

#include <cmath>

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/weight_snapshot.hpp>

namespace {

zcnas::PassRequest request() {
  zcnas::PassRequest r;
  r.objective = zcnas::PassObjective::cross_entropy;
  r.weight_grads = true;
  return r;
}

class GraspProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "grasp";
    m.version = "1.0.0";
    m.description = "Sum over Conv2d/Linear weights of -(Hg) * W, Hessian-gradient product by double backprop";
    m.needs.labels = true;
    m.needs.gradients = true;
    m.pass = request();
    m.params = {{"temperature", zcnas::ParamType::real, 1.0, "logits are divided by it before the loss (GraSP's T)"},
                {"hessian", zcnas::ParamType::string, std::string("exact"),
                 "\"exact\" (double backprop, as the suite) or \"finite_difference\" (one extra pass, ~4x faster)"}};
    return m;
  }
  explicit GraspProxy(const zcnas::ParamSet& p)
      : temperature_(p.real("temperature")), finite_difference_(p.string("hessian") == "finite_difference") {
    if (!(temperature_ > 0)) throw std::invalid_argument("temperature must be > 0");
    if (!finite_difference_ && p.string("hessian") != "exact")
      throw std::invalid_argument("hessian must be \"exact\" or \"finite_difference\", got \"" + p.string("hessian") +
                                  "\"");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    auto pass = ctx.pass(0, request());
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
    torch::AutoGradMode grad_mode(true);
    const zcnas::Batch& b = ctx.batch(0);
    if (finite_difference_) return finite_difference(ctx, net, b, weights, first_grads);
    const at::Tensor loss = ctx.loss(net.forward(b.inputs) / temperature_, b.labels);
    const auto grads = torch::autograd::grad({loss}, weights, {}, /*retain_graph=*/true, /*create_graph=*/true,
                                             /*allow_unused=*/true);
    at::Tensor z = torch::zeros({}, loss.options());
    for (std::size_t i = 0; i < weights.size(); ++i)
      if (grads[i].defined()) z = z + (first_grads[i] * grads[i]).sum();
    if (!z.requires_grad()) return 0.0;  // the loss does not depend on the weights twice (linear net)
    const auto hg = torch::autograd::grad({z}, weights, {}, /*retain_graph=*/false, /*create_graph=*/false,
                                          /*allow_unused=*/true);
    double sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i)
      if (hg[i].defined()) sum += (-weights[i].detach().to(at::kDouble) * hg[i].to(at::kDouble)).sum().item<double>();
    return sum;
  }

 private:
  double finite_difference(zcnas::ProbeContext& ctx, zcnas::Network& net, const zcnas::Batch& b,
                           const std::vector<at::Tensor>& weights, const std::vector<at::Tensor>& g) {
    double w_norm = 0, g_norm = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      w_norm += weights[i].detach().to(at::kDouble).pow(2).sum().item<double>();
      g_norm += g[i].to(at::kDouble).pow(2).sum().item<double>();
    }
    if (g_norm == 0) return 0.0;
    const double h = 1e-3 * std::sqrt(w_norm / g_norm);
    std::vector<at::Tensor> shifted_grads;
    {
      zcnas::WeightSnapshot snapshot(net.module());
      {
        torch::NoGradGuard no_grad;
        for (std::size_t i = 0; i < weights.size(); ++i) weights[i].add_(g[i], h);
      }
      const at::Tensor loss = ctx.loss(net.forward(b.inputs) / temperature_, b.labels);
      shifted_grads = torch::autograd::grad({loss}, weights, {}, false, false, /*allow_unused=*/true);
    }
    double sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (!shifted_grads[i].defined()) continue;
      const at::Tensor hg = (shifted_grads[i].to(at::kDouble) - g[i].to(at::kDouble)) / h;
      sum += (-weights[i].detach().to(at::kDouble) * hg).sum().item<double>();
    }
    return sum;
  }

  double temperature_;
  bool finite_difference_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(GraspProxy)
