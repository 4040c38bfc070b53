#pragma once
// What host code needs of the loaded plugins when it runs no network: their metadata, the
// catalogue the DSL checks proxy declarations and network bodies against, and combiners
// (which see score tables, not tensors). The plugin host implements it; evaluation and the
// search's fitness depend on this interface, so they stay torch-free.

#include <map>
#include <memory>
#include <string>

#include "dsl/parser.hpp"
#include "zcnas/combiner.hpp"
#include "zcnas/error.hpp"
#include "zcnas/params.hpp"
#include "zcnas/plugin/metadata.hpp"
#include "zcnas/strategy.hpp"

namespace zcnas::plugin {

class PluginRegistry {
 public:
  virtual ~PluginRegistry() = default;
  // The plugin `name`'s metadata, or null.
  virtual const PluginMetadata* metadata(const std::string& name) const = 0;
  // The proxy plugins with their parameters, and the ops with their signatures.
  virtual dsl::PluginCatalog catalog() const = 0;
  // Binds `params` to the combiner's declared parameters and creates an instance.
  virtual Expected<std::unique_ptr<Combiner>> make_combiner(const std::string& name,
                                                            const std::map<std::string, ParamValue>& params) const = 0;
  // Binds `params` to the search strategy's declared parameters and creates it over `space`
  // (which must outlive it).
  virtual Expected<std::unique_ptr<SearchStrategy>> make_strategy(const std::string& name,
                                                                  const std::map<std::string, ParamValue>& params,
                                                                  const SpaceView& space) const = 0;
  virtual std::vector<std::string> strategy_names() const = 0;
};

}  // namespace zcnas::plugin
