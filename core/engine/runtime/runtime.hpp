#pragma once
// Process-wide compute settings: device selection and the CPU thread count. LibTorch on
// this platform starts with one thread, so the count is always set explicitly.

#include <c10/core/Device.h>

#include <string>

#include "zcnas/error.hpp"

namespace zcnas::runtime {

// "cpu", "cuda", "cuda:N". CUDA is refused with a clear reason when this LibTorch has none
// or no device is visible. Choosing CUDA also turns TF32 and cuDNN autotuning off for the
// process, so that GPU scores are reproducible and comparable with the CPU's.
Expected<c10::Device> resolve_device(const std::string& name);

bool cuda_available();
int cuda_device_count();

// threads <= 0 means default_threads().
void set_threads(int threads);
int threads();
int hardware_threads();
// OMP_NUM_THREADS when it names a positive count (the convention LibTorch and PyTorch users
// rely on to share a machine between jobs), else one per hardware core.
int default_threads();
// Whether OMP_NUM_THREADS names a positive count.
bool threads_from_environment();

std::string torch_version();

// The BLAS library LibTorch runs on, as mapped into this process (Debian's libblas.so.3
// alternative: reference BLAS is ~30x slower than openblas-openmp). "unknown" if none is.
std::string blas_library();

}  // namespace zcnas::runtime
