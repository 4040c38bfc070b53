#pragma once
// Which task a multi-task space is scored on, and the space as that task builds it: its
// settings `task`, `input` and `classes` set from the task's protocol (data/tasks.hpp).

#include <string>

#include "data/tasks.hpp"
#include "spec/search_space.hpp"
#include "zcnas/error.hpp"

namespace zcnas::score {

// `wanted` (or else the space's own setting `task`) among the space's `tasks`; nullptr for a
// space without a task scored without one. Errors name the space's file and its tasks.
Expected<const data::TaskProtocol*> choose_task(const spec::SearchSpace& space, const std::string& wanted);

// Sets the space's `task`, `input`, `classes` (when the task has classes) and `output` (when
// its head is not a classifier: the network binder checks what the network ends in) to the task's.
void apply_task(spec::SearchSpace& space, const data::TaskProtocol& task);

}  // namespace zcnas::score
