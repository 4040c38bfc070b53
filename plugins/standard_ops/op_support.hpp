#pragma once
// Small helpers the standard ops share: parameter declarations and the shape arithmetic of
// convolutions and pools, written once so that every op reports a bad fit the same way.

#include <zcnas/net/op.hpp>
#include <zcnas/plugin/registrar.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace zcnas::standard_ops {

inline ParamSpec int_param(std::string name, std::int64_t value, std::string doc) {
  return {std::move(name), ParamType::integer, value, std::move(doc)};
}
inline ParamSpec real_param(std::string name, double value, std::string doc) {
  return {std::move(name), ParamType::real, value, std::move(doc)};
}
inline ParamSpec bool_param(std::string name, bool value, std::string doc) {
  return {std::move(name), ParamType::boolean, value, std::move(doc)};
}
inline ParamSpec string_param(std::string name, std::string value, std::string doc) {
  return {std::move(name), ParamType::string, std::move(value), std::move(doc)};
}

// A signature of the standard library: every op here is at version 1.0.0.
inline OpSignature signature(std::string name, std::string description) {
  OpSignature s;
  s.name = std::move(name);
  s.version = "1.0.0";
  s.description = std::move(description);
  return s;
}

inline Error misfit(std::string message) { return Error(ErrorKind::invalid_argument, std::move(message)); }

// An image input [C, H, W], or why not.
inline Expected<void> want_image(const Shape& in) {
  if (in.size() != 3) return misfit("expects an image [C, H, W], gets " + to_string(in));
  return {};
}

// Output length of a convolution or pool along one axis (PyTorch's formula, floor mode).
inline Expected<std::int64_t> window_out(std::int64_t size, std::int64_t kernel, std::int64_t stride,
                                         std::int64_t padding, std::int64_t dilation = 1) {
  if (kernel <= 0 || stride <= 0 || padding < 0 || dilation <= 0)
    return misfit("kernel, stride and dilation must be positive and padding not negative");
  const std::int64_t span = dilation * (kernel - 1) + 1;
  if (size + 2 * padding < span)
    return misfit("a window of " + std::to_string(span) + " does not fit " + std::to_string(size) + " pixels (padding " +
                  std::to_string(padding) + ")");
  return (size + 2 * padding - span) / stride + 1;
}

void register_layer_ops(PluginRegistrar& registrar);
void register_cell_ops(PluginRegistrar& registrar);
void register_token_ops(PluginRegistrar& registrar);
void register_tile_ops(PluginRegistrar& registrar);

}  // namespace zcnas::standard_ops
