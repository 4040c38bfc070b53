#pragma once
// Which tensors the taps keep: the request side of activation taps, torch-free so that
// plugin metadata (and the DSL front end that reads it) needs no LibTorch.

namespace zcnas {

// Which tensors a site keeps during forward (and backward, for the gradients).
struct TapConfig {
  bool inputs = false;        // the tensor entering the site (pre-activation for ReLU/GELU)
  bool outputs = false;       // the tensor leaving it (post-activation)
  bool input_grads = false;   // dLoss/d(input), captured during backward
  bool output_grads = false;  // dLoss/d(output), captured during backward
  // output > 0 as a 0/1 uint8 tensor: all that activation patterns (nwot, SWAP, L-SWAG's Psi)
  // read, in a byte per unit instead of the output's 4 (AutoFormer-Small: 1.3 GB -> 0.3 GB).
  bool output_signs = false;

  bool any() const noexcept { return inputs || outputs || input_grads || output_grads || output_signs; }
  bool any_grad() const noexcept { return input_grads || output_grads; }
  bool covers(const TapConfig& other) const noexcept {
    return (inputs || !other.inputs) && (outputs || !other.outputs) &&
           (input_grads || !other.input_grads) && (output_grads || !other.output_grads) &&
           (output_signs || !other.output_signs);
  }
  TapConfig merged(const TapConfig& other) const noexcept {
    return {inputs || other.inputs, outputs || other.outputs, input_grads || other.input_grads,
            output_grads || other.output_grads, output_signs || other.output_signs};
  }
};

// Taps are set separately for activation sites (ReLU, GELU) and weighted layers (Conv2d, Linear).
struct TapRequest {
  TapConfig activations;
  TapConfig layers;
  bool covers(const TapRequest& o) const noexcept {
    return activations.covers(o.activations) && layers.covers(o.layers);
  }
  TapRequest merged(const TapRequest& o) const noexcept {
    return {activations.merged(o.activations), layers.merged(o.layers)};
  }
};

}  // namespace zcnas
