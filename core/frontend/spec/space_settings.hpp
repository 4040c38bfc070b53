#pragma once
// A space with some of its settings replaced (stem, stages, cells_per_stage, input, ...), for
// networks built as variants of a scored architecture: TE-NAS counts linear regions on a thin
// copy of the NAS-Bench-201 network (one channel, one cell per stage). Torch-free.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "spec/search_space.hpp"
#include "zcnas/error.hpp"

namespace zcnas::spec {

// `changed`: setting -> integers (one for a number setting, any count for a list setting). A
// setting the space does not declare, or several integers for a number, is an error naming
// it and listing the space's settings.
Expected<SearchSpace> with_settings(const SearchSpace& space, const std::map<std::string, std::vector<std::int64_t>>& changed);

}  // namespace zcnas::spec
