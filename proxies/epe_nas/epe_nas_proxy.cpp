// epe_nas: EPE-NAS's per-class Jacobian correlation, as NAS-Bench-Suite-Zero computes it.
// For each class c among the batch's labels, s_c = sum of log(|corr| + k) over the
// correlation matrix of that class's per-sample input Jacobians (a class seen once gives
// log(1 + k)); score = sum over class pairs |s_c - s_c'| / number of classes ("pairwise",
// NASLib's rule for up to 100 classes) or sum |s_c| ("sum", its rule above 100).
// Reads the shared output-sum pass.

#include <cmath>
#include <map>

#include <zcnas/plugin.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/statistics.hpp>

namespace {

zcnas::PassRequest request() {
  zcnas::PassRequest r;
  r.objective = zcnas::PassObjective::output_sum;
  r.input_grad = true;
  return r;
}

class EpeNasProxy final : public zcnas::Proxy {
 public:
  static zcnas::PluginMetadata metadata() {
    zcnas::PluginMetadata m;
    m.name = "epe_nas";
    m.version = "1.0.0";
    m.description = "Per-class correlation of input Jacobians, spread between classes (EPE-NAS)";
    m.needs.labels = true;  // groups the Jacobians by class: beyond its output-sum pass
    m.pass = request();
    m.params = {{"k", zcnas::ParamType::real, 1e-5, "added to |corr| before the log"},
                {"rule", zcnas::ParamType::string, std::string("pairwise"),
                 "\"pairwise\": sum |s_c - s_c'| / classes (NASLib with its default n_classes = 10); "
                 "\"sum\": sum |s_c| (NASLib's rule above 100 classes, where s_c is also divided by its size)"}};
    return m;
  }
  explicit EpeNasProxy(const zcnas::ParamSet& p) : k_(p.real("k")), pairwise_(p.string("rule") == "pairwise") {
    if (!pairwise_ && p.string("rule") != "sum")
      throw std::invalid_argument("rule must be \"pairwise\" or \"sum\", got \"" + p.string("rule") + "\"");
  }

  zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override {
    auto pass = ctx.pass(0, request());
    if (!pass) return std::move(pass).error();
    const at::Tensor j = (*pass)->input_grad.reshape({(*pass)->input_grad.size(0), -1});
    const at::Tensor labels = ctx.batch(0).labels.to(at::kCPU);
    std::map<std::int64_t, std::vector<std::int64_t>> rows_of;
    for (std::int64_t i = 0; i < labels.size(0); ++i) rows_of[labels[i].item<std::int64_t>()].push_back(i);
    // Each class's sum stays on the device until all are computed: one transfer, not one per class.
    std::vector<at::Tensor> class_sums;
    std::vector<double> class_sizes;
    for (const auto& [label, rows] : rows_of) {
      if (rows.size() == 1) continue;
      const at::Tensor idx = at::tensor(rows, at::TensorOptions().dtype(at::kLong)).to(j.device());
      const at::Tensor corr = zcnas::stats::correlation_matrix(j.index_select(0, idx));
      class_sums.push_back((corr.abs() + k_).log().sum());
      class_sizes.push_back(static_cast<double>(rows.size()));
    }
    std::vector<double> sums(class_sums.size());
    if (!class_sums.empty()) {
      const at::Tensor host = at::stack(class_sums).to(at::kCPU);
      for (std::size_t c = 0; c < sums.size(); ++c) sums[c] = host[static_cast<std::int64_t>(c)].item<double>();
    }
    std::vector<double> s;
    std::size_t next = 0;
    for (const auto& [label, rows] : rows_of) {
      if (rows.size() == 1) {
        s.push_back(std::log(1.0 + k_));
        continue;
      }
      double v = sums[next];
      const double size = class_sizes[next++];
      if (!std::isfinite(v)) continue;  // NASLib skips a class whose correlation fails
      if (!pairwise_) v /= size;
      s.push_back(v);
    }
    double score = 0;
    if (pairwise_) {
      for (double a : s)
        for (double b : s) score += std::abs(a - b);
      if (!s.empty()) score /= static_cast<double>(s.size());
    } else {
      for (double a : s) score += std::abs(a);
    }
    return score;
  }

 private:
  double k_;
  bool pairwise_;
};

}  // namespace

ZCNAS_EXPORT_PROXY(EpeNasProxy)
