#pragma once
// Modules run one after another, each registered under its name in forward order: the
// composite ops of cells (ReLU-conv-BN, separable and dilated convs) in the DARTS family and
// in the standard op library.

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <functional>
#include <string>
#include <vector>

namespace zcnas::nn {

class ChainImpl : public torch::nn::Module {
 public:
  template <class Holder>
  void add(const std::string& name, Holder module) {
    register_module(name, module);
    forwards_.push_back([m = module.ptr().get()](const at::Tensor& x) { return m->forward(x); });
  }
  at::Tensor forward(at::Tensor x) {
    for (auto& f : forwards_) x = f(x);
    return x;
  }

 private:
  std::vector<std::function<at::Tensor(const at::Tensor&)>> forwards_;
};
TORCH_MODULE(Chain);

}  // namespace zcnas::nn
