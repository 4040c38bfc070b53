#pragma once
// The doctor job: what this installation is (versions, threads, BLAS, device, plugins and
// refusals) and every configured proxy run on a small seeded network, so a user sees at
// once whether the build, the plugins and the device work. Torch-free header.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "run/environment.hpp"
#include "run/job_result.hpp"

namespace zcnas::run {

struct DoctorReport {
  std::string zcnas_version, torch_version, blas, device;
  unsigned abi_version = 0;
  int threads = 0, hardware_threads = 0, cuda_devices = 0;  // cuda_devices -1: no CUDA
  std::size_t plugins = 0;                                  // proxies and combiners
  std::vector<std::string> refusals;
  std::map<std::string, int> op_libraries;                  // library -> ops it registers
  std::string network;                                      // the toy network, in words
  struct ProxyCheck {
    std::string name;
    bool ok = false;
    double score = 0, seconds = 0;
    std::string error;
    bool not_applicable = false;  // the toy network cannot serve it (ProxyOutcome::not_applicable)
  };
  std::vector<ProxyCheck> proxies;
  std::int64_t passes = 0;  // forward passes the pool shared
  bool healthy() const;
};

JobResult<DoctorReport> run_doctor(const Environment& env);

}  // namespace zcnas::run
