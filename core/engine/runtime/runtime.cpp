#include "runtime/runtime.hpp"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <cstdlib>
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

namespace {
// OMP_NUM_THREADS may list one count per nesting level ("4,2"); the first is ours.
int omp_num_threads() {
  const char* v = std::getenv("OMP_NUM_THREADS");
  if (!v) return 0;
  char* end = nullptr;
  const long n = std::strtol(v, &end, 10);
  if (end == v || (*end != '\0' && *end != ',') || n <= 0 || n > 4096) return 0;
  return static_cast<int>(n);
}
}  // namespace

bool threads_from_environment() { return omp_num_threads() > 0; }
int default_threads() { return threads_from_environment() ? omp_num_threads() : hardware_threads(); }

void set_threads(int n) { at::set_num_threads(n <= 0 ? default_threads() : n); }
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
