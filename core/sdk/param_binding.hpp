#pragma once
// The binding behind bind_params (zcnas/params.hpp), for any owner of declared values: the
// SDK's plugins and the ops network bodies call. Private to zcnas_base.

#include <map>
#include <string>
#include <vector>

#include "zcnas/params.hpp"

namespace zcnas {

// `owner` names it in messages ("plugin 'zico'", "op 'conv'"), `noun` says what its values are
// called ("parameter", "argument").
Expected<ParamSet> bind_values(const std::string& owner, const std::string& noun, const std::vector<ParamSpec>& specs,
                               const std::map<std::string, ParamValue>& given);

}  // namespace zcnas
