#include "zcnas/net/op_signature.hpp"

#include "param_binding.hpp"
#include "util/suggest.hpp"

namespace zcnas {

std::string to_string(const Shape& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

Expected<ParamSet> bind_op_args(const OpSignature& op, const std::vector<ParamValue>& positional,
                                const std::map<std::string, ParamValue>& named) {
  std::vector<std::string> names;
  for (const auto& p : op.params) names.push_back(p.name);
  const std::string takes = names.empty() ? "it takes no arguments" : "it takes (" + util::join(names) + ")";
  if (positional.size() > op.params.size())
    return Error(ErrorKind::invalid_argument, "op '" + op.name + "' got " + std::to_string(positional.size()) +
                                                  " positional arguments; " + takes);
  std::map<std::string, ParamValue> given = named;
  for (std::size_t i = 0; i < positional.size(); ++i) {
    if (given.count(op.params[i].name))
      return Error(ErrorKind::invalid_argument, "op '" + op.name + "': argument '" + op.params[i].name +
                                                    "' given by position and by name");
    given[op.params[i].name] = positional[i];
  }
  for (std::size_t i = 0; i < op.required && i < op.params.size(); ++i)
    if (!given.count(op.params[i].name))
      return Error(ErrorKind::invalid_argument, "op '" + op.name + "' needs argument '" + op.params[i].name + "' (" +
                                                    op.params[i].doc + "); " + takes);
  return bind_values("op '" + op.name + "'", "argument", op.params, given);
}

}  // namespace zcnas
