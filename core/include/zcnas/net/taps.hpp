#pragma once
// Activation taps. LibTorch has no forward hooks, so the tappable modules in
// zcnas/net/modules.hpp record into a TapSlot owned by the Network; a proxy asks for the
// tensors it needs with a TapRequest (usually through ProbeContext::pass).

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "zcnas/net/tap_request.hpp"

namespace zcnas {

// What one site recorded in the last forward/backward. Tensors are detached; a tensor
// that was not requested is undefined. Shapes are always recorded (they cost nothing and
// FLOP counting needs them).
struct TapSlot {
  at::Tensor input;
  at::Tensor output;
  at::Tensor input_grad;
  at::Tensor output_grad;
  at::Tensor output_sign;  // uint8, 1 where output > 0 (TapConfig::output_signs)
  std::vector<std::int64_t> input_shape;
  std::vector<std::int64_t> output_shape;

  void clear_tensors() {
    input = at::Tensor();
    output = at::Tensor();
    input_grad = at::Tensor();
    output_grad = at::Tensor();
    output_sign = at::Tensor();
  }
  void clear() {
    clear_tensors();
    input_shape.clear();
    output_shape.clear();
  }
};

}  // namespace zcnas
