#pragma once
// Values written in the DSL: numbers (integers stay integers), identifiers and strings,
// and lists of them. Torch-free: the spec layer is shared by the DSL and the builders.

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace zcnas::spec {

struct Value;
using ValueList = std::vector<Value>;

struct Value {
  // int, real, identifier, string literal, boolean, list
  std::variant<std::int64_t, double, std::string, std::string, bool, ValueList> data;

  static Value integer(std::int64_t v) { return {decltype(data)(std::in_place_index<0>, v)}; }
  static Value real(double v) { return {decltype(data)(std::in_place_index<1>, v)}; }
  static Value identifier(std::string v) { return {decltype(data)(std::in_place_index<2>, std::move(v))}; }
  static Value string(std::string v) { return {decltype(data)(std::in_place_index<3>, std::move(v))}; }
  static Value boolean(bool v) { return {decltype(data)(std::in_place_index<4>, v)}; }
  static Value list(ValueList v) { return {decltype(data)(std::in_place_index<5>, std::move(v))}; }

  bool is_integer() const noexcept { return data.index() == 0; }
  bool is_number() const noexcept { return data.index() <= 1; }
  bool is_identifier() const noexcept { return data.index() == 2; }
  bool is_string() const noexcept { return data.index() == 3; }
  bool is_text() const noexcept { return data.index() == 2 || data.index() == 3; }
  bool is_boolean() const noexcept { return data.index() == 4; }
  bool is_list() const noexcept { return data.index() == 5; }

  std::int64_t as_integer() const { return std::get<0>(data); }
  double as_number() const { return data.index() == 0 ? static_cast<double>(std::get<0>(data)) : std::get<1>(data); }
  const std::string& as_text() const { return data.index() == 2 ? std::get<2>(data) : std::get<3>(data); }
  bool as_boolean() const { return std::get<4>(data); }
  const ValueList& as_list() const { return std::get<5>(data); }

  // "int", "real", "identifier", "string", "boolean", "list"
  const char* type_name() const noexcept;
  // As it appears in canonical strings: 3, 3.5, nor_conv_3x3 (strings without quotes), [1, 2]
  std::string to_string() const;

  bool operator==(const Value& other) const;
  bool operator!=(const Value& other) const { return !(*this == other); }
};

}  // namespace zcnas::spec
