#include "module_network.hpp"

#include <torch/csrc/autograd/python_variable.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/pooling.h>
#include <torch/python.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "zcnas/net/modules.hpp"

namespace py = pybind11;

namespace zcnas::python {

namespace {

bool is_tensor(py::handle h) { return THPVariable_Check(h.ptr()); }
at::Tensor tensor_of(py::handle h) { return THPVariable_Unpack(h.ptr()); }
at::Tensor tensor_or_none(py::handle h) { return h.is_none() ? at::Tensor() : tensor_of(h); }

std::vector<std::int64_t> pair_of(py::handle value) {
  if (py::isinstance<py::int_>(value)) {
    const auto v = value.cast<std::int64_t>();
    return {v, v};
  }
  std::vector<std::int64_t> out;
  for (auto item : value) out.push_back(item.cast<std::int64_t>());
  if (out.size() == 1) out.push_back(out[0]);
  return out;
}

// The logits of whatever forward() returned: a tensor, the first of a tuple or list, or a
// mapping's "logits" (Hugging Face style).
at::Tensor logits_of(const py::object& out) {
  if (is_tensor(out)) return tensor_of(out);
  if ((py::isinstance<py::tuple>(out) || py::isinstance<py::list>(out)) && py::len(out) > 0 &&
      is_tensor(out[py::int_(0)]))
    return tensor_of(out[py::int_(0)]);
  if (py::isinstance<py::dict>(out) && out.contains("logits") && is_tensor(out["logits"]))
    return tensor_of(out["logits"]);
  throw std::runtime_error("the module's forward() returned " + py::str(py::type::of(out)).cast<std::string>() +
                           ", not a tensor (nor a tuple, list or dict holding the logits)");
}

// "RuntimeError: ...", without the traceback pybind11 appends to what().
std::string python_error(const py::error_already_set& e) {
  std::string type = "error";
  try {
    type = py::str(e.type().attr("__name__")).cast<std::string>();
    return type + ": " + py::str(e.value()).cast<std::string>();
  } catch (const std::exception&) {
    return e.what();
  }
}

// The root of the mirror: runs the user's forward() and owns the hooks.
class MirroredModule : public NetModule {
 public:
  explicit MirroredModule(PyRef module) : NetModule("MirroredModule"), module_(std::move(module)) {}
  ~MirroredModule() override {
    py::gil_scoped_acquire gil;
    for (auto& h : hooks_) {
      try {
        h.attr("remove")();
      } catch (const py::error_already_set&) {
        // the interpreter is shutting down: nothing left to unhook
      }
    }
    hooks_.clear();
  }

  at::Tensor forward(const at::Tensor& x) override {
    py::gil_scoped_acquire gil;
    try {
      return logits_of((*module_)(x));
    } catch (const py::error_already_set& e) {
      throw std::runtime_error("the module's forward() raised " + python_error(e));
    }
  }
  at::Tensor forward_blocks(const at::Tensor& x, std::vector<at::Tensor>* features) override {
    struct Reset {
      std::vector<at::Tensor>*& target;
      ~Reset() { target = nullptr; }
    } reset{features_};
    features_ = features;
    return forward(x);
  }
  void train(bool on) override {
    torch::nn::Module::train(on);
    py::gil_scoped_acquire gil;
    module_->attr("train")(on);
  }

  void keep_hook(py::object handle) { hooks_.push_back(std::move(handle)); }
  std::vector<at::Tensor>* features() const noexcept { return features_; }

 private:
  PyRef module_;
  std::vector<py::object> hooks_;  // removed (under the GIL) in the destructor
  std::vector<at::Tensor>* features_ = nullptr;
};

class Mirror {
 public:
  Mirror(MirroredModule& root, std::map<std::uintptr_t, std::int64_t> order)
      : root_(root), order_(std::move(order)), nn_(py::module_::import("torch.nn")) {}

  // Registers the mirror of every submodule of `module` under `parent`.
  void children(const py::handle& module, torch::nn::Module& parent, const std::string& path) {
    direct_tensors(module, parent);
    struct Child {
      std::string name;
      py::object module;
      std::int64_t order;
    };
    std::vector<Child> kids;
    for (auto item : module.attr("named_children")()) {
      auto pair = item.cast<py::tuple>();
      py::object child = pair[1];
      if (!seen_.insert(id(child)).second) continue;  // shared: mirrored where first met
      auto it = order_.find(id(child));
      kids.push_back({pair[0].cast<std::string>(), child,
                      it == order_.end() ? std::numeric_limits<std::int64_t>::max() : it->second});
    }
    std::stable_sort(kids.begin(), kids.end(), [](const Child& a, const Child& b) { return a.order < b.order; });
    for (auto& k : kids) {
      const std::string child_path = path.empty() ? k.name : path + "." + k.name;
      parent.register_module(k.name, mirror(k.module, child_path));
    }
  }

 private:
  static std::uintptr_t id(const py::handle& h) { return reinterpret_cast<std::uintptr_t>(h.ptr()); }
  bool is(const py::handle& module, const char* type) const { return py::isinstance(module, nn_.attr(type)); }

  // Parameters and buffers a container holds itself (not through a child).
  static void direct_tensors(const py::handle& module, torch::nn::Module& mirror) {
    for (auto item : module.attr("_parameters").attr("items")()) {
      auto pair = item.cast<py::tuple>();
      if (pair[1].is_none()) continue;
      at::Tensor t = tensor_of(pair[1]);
      mirror.register_parameter(pair[0].cast<std::string>(), t, t.requires_grad());
    }
    for (auto item : module.attr("_buffers").attr("items")()) {
      auto pair = item.cast<py::tuple>();
      if (!pair[1].is_none()) mirror.register_buffer(pair[0].cast<std::string>(), tensor_of(pair[1]));
    }
  }

  // A forward hook on `module` that records into `tap`; BatchNorm's also honours its bypass.
  void hook(const py::handle& module, const nn::Tappable* tap, const nn::BatchNorm2dImpl* bn = nullptr) {
    auto fn = [tap, bn](const py::handle&, const py::tuple& inputs, const py::object& output) -> py::object {
      if (inputs.empty() || !is_tensor(inputs[0]) || !is_tensor(output)) return py::none();
      const at::Tensor in = tensor_of(inputs[0]);
      if (bn != nullptr && bn->bypassed()) {
        tap->record(in, in);
        return inputs[0];  // synflow's "BatchNorm off": the identity
      }
      tap->record(in, tensor_of(output));
      return py::none();
    };
    root_.keep_hook(module.attr("register_forward_hook")(py::cpp_function(fn)));
  }

  std::shared_ptr<torch::nn::Module> mirror(const py::handle& m, const std::string& path) {
    if (is(m, "Conv2d")) {
      const auto in = m.attr("in_channels").cast<std::int64_t>(), out = m.attr("out_channels").cast<std::int64_t>();
      torch::nn::Conv2dOptions o(in, out, pair_of(m.attr("kernel_size")));
      o.stride(pair_of(m.attr("stride"))).dilation(pair_of(m.attr("dilation")));
      o.groups(m.attr("groups").cast<std::int64_t>()).bias(!m.attr("bias").is_none());
      if (!py::isinstance<py::str>(m.attr("padding"))) o.padding(pair_of(m.attr("padding")));
      nn::Conv2d conv(o);  // its forward never runs: options for FLOP counting, taps
      conv->adopt(tensor_of(m.attr("weight")), tensor_or_none(m.attr("bias")));
      hook(m, conv.get());
      return conv.ptr();
    }
    if (is(m, "Linear")) {
      torch::nn::LinearOptions o(m.attr("in_features").cast<std::int64_t>(), m.attr("out_features").cast<std::int64_t>());
      o.bias(!m.attr("bias").is_none());
      nn::Linear linear(o);
      linear->adopt(tensor_of(m.attr("weight")), tensor_or_none(m.attr("bias")));
      hook(m, linear.get());
      return linear.ptr();
    }
    if (is(m, "BatchNorm2d")) {
      nn::BatchNorm2dImpl::Adopted t{tensor_or_none(m.attr("weight")), tensor_or_none(m.attr("bias")),
                                     tensor_or_none(m.attr("running_mean")), tensor_or_none(m.attr("running_var")),
                                     tensor_or_none(m.attr("num_batches_tracked"))};
      const py::object momentum = m.attr("momentum");
      auto bn = std::make_shared<nn::BatchNorm2dImpl>(m.attr("num_features").cast<std::int64_t>(), std::move(t),
                                                      m.attr("eps").cast<double>(),
                                                      momentum.is_none() ? 0.1 : momentum.cast<double>());
      hook(m, bn.get(), bn.get());
      return bn;
    }
    const std::pair<const char*, nn::ActivationKind> activations[] = {{"ReLU", nn::ActivationKind::relu},
                                                                      {"ReLU6", nn::ActivationKind::relu6},
                                                                      {"GELU", nn::ActivationKind::gelu},
                                                                      {"SiLU", nn::ActivationKind::silu}};
    for (const auto& [type, kind] : activations) {
      if (!is(m, type)) continue;
      auto act = std::make_shared<nn::ActivationImpl>(kind);
      hook(m, act.get());
      return act;
    }
    if (is(m, "AvgPool2d") || is(m, "MaxPool2d")) {
      const auto kernel = pair_of(m.attr("kernel_size"));
      std::shared_ptr<torch::nn::Module> pool;
      const nn::Tappable* tap = nullptr;
      if (is(m, "AvgPool2d")) {
        auto p = std::make_shared<nn::AvgPool2dImpl>(torch::nn::AvgPool2dOptions(kernel));
        tap = p.get();
        pool = p;
      } else {
        auto p = std::make_shared<nn::MaxPool2dImpl>(torch::nn::MaxPool2dOptions(kernel));
        tap = p.get();
        pool = p;
      }
      hook(m, tap);
      return pool;
    }
    if (is(m, "AdaptiveAvgPool2d") && pair_of(m.attr("output_size")) == std::vector<std::int64_t>{1, 1}) {
      auto pool = std::make_shared<nn::GlobalAvgPoolImpl>();
      hook(m, pool.get());
      return pool;
    }
    // Anything else is a container: its own tensors and its children, no taps.
    auto container = std::make_shared<torch::nn::Module>(py::str(py::type::of(m).attr("__name__")).cast<std::string>());
    children(m, *container, path);
    return container;
  }

  MirroredModule& root_;
  std::map<std::uintptr_t, std::int64_t> order_;
  std::set<std::uintptr_t> seen_;
  py::module_ nn_;
};

}  // namespace

Expected<Network> mirror_module(const py::object& module, const ModuleNetworkOptions& options) {
  py::module_ torch_nn = py::module_::import("torch.nn");
  if (!py::isinstance(module, torch_nn.attr("Module")))
    return Error(ErrorKind::invalid_argument,
                 "expected a torch.nn.Module, got " + py::str(py::type::of(module)).cast<std::string>());
  std::map<std::uintptr_t, std::int64_t> order;
  try {
    py::list shape;
    for (auto d : options.input_shape) shape.append(d);
    py::tuple measured = py::module_::import("zcnas._forward_order").attr("forward_order")(module, shape);
    for (auto item : measured[0].cast<py::dict>())
      order[item.first.cast<std::uintptr_t>()] = item.second.cast<std::int64_t>();
    (void)logits_of(measured[1]);  // what forward() returns is checked once, here
  } catch (const py::error_already_set& e) {
    std::string shape = "2";
    for (auto d : options.input_shape) shape += " x " + std::to_string(d);
    return Error(ErrorKind::network,
                 "the module's forward() failed on a " + shape + " input of zeros: " + python_error(e));
  } catch (const std::runtime_error& e) {
    return Error(ErrorKind::network, e.what());
  }
  auto root = std::make_shared<MirroredModule>(hold(module));
  Mirror mirror(*root, std::move(order));
  mirror.children(module, *root, "");
  for (std::size_t b = 0; b < options.blocks.size(); ++b) {
    py::object block;
    try {
      block = module.attr("get_submodule")(options.blocks[b]);
    } catch (const py::error_already_set& e) {
      return Error(ErrorKind::invalid_argument,
                   "blocks: '" + options.blocks[b] + "' is not a submodule: " + python_error(e));
    }
    MirroredModule* r = root.get();
    if (b == 0) {
      auto enter = [r](const py::handle&, const py::tuple& inputs) -> py::object {
        if (r->features() != nullptr && !inputs.empty() && is_tensor(inputs[0]))
          r->features()->push_back(tensor_of(inputs[0]));
        return py::none();
      };
      r->keep_hook(block.attr("register_forward_pre_hook")(py::cpp_function(enter)));
    }
    auto leave = [r](const py::handle&, const py::tuple&, const py::object& output) -> py::object {
      if (r->features() != nullptr && is_tensor(output)) r->features()->push_back(tensor_of(output));
      return py::none();
    };
    r->keep_hook(block.attr("register_forward_hook")(py::cpp_function(leave)));
  }
  return Network(root);
}

NetworkFactory module_factory(PyRef pristine, PyRef factory, ModuleNetworkOptions options) {
  return [pristine = std::move(pristine), factory = std::move(factory),
          options = std::move(options)](std::uint64_t seed, const SpaceSettings& changed) -> Expected<Network> {
    py::gil_scoped_acquire gil;
    py::object module;
    ModuleNetworkOptions built = options;  // a variant with another input is measured on it
    if (auto input = changed.find("input"); input != changed.end()) built.input_shape = input->second;
    try {
      if (factory && !factory->is_none()) {
        py::dict settings;
        for (const auto& [key, values] : changed) settings[py::str(key)] = py::cast(values);
        module = (*factory)(seed, settings);
      } else if (!changed.empty()) {
        std::string names;
        for (const auto& [key, values] : changed) names += (names.empty() ? "" : ", ") + key;
        return Error(ErrorKind::unsupported,
                     "this proxy builds a variant of the network with other settings (" + names +
                         "), which a torch.nn.Module does not have: pass score_module(factory=f), "
                         "f(seed, settings) returning the variant");
      } else {
        module = py::module_::import("copy").attr("deepcopy")(*pristine);
      }
    } catch (const py::error_already_set& e) {
      return Error(ErrorKind::network, "building a fresh copy of the module: " + python_error(e));
    }
    return mirror_module(module, built);
  };
}

}  // namespace zcnas::python
