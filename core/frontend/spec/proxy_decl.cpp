#include "spec/proxy_decl.hpp"

#include <sstream>

namespace zcnas::spec {

const std::map<std::string, int>& proxy_functions() {
  static const std::map<std::string, int> f = {
      {"log", 1}, {"abs", 1}, {"exp", 1}, {"rank", 1}, {"normalise", 1}, {"normalize", 1},
      {"sum", -1}, {"product", -1}, {"scale", 2},
  };
  return f;
}

namespace {
std::string number_text(double v) {
  std::ostringstream out;
  out.precision(15);
  out << v;
  return out.str();
}
}  // namespace

std::string ProxyExpr::to_string() const {
  switch (kind) {
    case Kind::number: return number_text(value);
    case Kind::reference: return name;
    case Kind::plugin: {
      std::string out = name + "(";
      bool first = true;
      for (const auto& [k, v] : params) {
        out += (first ? "" : ", ") + k + " = " + zcnas::to_string(v);
        first = false;
      }
      return out + ")";
    }
    case Kind::function: {
      std::string out = name + "(";
      for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i].to_string();
      return out + ")";
    }
    case Kind::binary: return "(" + args[0].to_string() + " " + op + " " + args[1].to_string() + ")";
    case Kind::negate: return "-" + args[0].to_string();
  }
  return "?";
}

}  // namespace zcnas::spec
