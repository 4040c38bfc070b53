#include "spec/value.hpp"

#include <sstream>

namespace zcnas::spec {

const char* Value::type_name() const noexcept {
  static const char* names[] = {"int", "real", "identifier", "string", "boolean", "list"};
  return names[data.index()];
}

std::string Value::to_string() const {
  switch (data.index()) {
    case 0: return std::to_string(std::get<0>(data));
    case 1: {
      std::ostringstream out;
      out.precision(15);
      out << std::get<1>(data);
      std::string s = out.str();
      if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // keep reals visibly real
      return s;
    }
    case 2:
    case 3: return as_text();
    case 4: return as_boolean() ? "true" : "false";
    default: {
      std::string out = "[";
      const auto& items = as_list();
      for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i].to_string();
      return out + "]";
    }
  }
}

bool Value::operator==(const Value& o) const {
  if (is_number() && o.is_number()) {
    if (is_integer() && o.is_integer()) return as_integer() == o.as_integer();
    return as_number() == o.as_number();
  }
  if (is_text() && o.is_text()) return as_text() == o.as_text();
  return data == o.data;
}

}  // namespace zcnas::spec
