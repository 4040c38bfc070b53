// tenas_lr: TE-NAS's linear-region count (Chen et al., ICLR 2021), as AZ-NAS's NB201 port runs it
// (cvlab-yonsei/AZ-NAS NB201/ZeroShotProxy/compute_te_nas_score.py @ 5e6683a, from
// VITA-Group/TENAS lib/procedures/linear_region_counter.py): one batch of N(0, 1) inputs, every
// ReLU's output after it as 0/1 (sign), each sample's code the concatenation over all sites;
// the score is the number of distinct codes in the batch (their calc_LR: sum over samples of
// 1 / the number of samples sharing its code). The network as built, in no-grad mode, in the
// context's BatchNorm mode. TE-NAS hooks ReLUs with 4-D inputs; this reads every activation
// site, the same on the cell spaces. `source = batch` counts over the scored batch instead.
// Measured: on NB201 every live cell gives each sample its own code, at AZ-NAS's shape (64 of 64
// at 64 x 3 x 32 x 32, first 100 cells of bench/lswag/nb201_sample_1000.txt: Spearman 0.25 with
// CIFAR-10 accuracy, only the dead cells score lower) and at TE-NAS's prune script's 1,000
// samples at 3 x 3 (VITA-Group/TENAS prune_tenas.py @ 9df78ff, line 396: 1000 of 1000 on 40
// cells). `samples` and `size` set the Gaussian inputs; what makes TE-NAS's count discriminate
// is still to be found (their loader's images at that size?).

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>

namespace {

class TenasLrProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "tenas_lr";
    m.version = "1.0.0";
    m.description = "TE-NAS linear regions: distinct ReLU sign codes among a batch of Gaussian inputs";
    m.params = {{"source", zcnas::ParamType::string, std::string("gaussian"),
                 "gaussian (TE-NAS: N(0,1) inputs of the batch's shape) or batch (the scored batch)"},
                {"samples", zcnas::ParamType::integer, std::int64_t{0}, "Gaussian inputs (0: the batch's size)"},
                {"size", zcnas::ParamType::integer, std::int64_t{0}, "their H = W (0: the batch's)"}};
    return m;
  }
  explicit TenasLrProxy(const zcnas::ParamSet& p)
      : gaussian_(p.string("source") == "gaussian"), samples_(p.integer("samples")), size_(p.integer("size")) {
    if (samples_ < 0 || size_ < 0) throw std::invalid_argument("samples and size must be >= 0");
    if (!gaussian_ && p.string("source") != "batch")
      throw std::invalid_argument("source must be \"gaussian\" or \"batch\", got \"" + p.string("source") + "\"");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    if (ctx.batch_count() == 0 || !ctx.batch(0).inputs.defined())
      return zcnas::Error(zcnas::ErrorKind::proxy, "the context has no batch (for its shape or its images)");
    zcnas::Network& net = ctx.network();
    at::Tensor x = ctx.batch(0).inputs;
    if (gaussian_) {
      at::Generator gen = ctx.stream("tenas_lr");
      std::vector<std::int64_t> shape = x.sizes().vec();
      if (samples_ > 0) shape[0] = samples_;
      if (size_ > 0 && shape.size() == 4) shape[2] = shape[3] = size_;
      x = ctx.randn(shape, gen);
    }
    zcnas::TapRequest taps;
    taps.activations.outputs = true;
    net.set_taps(taps);
    {
      at::NoGradGuard no_grad;
      net.forward(x);
    }
    std::vector<at::Tensor> codes;
    for (std::size_t i = 0; i < net.activations().size(); ++i) {
      const at::Tensor& out = net.activation_tap(i).output;
      if (out.defined()) codes.push_back((out.reshape({out.size(0), -1}) > 0).to(at::kByte));
    }
    net.set_taps({});
    if (codes.empty()) return zcnas::Error(zcnas::ErrorKind::proxy, "the network has no activation sites");
    const at::Tensor all = at::cat(codes, 1);
    return static_cast<double>(std::get<0>(at::unique_dim(all, 0)).size(0));
  }

 private:
  bool gaussian_;
  std::int64_t samples_, size_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(TenasLrProxy)
