#include "spec/space_settings.hpp"

namespace zcnas::spec {

Expected<SearchSpace> with_settings(const SearchSpace& space, const std::map<std::string, std::vector<std::int64_t>>& changed) {
  SearchSpace out = space;
  auto known = [&] {
    std::string all;
    for (const auto& [k, v] : space.settings) all += (all.empty() ? "" : ", ") + k;
    return all;
  };
  for (const auto& [name, values] : changed) {
    auto it = out.settings.find(name);
    if (it == out.settings.end())
      return Error(ErrorKind::config, "space '" + space.name + "' has no setting '" + name + "'; it has: " + known());
    if (it->second.is_list()) {
      ValueList list;
      for (std::int64_t v : values) list.push_back(Value::integer(v));
      it->second = Value::list(std::move(list));
    } else if (it->second.is_number()) {
      if (values.size() != 1)
        return Error(ErrorKind::config, "space '" + space.name + "': setting '" + name + "' is a number; " +
                                            std::to_string(values.size()) + " values were given");
      it->second = Value::integer(values.front());
    } else {
      return Error(ErrorKind::config, "space '" + space.name + "': setting '" + name + "' is not a number or a list");
    }
  }
  return out;
}

}  // namespace zcnas::spec
