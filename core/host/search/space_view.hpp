#pragma once
// The SDK's SpaceView over a parsed space: what a strategy plugin calls to sample, mutate,
// enumerate and prune. It owns its copy of the space, so a strategy may hold the view for as
// long as the view lives, wherever the space it came from went.

#include <memory>

#include "spec/search_space.hpp"
#include "zcnas/search/space_view.hpp"

namespace zcnas::search {

std::unique_ptr<SpaceView> make_space_view(spec::SearchSpace space);

}  // namespace zcnas::search
