#pragma once
// The network families a space can name, and what each needs declared. The DSL binder
// checks a space against its family here, so a missing `stem` or a misspelt `stages` is
// a located DSL error rather than a failure deep in a network builder.

#include <string>
#include <vector>

#include "spec/search_space.hpp"

namespace zcnas::spec {

enum class SettingType { integer, number, integer_list, identifier, identifier_list };
const char* to_string(SettingType type) noexcept;

struct SettingSpec {
  std::string key;
  SettingType type = SettingType::integer;
  bool required = true;
  std::string doc;
};

struct FamilySpec {
  std::string name;
  std::string description;
  std::vector<SettingSpec> settings;
  std::vector<CellKind> cells;                // the cells it is made of, in order
  std::vector<std::string> cell_names;        // darts: "normal", "reduce"
  std::vector<std::string> required_choices;  // vit: embed_dim, depth, ...
};

const std::vector<FamilySpec>& families();
const FamilySpec* find_family(const std::string& name);
std::vector<std::string> family_names();

const char* to_string(CellKind kind) noexcept;

}  // namespace zcnas::spec
