#include "runtime/runtime.hpp"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace zcnas::runtime {

bool cuda_available() { return torch::cuda::is_available(); }
int cuda_device_count() { return static_cast<int>(torch::cuda::device_count()); }

namespace {
// A score must not depend on which GPU or cuDNN heuristic computed it: TF32 would round
// convolution and matrix inputs to 10 mantissa bits (Ampere and later use it for cuDNN
// convolutions by default), flipping activation signs near zero and so SWAP's patterns, and
// autotuned algorithms sum in orders that vary between runs. Full float32, fixed algorithms.
void make_cuda_reproducible() {
  at::globalContext().setAllowTF32CuDNN(false);
  at::globalContext().setAllowTF32CuBLAS(false);
  at::globalContext().setBenchmarkCuDNN(false);
  at::globalContext().setDeterministicCuDNN(true);
}
}  // namespace

Expected<c10::Device> resolve_device(const std::string& name) {
  c10::Device device(c10::DeviceType::CPU);
  try {
    device = c10::Device(name);
  } catch (const std::exception&) {
    return Error(ErrorKind::invalid_argument, "unknown device '" + name + "' (use cpu, cuda or cuda:N)");
  }
  if (device.is_cpu()) return device;
  if (!device.is_cuda()) return Error(ErrorKind::unsupported, "device '" + name + "' is not supported (cpu or cuda)");
  if (!cuda_available())
    return Error(ErrorKind::unsupported,
                 "device '" + name + "' requested, but this zcnas runs on LibTorch " + torch_version() +
                     " without a usable CUDA device (a CPU-only build, or no GPU visible); build against a CUDA "
                     "LibTorch (README, 'Building for a GPU'), or use --device cpu");
  if (device.has_index() && device.index() >= cuda_device_count())
    return Error(ErrorKind::invalid_argument, "device '" + name + "' requested, but only " +
                                                  std::to_string(cuda_device_count()) + " CUDA device(s) are visible");
  make_cuda_reproducible();
  return device;
}

int hardware_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

void set_threads(int n) { at::set_num_threads(n <= 0 ? hardware_threads() : n); }
int threads() { return at::get_num_threads(); }

std::string torch_version() { return TORCH_VERSION; }

std::string blas_library() {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    const auto slash = line.find('/');
    if (slash == std::string::npos) continue;
    const std::string path = line.substr(slash);
    if (path.find("libblas.so") == std::string::npos && path.find("libopenblas") == std::string::npos) continue;
    std::error_code ec;
    const auto real = std::filesystem::canonical(path, ec);
    return ec ? path : real.string();
  }
  return "unknown";
}

}  // namespace zcnas::runtime
