// tenas_lr: TE-NAS's linear-region count (Chen et al., ICLR 2021). Default `source = thin`, TE-NAS's
// own protocol (VITA-Group/TENAS @ 9df78ff): prune_tenas.py counts on a thin copy of the network
// (model_config_thin: C = 1, N = 1 cell per stage, depth 2 = the first cell and the reduction
// block to 2 channels, then BN-ReLU, pool, classifier; no stem) fed real training images randomly
// cropped to 3 x 3 with one randomly chosen channel (lib/procedures/linear_region_counter.py:
// RandomCrop(3), RandChannel(1), input_size (1000, 1, 3, 3)), sample_batch = 3 batches of 1,000
// pooled into one count; each sample's code is the sign of every nn.ReLU output (forward hooks
// on 4-D inputs), and the score is the number of distinct codes (calc_LR: the sum over samples
// of 1 / the number sharing its code, the same number).
// Here the thin copy is the scored architecture built with the space's settings changed
// (`thin`, default for NAS-Bench-201: stem = 1, stages = 1,2, cells_per_stage = 1, input =
// 1,4,4). Three differences: crops are 4 x 4, not 3 x 3 (on 3 x 3 the reduction block's
// convolutions give 2 x 2 while its pooled shortcut gives 1 x 1; TE-NAS's sum silently
// broadcasts the one over the other, zcnas's residual refuses the mismatch); a 1-channel stem
// conv + BN before the cells (TE-NAS has none: a linear map in front); and a cell after the
// reduction block (TE-NAS stops at it). Crops come from the
// context's batches (cycled: 3,000 crops of 64 images, where TE-NAS draws 3,000 images), crop
// positions and channels from the proxy's own stream; forwards of `batch` = 1,000 in training
// mode, as TE-NAS. Codes are read at every activation site (TE-NAS hooks ReLUs; the same on the
// cell spaces).
// `source = gaussian` (AZ-NAS's NB201 port: N(0, 1) inputs of the batch's shape through the
// full network) and `source = batch` (the scored batch) remain; on NB201 both give every
// sample its own code (64 of 64 on the first 100 cells of bench/lswag/nb201_sample_1000.txt).

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>

#include <sstream>

namespace {

// "stem=1; stages=1,2,4" -> {stem: [1], stages: [1, 2, 4]}
zcnas::SpaceSettings parse_settings(const std::string& text) {
  zcnas::SpaceSettings out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ';')) {
    const auto eq = item.find('=');
    if (item.find_first_not_of(" \t") == std::string::npos) continue;
    if (eq == std::string::npos) throw std::invalid_argument("thin: '" + item + "' is not setting=values");
    std::string name = item.substr(0, eq);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    std::stringstream values(item.substr(eq + 1));
    std::string v;
    while (std::getline(values, v, ',')) {
      try {
        out[name].push_back(std::stoll(v));
      } catch (const std::exception&) {
        throw std::invalid_argument("thin: '" + v + "' in '" + item + "' is not an integer");
      }
    }
    if (out[name].empty()) throw std::invalid_argument("thin: setting '" + name + "' has no value");
  }
  return out;
}

// Distinct rows of the 0/1 codes of every activation output of `net` on `x`, appended to `codes`.
zcnas::Expected<void> read_codes(zcnas::Network& net, const at::Tensor& x, std::vector<at::Tensor>& codes) {
  zcnas::TapRequest taps;
  taps.activations.outputs = true;
  net.set_taps(taps);
  {
    at::NoGradGuard no_grad;
    net.forward(x);
  }
  std::vector<at::Tensor> sites;
  for (std::size_t i = 0; i < net.activations().size(); ++i) {
    const at::Tensor& out = net.activation_tap(i).output;
    if (out.defined()) sites.push_back((out.reshape({out.size(0), -1}) > 0).to(at::kByte));
  }
  net.set_taps({});
  if (sites.empty()) return zcnas::Error(zcnas::ErrorKind::proxy, "the network has no activation sites");
  codes.push_back(at::cat(sites, 1));
  return {};
}

class TenasLrProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "tenas_lr";
    m.version = "2.0.0";
    m.description = "TE-NAS linear regions: distinct ReLU sign codes of small one-channel crops through a thin copy";
    m.params = {{"source", zcnas::ParamType::string, std::string("thin"),
                 "thin (TE-NAS: crops of the batch through a thin copy), gaussian (AZ-NAS's port) or batch"},
                {"thin", zcnas::ParamType::string, std::string("stem=1; stages=1,2; cells_per_stage=1; input=1,4,4"),
                 "the space settings of the thin copy"},
                {"samples", zcnas::ParamType::integer, std::int64_t{0},
                 "inputs counted (0: 3,000 for thin, the batch's size for gaussian)"},
                {"batch", zcnas::ParamType::integer, std::int64_t{1000}, "thin: inputs per forward (TE-NAS: 1,000)"},
                {"size", zcnas::ParamType::integer, std::int64_t{0}, "gaussian: H = W (0: the batch's)"}};
    m.needs.data_batch = true;
    return m;
  }
  explicit TenasLrProxy(const zcnas::ParamSet& p)
      : source_(p.string("source")), samples_(p.integer("samples")), batch_(p.integer("batch")), size_(p.integer("size")) {
    if (samples_ < 0 || size_ < 0 || batch_ < 1) throw std::invalid_argument("samples and size must be >= 0, batch >= 1");
    if (source_ != "thin" && source_ != "gaussian" && source_ != "batch")
      throw std::invalid_argument("source must be \"thin\", \"gaussian\" or \"batch\", got \"" + source_ + "\"");
    thin_ = parse_settings(p.string("thin"));
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    if (ctx.batch_count() == 0 || !ctx.batch(0).inputs.defined())
      return zcnas::Error(zcnas::ErrorKind::proxy, "the context has no batch (for its shape or its images)");
    std::vector<at::Tensor> codes;
    if (source_ == "thin") {
      auto thin = ctx.variant_network(thin_);
      if (!thin) return std::move(thin).error().with_context("tenas_lr's thin copy (param thin)");
      auto x = crops(ctx);
      if (!x) return std::move(x).error();
      thin->train(true);
      for (std::int64_t start = 0; start < x->size(0); start += batch_)
        if (auto ok = read_codes(*thin, x->slice(0, start, std::min(start + batch_, x->size(0))), codes); !ok)
          return std::move(ok).error();
    } else {
      at::Tensor x = ctx.batch(0).inputs;
      if (source_ == "gaussian") {
        at::Generator gen = ctx.stream("tenas_lr");
        std::vector<std::int64_t> shape = x.sizes().vec();
        if (samples_ > 0) shape[0] = samples_;
        if (size_ > 0 && shape.size() == 4) shape[2] = shape[3] = size_;
        x = ctx.randn(shape, gen);
      }
      if (auto ok = read_codes(ctx.network(), x, codes); !ok) return std::move(ok).error();
    }
    const at::Tensor all = at::cat(codes, 0);
    return static_cast<double>(std::get<0>(at::unique_dim(all, 0)).size(0));
  }

 private:
  // `samples` crops of the context's images (cycled over its batches), of the thin copy's input
  // shape (channels, H, W from `thin`'s input setting; 1 x 4 x 4 without one), each at a random
  // position and with random channels.
  zcnas::Expected<at::Tensor> crops(zcnas::ProbeContext& ctx) const {
    std::int64_t channels = 1, h = 4, w = 4;
    if (auto it = thin_.find("input"); it != thin_.end()) {
      if (it->second.size() != 3) return zcnas::Error(zcnas::ErrorKind::proxy, "thin: input takes C,H,W");
      channels = it->second[0], h = it->second[1], w = it->second[2];
    }
    std::vector<at::Tensor> images;
    for (std::size_t b = 0; b < ctx.batch_count(); ++b)
      if (ctx.batch(b).inputs.defined()) images.push_back(ctx.batch(b).inputs);
    const at::Tensor pool = at::cat(images, 0);
    if (pool.dim() != 4 || pool.size(2) < h || pool.size(3) < w || pool.size(1) < channels)
      return zcnas::Error(zcnas::ErrorKind::proxy, "tenas_lr crops " + std::to_string(channels) + " x " + std::to_string(h) +
                                                       " x " + std::to_string(w) + " from the batch's images; they are smaller");
    const std::int64_t n = samples_ > 0 ? samples_ : 3000;
    at::Generator gen = ctx.stream("tenas_lr");
    const auto cpu_long = at::TensorOptions().dtype(at::kLong);
    const at::Tensor top = at::randint(pool.size(2) - h + 1, {n}, gen, cpu_long);
    const at::Tensor left = at::randint(pool.size(3) - w + 1, {n}, gen, cpu_long);
    const at::Tensor order = at::rand({n, pool.size(1)}, gen, at::TensorOptions().dtype(at::kDouble)).argsort(/*dim=*/static_cast<std::int64_t>(1), /*descending=*/false);
    auto ta = top.accessor<std::int64_t, 1>();
    auto la = left.accessor<std::int64_t, 1>();
    std::vector<at::Tensor> out;
    out.reserve(static_cast<std::size_t>(n));
    for (std::int64_t k = 0; k < n; ++k) {
      // RandChannel: `channels` distinct channels, kept in increasing order.
      const at::Tensor picked = std::get<0>(order[k].slice(0, 0, channels).sort()).to(pool.device());
      const at::Tensor image = pool[k % pool.size(0)];
      out.push_back(image.index_select(0, picked).slice(1, ta[k], ta[k] + h).slice(2, la[k], la[k] + w));
    }
    return at::stack(out);
  }

  std::string source_;
  zcnas::SpaceSettings thin_;
  std::int64_t samples_, batch_, size_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(TenasLrProxy)
