#include "run/space_sampling.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <set>

#include "search/cost_model.hpp"
#include "spec/space_ops.hpp"

namespace zcnas::run {

JobResult<std::int64_t> sample_space(const spec::SearchSpace& space, const SampleRequest& o,
                            const std::function<void(const std::string&)>& emit) {
  const spec::BigUint size = spec::size(space);
  if (o.unique && size.fits_u64() && static_cast<std::uint64_t>(o.count) > size.to_u64())
    return bad_input(Error(ErrorKind::invalid_argument, "--unique asks for " + std::to_string(o.count) +
                                                            " architectures, the space has " + size.to_string()));
  spec::Rng rng(o.seed);
  std::set<std::string> printed;
  // A budget of draws keeps a space whose bounds almost nothing meets from running forever.
  std::optional<search::CostModel> cost;
  if (o.within_constraints && !space.constraints.empty()) cost.emplace(space, 0, std::vector<std::int64_t>{});
  const bool with_flops = search::needs_flops(space.constraints);
  const std::int64_t max_draws = std::max<std::int64_t>(1000, 1000 * o.count);
  std::int64_t draws = 0, outside = 0;
  std::int64_t n = 0;
  while (n < o.count) {
    if (++draws > max_draws && cost)
      return failed(Error(ErrorKind::invalid_argument, "--within-constraints: only " + std::to_string(n) + " of " +
                                                           std::to_string(max_draws) + " sampled architectures of space '" +
                                                           space.name + "' meet its constraints"));
    const spec::Architecture arch = spec::sample(space, rng);
    const std::string text = spec::to_canonical(space, arch);
    if (o.unique && !printed.insert(text).second) continue;
    if (cost) {
      auto c = cost->measure(arch, text, with_flops);
      if (!c) return failed(std::move(c).error().with_context("architecture '" + text + "'"));
      if (!search::broken_bound(space.constraints, *c, with_flops).empty()) {
        ++outside;
        continue;
      }
    }
    emit(text);
    ++n;
  }
  if (cost) spdlog::info("space sample: {} of {} drawn architectures were outside the constraints", outside, draws);
  return o.count;
}

}  // namespace zcnas::run
