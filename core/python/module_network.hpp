#pragma once
// A user's torch.nn.Module as a zcnas::Network, so that every proxy plugin scores it as it
// scores a network built from a DSL space. The Network's modules mirror the Python ones:
// each Conv2d, Linear and BatchNorm2d of the user's module is mirrored by zcnas's tappable
// layer holding the very same parameter and buffer tensors (gradients, in-place redraws and
// dtype moves reach the user's module), each ReLU / GELU / ReLU6 / SiLU module is an
// activation site, pooling is counted for FLOPs. The user's forward() runs the network;
// forward hooks on those submodules record the taps.
//
// Forward order is measured, not assumed: one pass on zeros (eval mode, no gradients) tells
// in which order the submodules run, and siblings are mirrored in that order (those the
// pass never reached keep their registration order, after the others). What forward()
// computes with torch.nn.functional (F.relu) is not seen: only modules are sites.

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>
#include <vector>

#include "python_ref.hpp"
#include "zcnas/error.hpp"
#include "zcnas/net/network.hpp"
#include "zcnas/probe/context.hpp"

namespace zcnas::python {

struct ModuleNetworkOptions {
  std::vector<std::int64_t> input_shape;  // C x H x W of the measuring pass
  // Submodules (their named_modules() paths) whose outputs are the network's block
  // boundaries for AZ-NAS's proxies (NetModule::forward_blocks): the input of the first is
  // taken as the stem's output. Empty: the network declares no blocks.
  std::vector<std::string> blocks;
};

// Mirrors `module` (hooks are added to it and removed when the Network is destroyed).
// Needs the GIL. Errors name the submodule or say what forward() returned.
Expected<Network> mirror_module(const pybind11::object& module, const ModuleNetworkOptions& options);

// The probe context's factory for a mirrored module: `factory(seed, changed_settings)` of the
// user's when given (it returns a new torch.nn.Module), else a deep copy of `pristine` (a
// copy taken before any hook was added: its weights as given, whatever the seed), which
// cannot change space settings (TE-NAS's thin variant) and says so.
NetworkFactory module_factory(PyRef pristine, PyRef factory, ModuleNetworkOptions options);

}  // namespace zcnas::python
