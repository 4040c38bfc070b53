#include "score/task_setup.hpp"

#include <algorithm>

#include "util/suggest.hpp"

namespace zcnas::score {

namespace {

// The tasks a space's network builds heads for: its setting `tasks` (a list of names).
std::vector<std::string> tasks_of(const spec::SearchSpace& space) {
  std::vector<std::string> out;
  auto it = space.settings.find("tasks");
  if (it == space.settings.end() || !it->second.is_list()) return out;
  for (const auto& v : it->second.as_list()) out.push_back(v.to_string());
  return out;
}

}  // namespace

Expected<const data::TaskProtocol*> choose_task(const spec::SearchSpace& space, const std::string& wanted) {
  const std::vector<std::string> tasks = tasks_of(space);
  std::string name = wanted;
  if (name.empty()) {
    auto it = space.settings.find("task");
    if (it != space.settings.end()) name = it->second.to_string();
  }
  const std::string where = "space '" + space.name + "'" + (space.file.empty() ? "" : " (" + space.file + ")");
  if (name.empty()) return nullptr;
  if (tasks.empty())
    return Error(ErrorKind::invalid_argument, "--task " + name + ": " + where + " has no tasks (its network has one head)");
  if (std::find(tasks.begin(), tasks.end(), name) == tasks.end())
    return Error(ErrorKind::invalid_argument, "task '" + name + "' is not one of the tasks of " + where +
                                                  util::did_you_mean(name, tasks) + "; its tasks: " + util::join(tasks));
  const data::TaskProtocol* task = data::find_task(name);
  if (task == nullptr) {
    std::vector<std::string> known;
    for (const auto& t : data::known_tasks()) known.push_back(t.name);
    return Error(ErrorKind::invalid_argument, where + " lists task '" + name + "', which zcnas does not know" +
                                                  util::did_you_mean(name, known) + "; known tasks: " + util::join(known));
  }
  return task;
}

void apply_task(spec::SearchSpace& space, const data::TaskProtocol& task) {
  space.settings["task"] = spec::Value::identifier(task.name);
  spec::ValueList shape;
  for (auto d : task.input_shape) shape.push_back(spec::Value::integer(d));
  space.settings["input"] = spec::Value::list(std::move(shape));
  if (task.classes > 0) space.settings["classes"] = spec::Value::integer(task.classes);
  if (!task.output_shape.empty()) {
    spec::ValueList out;
    for (auto d : task.output_shape) out.push_back(spec::Value::integer(d));
    space.settings["output"] = spec::Value::list(std::move(out));
  } else {
    space.settings.erase("output");
  }
}

}  // namespace zcnas::score
