// vkdnw: Variance of Knowledge of Deep Network Weights (Tybl & Neumann, CVPR 2025), as its NB201
// code computes it (ondratybl/VKDNW NB201/ZeroShotProxy/compute_vkdnw_score.py @ 6901b65):
//   - weights redrawn as theirs (init_model kaiming_norm_fanin: Kaiming normal, fan in, ReLU
//     gain, zero bias; BatchNorm weight 1, bias 0, running statistics those of a fresh network)
//     from the proxy's own stream, restored after;
//     `init = as_built` keeps the network's;
//   - N(0, 1) inputs of the batch's shape (their trainloader = None); `input = batch` takes the
//     scored batch;
//   - the network in eval mode (BatchNorm on its running statistics, so samples are independent);
//   - a subset of the weights: of the first `tensors` parameter tensors (named_parameters order,
//     their params_grad_len = 128), `per_tensor` entries each, evenly spaced over the flattened
//     tensor (torch.linspace(0, n - 1, steps = p).long(); p = 1 is each tensor's first entry);
//   - for each sample, J = d logits / d those entries (C x P), premultiplied by the Cholesky
//     factor L of the covariance of the smoothed softmax (prob = softmax * (1 - 0.05) + 0.05 / C,
//     their cholesky_covariance: Tanabe & Sagae's closed form; L L^T = diag(prob) - prob prob^T);
//   - Fisher information F = mean over samples of (L J)^T (L J)  (P x P);
//   - its eigenvalues lambda, their deciles q_k (torch.quantile at 0.1, ..., 0.9, linear
//     interpolation), t = q / sum |q|; the score is the entropy -sum t log(t + 1e-10) (their
//     vkdnw_entropy). Higher is better: an even spread of the Fisher spectrum.
// Their alpha is a float16 0.05 (0.0499878), kept. F and its spectrum in float32 as theirs (svd
// singular values): float32's noise floor lifts F's near-zero eigenvalues (on a checked cell the
// lowest deciles are 0.89 where float64 gives 2e-5), which moves the low deciles and so the
// ranking; `float64 = true` computes both exactly. One forward of each sample alone and one backward per logit: N x C backward
// passes of batch 1. Their NB201 default p = 0 selects nothing, and the notebook that called it
// with its setting is not in the repository; p = 1 matches their ImageNet code (param_idx 0).

#include <torch/autograd.h>

#include <c10/util/Half.h>

#include <cmath>

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/weight_snapshot.hpp>

namespace {

// Restores the module's train/eval mode when the proxy is done.
class EvalModeGuard {
 public:
  explicit EvalModeGuard(torch::nn::Module& m) : module_(m), was_training_(m.is_training()) { module_.eval(); }
  ~EvalModeGuard() { module_.train(was_training_); }
  EvalModeGuard(const EvalModeGuard&) = delete;
  EvalModeGuard& operator=(const EvalModeGuard&) = delete;

 private:
  torch::nn::Module& module_;
  bool was_training_;
};

// L with L L^T = diag(prob) - prob prob^T for one smoothed probability row (float64): column j
// scaled by d_j = sqrt(prob_j q_j / q_{j-1}), below the diagonal -prob_i / q_j, 1 on it.
at::Tensor cholesky_of_softmax_covariance(const at::Tensor& prob) {
  const std::int64_t c = prob.size(0);
  const at::Tensor q = 1 - at::cumsum(prob, 0);
  auto qa = q.accessor<double, 1>();
  auto pa = prob.accessor<double, 1>();
  at::Tensor l = at::zeros({c, c}, prob.options());
  auto la = l.accessor<double, 2>();
  for (std::int64_t j = 0; j < c; ++j) {
    const double qj = j + 1 < c ? qa[j] : 0.0;
    const double q_before = j == 0 ? 1.0 : qa[j - 1];
    const double d = std::sqrt(pa[j] * qj / q_before);
    for (std::int64_t i = j; i < c; ++i) {
      double entry = 1.0;
      if (i > j) entry = qj == 0.0 ? 0.0 : -pa[i] / qj;  // their nan_to_num(neginf = 0)
      la[i][j] = entry * d;
    }
  }
  return l;
}

class VkdnwProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "vkdnw";
    m.version = "1.1.0";
    m.description = "VKDNW: entropy of the deciles of the Fisher information spectrum of a weight subset";
    m.params = {{"tensors", zcnas::ParamType::integer, std::int64_t{128}, "the first parameter tensors used"},
                {"per_tensor", zcnas::ParamType::integer, std::int64_t{1}, "entries of each, evenly spaced"},
                {"samples", zcnas::ParamType::integer, std::int64_t{0}, "samples of the batch (0: all)"},
                {"init", zcnas::ParamType::string, std::string("kaiming"), "kaiming (VKDNW's) or as_built"},
                {"input", zcnas::ParamType::string, std::string("gaussian"), "gaussian (VKDNW's) or batch"},
                {"float64", zcnas::ParamType::boolean, false, "F and its spectrum in float64 (VKDNW: float32)"}};
    m.needs.gradients = true;
    m.needs.data_batch = true;
    return m;
  }
  explicit VkdnwProxy(const zcnas::ParamSet& p)
      : tensors_(p.integer("tensors")),
        per_tensor_(p.integer("per_tensor")),
        samples_(p.integer("samples")),
        redraw_(p.string("init") == "kaiming"),
        gaussian_(p.string("input") == "gaussian"),
        float64_(p.boolean("float64")) {
    if (tensors_ < 1 || per_tensor_ < 1 || samples_ < 0)
      throw std::invalid_argument("tensors and per_tensor must be >= 1, samples >= 0");
    if (!redraw_ && p.string("init") != "as_built")
      throw std::invalid_argument("init must be \"kaiming\" or \"as_built\", got \"" + p.string("init") + "\"");
    if (!gaussian_ && p.string("input") != "batch")
      throw std::invalid_argument("input must be \"gaussian\" or \"batch\", got \"" + p.string("input") + "\"");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    if (ctx.batch_count() == 0 || !ctx.batch(0).inputs.defined())
      return zcnas::Error(zcnas::ErrorKind::proxy, "the context has no batch");
    zcnas::Network& net = ctx.network();
    // The chosen entries: (tensor, flat indices), in named_parameters order.
    std::vector<at::Tensor> params;
    std::vector<at::Tensor> picks;
    for (const auto& item : net.module().named_parameters()) {
      if (static_cast<std::int64_t>(params.size()) >= tensors_) break;
      if (!item.value().requires_grad()) continue;
      const std::int64_t n = item.value().numel();
      params.push_back(item.value());
      picks.push_back(at::linspace(0, static_cast<double>(n - 1), per_tensor_, at::TensorOptions().dtype(at::kDouble))
                          .to(at::kLong)
                          .to(item.value().device()));
    }
    if (params.empty()) return zcnas::Error(zcnas::ErrorKind::proxy, "the network has no parameters");

    // Weights and buffers are restored on return, so other proxies' cached passes stay valid.
    zcnas::WeightSnapshot snapshot(net.module());
    at::Generator gen = ctx.stream("vkdnw");
    if (redraw_) {
      zcnas::redraw_weights(net, zcnas::InitScheme::kaiming_normal, gen);
      // Eval mode reads the running statistics: those of a fresh network, as theirs, not
      // what earlier training-mode passes of this context left.
      zcnas::reset_batchnorm(net);
    }
    const at::Tensor x = gaussian_ ? ctx.randn(ctx.batch(0).inputs.sizes().vec(), gen) : ctx.batch(0).inputs;
    net.set_taps({});
    EvalModeGuard eval(net.module());
    torch::AutoGradMode grad_on(true);
    const std::int64_t n = samples_ > 0 ? std::min<std::int64_t>(samples_, x.size(0)) : x.size(0);
    const double alpha = static_cast<double>(static_cast<float>(c10::Half(0.05f)));
    const at::ScalarType dtype = float64_ ? at::kDouble : at::kFloat;
    at::Tensor fisher;
    for (std::int64_t s = 0; s < n; ++s) {
      const at::Tensor logits = net.forward(x.slice(0, s, s + 1)).reshape({-1});
      const std::int64_t classes = logits.size(0);
      std::vector<at::Tensor> rows;
      for (std::int64_t c = 0; c < classes; ++c) {
        auto grads = torch::autograd::grad({logits[c]}, params, {}, /*retain_graph=*/c + 1 < classes,
                                           /*create_graph=*/false, /*allow_unused=*/true);
        std::vector<at::Tensor> row;
        for (std::size_t t = 0; t < params.size(); ++t)
          row.push_back(grads[t].defined() ? grads[t].reshape(-1).index_select(0, picks[t])
                                           : at::zeros({per_tensor_}, params[t].options()));
        rows.push_back(at::cat(row).to(at::kCPU).to(dtype));
      }
      const at::Tensor jac = at::stack(rows);  // C x P
      const at::Tensor prob =
          at::softmax(logits.detach().to(at::kDouble).to(at::kCPU), 0) * (1 - alpha) + alpha / static_cast<double>(classes);
      const at::Tensor lj = at::matmul(cholesky_of_softmax_covariance(prob.contiguous()).to(dtype), jac);
      const at::Tensor f = at::matmul(lj.t(), lj);
      fisher = fisher.defined() ? fisher + f : f;
    }
    fisher = fisher / static_cast<double>(n);
    if (!at::isfinite(fisher).all().item<bool>())
      return zcnas::Error(zcnas::ErrorKind::numeric, "the Fisher information is not finite");
    // Singular values, as their torch.svd(F).S (= eigenvalues of a PSD matrix, up to rounding).
    const at::Tensor lambdas = at::linalg_svdvals(fisher);
    const at::Tensor levels = (at::arange(1, 10, at::TensorOptions().dtype(at::kDouble)) / 10.0).to(dtype);
    const at::Tensor quantiles = at::quantile(lambdas, levels);
    const at::Tensor t = quantiles / (quantiles.abs().sum() + 1e-10);
    return -(t * at::log(t + 1e-10)).sum().item<double>();
  }

 private:
  std::int64_t tensors_, per_tensor_, samples_;
  bool redraw_, gaussian_, float64_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(VkdnwProxy)
