#pragma once
// A copy of a network's parameters and buffers that can be written back. Proxies that must
// change the scored network's weights (synflow takes their absolute values, zen redraws
// them) take a snapshot, do their work and restore it, so the proxies after them see the
// network as it was built.

#include <torch/nn/module.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <vector>

namespace zcnas {

class WeightSnapshot {
 public:
  explicit WeightSnapshot(torch::nn::Module& module) : module_(module) {
    torch::NoGradGuard no_grad;
    for (const auto& p : module.parameters()) saved_.push_back(p.detach().clone());
    for (const auto& b : module.buffers()) saved_.push_back(b.detach().clone());
  }
  WeightSnapshot(const WeightSnapshot&) = delete;
  WeightSnapshot& operator=(const WeightSnapshot&) = delete;
  // Restores on scope exit, whatever happened in between.
  ~WeightSnapshot() { restore(); }

  // Writes the saved values back (also after a dtype or device change of the module: the
  // live tensors are re-read from it, in the same order).
  void restore() {
    torch::NoGradGuard no_grad;
    std::size_t i = 0;
    for (auto& p : module_.parameters()) restore_one(p, i++);
    for (auto& b : module_.buffers()) restore_one(b, i++);
  }

 private:
  void restore_one(at::Tensor& live, std::size_t i) {
    if (i >= saved_.size()) return;
    const at::Tensor& saved = saved_[i];
    if (live.scalar_type() != saved.scalar_type() || live.device() != saved.device()) {
      live.set_data(saved.clone());
    } else {
      live.copy_(saved);
    }
  }

  torch::nn::Module& module_;
  std::vector<at::Tensor> saved_;  // parameters, then buffers, in module order
};

}  // namespace zcnas
