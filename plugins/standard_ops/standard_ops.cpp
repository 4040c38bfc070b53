// The standard op library: the layers, cell edge ops and transformer pieces that the
// shipped spaces are written with. It is a plugin like any other (core has no built-in
// op), so an op of one's own is registered exactly as these are (examples/my_op/).

#include <zcnas/plugin.hpp>

#include "op_support.hpp"

namespace {
void register_standard_ops(zcnas::PluginRegistrar& registrar) {
  zcnas::standard_ops::register_layer_ops(registrar);
  zcnas::standard_ops::register_cell_ops(registrar);
  zcnas::standard_ops::register_token_ops(registrar);
  zcnas::standard_ops::register_tile_ops(registrar);
}
}  // namespace

ZCNAS_EXPORT_PLUGIN(register_standard_ops)
