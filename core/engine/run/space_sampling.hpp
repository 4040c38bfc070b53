#pragma once
// Seeded random architectures of a space, optionally unique and only those inside the
// space's constraints (rejection sampling: each candidate's network is built and measured,
// so the sample is uniform over the architectures within the bounds). Torch-free header.

#include <cstdint>
#include <functional>
#include <string>

#include "spec/search_space.hpp"
#include "run/job_result.hpp"

namespace zcnas::run {

struct SampleRequest {
  std::int64_t count = 10;
  std::uint64_t seed = 0;
  bool unique = false;
  bool within_constraints = false;
};

// Hands each sampled architecture's canonical string to `emit`, in order; returns how many.
JobResult<std::int64_t> sample_space(const spec::SearchSpace& space, const SampleRequest& request,
                            const std::function<void(const std::string&)>& emit);

}  // namespace zcnas::run
