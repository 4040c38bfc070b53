#pragma once
// What a plugin's registration function receives: it adds its factories here. The host
// implements it; a plugin only calls it.

#include "zcnas/combiner.hpp"
#include "zcnas/net/op.hpp"
#include "zcnas/plugin/metadata.hpp"
#include "zcnas/proxy.hpp"
#include "zcnas/strategy.hpp"

namespace zcnas {

class PluginRegistrar {
 public:
  virtual ~PluginRegistrar() = default;
  virtual void add_proxy(PluginMetadata metadata, ProxyFactory factory) = 0;
  virtual void add_combiner(PluginMetadata metadata, CombinerFactory factory) = 0;
  // An op that network bodies in .zc files may use; one library may add many.
  virtual void add_op(OpSignature signature, OpFactory factory) = 0;
  // A search strategy (`strategy = "<name>"` in a search config).
  virtual void add_strategy(PluginMetadata metadata, StrategyFactory factory) = 0;
};

}  // namespace zcnas
