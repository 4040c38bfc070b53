#include "search/cost_model.hpp"

#include <torch/torch.h>

#include "net/families/build_network.hpp"
#include "score/network_handoff.hpp"
#include "zcnas/net/flops.hpp"

namespace zcnas::search {

CostModel::CostModel(spec::SearchSpace space, std::int64_t classes, std::vector<std::int64_t> input_shape)
    : space_(std::move(space)), input_shape_(std::move(input_shape)) {
  if (classes > 0) space_.settings["classes"] = spec::Value::integer(classes);
  // The network is built for the resolution it is scored at (a ViT's position table too).
  if (!input_shape_.empty()) {
    spec::ValueList shape;
    for (auto d : input_shape_) shape.push_back(spec::Value::integer(d));
    space_.settings["input"] = spec::Value::list(std::move(shape));
  }
  if (input_shape_.empty())
    if (auto it = space_.settings.find("input"); it != space_.settings.end())
      for (const auto& v : it->second.as_list()) input_shape_.push_back(v.as_integer());
}

void CostModel::hand_networks_to(std::shared_ptr<score::NetworkHandoff> handoff, std::uint64_t seed) {
  handoff_ = std::move(handoff);
  seed_ = seed;
}

Expected<Cost> CostModel::measure(const spec::Architecture& arch, const std::string& canonical, bool with_flops) {
  if (auto it = cache_.find(canonical); it != cache_.end() && (!with_flops || it->second.flops > 0)) return it->second;
  Cost cost;
  try {
    torch::NoGradGuard no_grad;
    auto network = net::build_network(space_, arch, seed_);
    if (!network) return std::move(network).error().with_context(canonical);
    cost.params = static_cast<double>(network->parameter_count());
    if (with_flops) {
      auto flops = count_flops(*network, input_shape_);
      if (!flops) return std::move(flops).error().with_context(canonical);
      cost.flops = flops->total;
      cost.macs = flops->macs();
    }
    if (handoff_) handoff_->put(canonical, std::move(*network));
  } catch (const std::exception& e) {
    return Error(ErrorKind::network, std::string("measuring params and FLOPs failed: ") + e.what()).with_context(canonical);
  }
  // Evolution revisits few architectures; the cache only spares repeated constraint checks.
  if (cache_.size() > 100000) cache_.clear();
  cache_[canonical] = cost;
  return cost;
}

}  // namespace zcnas::search
