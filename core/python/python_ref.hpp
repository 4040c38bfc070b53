#pragma once
// A Python object that C++ may copy and destroy without holding the GIL: the probe
// context's network factory is a std::function copied inside LibTorch-only code, where
// touching a reference count unlocked would corrupt the interpreter.

#include <pybind11/pybind11.h>

#include <memory>

namespace zcnas::python {

using PyRef = std::shared_ptr<pybind11::object>;

inline PyRef hold(pybind11::object object) {
  return PyRef(new pybind11::object(std::move(object)), [](pybind11::object* p) {
    pybind11::gil_scoped_acquire gil;
    delete p;
  });
}

}  // namespace zcnas::python
