#pragma once
// What an op plugin declares about an op, torch-free: its name, its parameters in
// positional order, and the shape it makes of an input. The DSL checks a network written
// in a .zc file against these signatures before any tensor exists, so a width that does
// not fit is a located error (`file:line:col: ...`) rather than a LibTorch failure.
//
// Shapes leave out the batch: [C, H, W] for images, [tokens, dim] for sequences, [features]
// for flat vectors.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "zcnas/error.hpp"
#include "zcnas/params.hpp"

namespace zcnas {

using Shape = std::vector<std::int64_t>;
std::string to_string(const Shape& shape);  // "[64, 32, 32]"

// One use of an op: its bound arguments (every declared parameter present) and its input.
struct OpCall {
  ParamSet args;
  Shape input;
};

using OpShapeFn = std::function<Expected<Shape>(const OpCall& call)>;

struct OpSignature {
  std::string name;         // what DSL files write; [a-z][a-z0-9_]*
  std::string version;      // recorded in `zcnas plugins`
  std::string description;  // one line
  // In positional order: conv(32, k = 3) binds 32 to the first. The first `required` of
  // them must be given (their defaults only say the type).
  std::vector<ParamSpec> params;
  std::size_t required = 0;
  // The output shape, or an error saying why this input or these arguments do not fit
  // (the DSL adds the location). Must not throw.
  OpShapeFn infer;
  // May stand on a cell edge (dag cells): takes no required argument and keeps the shape.
  bool cell_op = false;
};

// Positional and named DSL arguments bound to the signature's parameters (defaults filled,
// integers accepted for reals); the error names the op and, for an unknown name, the list.
Expected<ParamSet> bind_op_args(const OpSignature& op, const std::vector<ParamValue>& positional,
                                const std::map<std::string, ParamValue>& named);

}  // namespace zcnas
