// zcnas space info / sample / enumerate / canonical and zcnas check: what a .zc file declares.

#include <nlohmann/json.hpp>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "exit_status.hpp"
#include "run/space_sampling.hpp"
#include "spec/family.hpp"
#include "spec/space_ops.hpp"

namespace zcnas::cli {

namespace {

nlohmann::json value_json(const spec::Value& v) {
  if (v.is_integer()) return v.as_integer();
  if (v.is_number()) return v.as_number();
  if (v.is_boolean()) return v.as_boolean();
  if (v.is_text()) return v.as_text();
  nlohmann::json list = nlohmann::json::array();
  for (const auto& x : v.as_list()) list.push_back(value_json(x));
  return list;
}

Expected<spec::SearchSpace> open_space(const RunSettings& settings, const SpaceOptions& o) {
  auto env = run::Environment::resolve(settings);
  if (!env) return std::move(env).error();
  return (*env)->load_space({o.file, o.space});
}

}  // namespace

int space_info(const RunSettings& settings, const SpaceOptions& o) {
  auto space = open_space(settings, o);
  if (!space) return report(space.error()), kExitUsage;
  const spec::BigUint size = spec::size(*space);
  // Choices grouped as declared: per-layer choices once with their count, cells once.
  struct Group {
    std::string name, detail;
  };
  std::vector<Group> groups;
  std::set<std::string> seen;
  for (const auto& d : space->decisions) {
    if (!seen.insert(d.group).second) continue;
    std::string options_text;
    for (std::size_t k = 0; k < d.options.size(); ++k) options_text += (k ? ", " : "") + d.options[k].to_string();
    if (d.count_decision >= 0) {
      groups.push_back({d.group, "{" + options_text + "} per layer of '" + space->decisions[d.count_decision].name + "'"});
    } else if (const spec::Cell* c = space->cell(d.group)) {
      std::string ops;
      for (std::size_t k = 0; k < c->ops.size(); ++k) ops += (k ? ", " : "") + c->ops[k].to_string();
      groups.push_back({d.group, std::string(spec::to_string(c->kind)) + " cell, " + std::to_string(c->nodes) +
                                     " nodes, " + std::to_string(c->decision_count) + " decisions, ops {" + ops + "}"});
    } else {
      groups.push_back({d.name, "{" + options_text + "}"});
    }
  }
  if (o.json) {
    nlohmann::json j;
    j["name"] = space->name;
    j["family"] = space->family;
    j["file"] = space->file;
    j["size"] = size.to_string();
    j["decisions"] = space->decisions.size();
    for (const auto& [k, v] : space->settings) j["settings"][k] = value_json(v);
    for (const auto& g : groups) j["choices"][g.name] = g.detail;
    j["constraints"] = nlohmann::json::array();
    for (const auto& c : space->constraints) {
      nlohmann::json cj{{"quantity", c.quantity}};
      if (c.min) cj["min"] = *c.min;
      if (c.max) cj["max"] = *c.max;
      j["constraints"].push_back(cj);
    }
    j["format"] = space->format;
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  const spec::FamilySpec* family = spec::find_family(space->family);
  std::cout << "space " << space->name << " (" << space->file << ")\n"
            << "  family:     " << space->family
            << (family                      ? " - " + family->description
                : space->family == "network" ? std::string(" - the network body in the file, built from op plugins")
                                             : std::string())
            << "\n";
  for (const auto& [k, v] : space->settings)
    std::cout << "  " << std::left << std::setw(std::max<int>(12, static_cast<int>(k.size()) + 2)) << (k + ":")
              << v.to_string() << "\n";
  std::ostringstream approx;
  approx.precision(3);
  approx << size.to_double();
  std::cout << "  size:       " << size.to_string() << (size.fits_u64() ? "" : " (~" + approx.str() + ")") << "\n"
            << "  decisions:  " << space->decisions.size() << "\n  choices:\n";
  for (const auto& g : groups) std::cout << "    " << g.name << ": " << g.detail << "\n";
  for (const auto& c : space->constraints)
    std::cout << "  constraint: " << c.quantity << (c.min ? " >= " + spec::Value::real(*c.min).to_string() : "")
              << (c.max ? " <= " + spec::Value::real(*c.max).to_string() : "") << "\n";
  if (!space->format.empty()) std::cout << "  format:     " << space->format << "\n";
  return kExitOk;
}

int space_sample(const RunSettings& settings, const SpaceOptions& o) {
  auto space = open_space(settings, o);
  if (!space) return report(space.error()), kExitUsage;
  run::SampleRequest request;
  request.count = o.count;
  request.seed = o.seed;
  request.unique = o.unique;
  request.within_constraints = o.within;
  auto sampled = run::sample_space(*space, request, [](const std::string& text) { std::cout << text << "\n"; });
  return sampled ? kExitOk : fail(sampled.error());
}

int space_enumerate(const RunSettings& settings, const SpaceOptions& o) {
  auto space = open_space(settings, o);
  if (!space) return report(space.error()), kExitUsage;
  std::int64_t printed = 0;
  spec::enumerate(*space, [&](const spec::Architecture& arch) {
    if (o.limit >= 0 && printed >= o.limit) return false;
    std::cout << spec::to_canonical(*space, arch) << "\n";
    ++printed;
    return static_cast<bool>(std::cout);  // stop when the reader has gone (| head)
  });
  return kExitOk;
}

// Benchmarks ship cells in other spellings (NAS-Bench-Suite-Zero's NB101 keys are unpruned),
// and `zcnas score --archs` takes canonical strings only, so that two spellings of one network
// never become two rows: this is the bridge. Line for line, so a caller can join by order; the
// first line that is no architecture of the space stops it, named by file and line.
int space_canonical(const RunSettings& settings, const SpaceOptions& o) {
  auto space = open_space(settings, o);
  if (!space) return report(space.error()), kExitUsage;
  std::ifstream file;
  if (o.archs != "-") {
    file.open(o.archs);
    if (!file) return report(Error(ErrorKind::io, "cannot read architectures from '" + o.archs + "'")), kExitUsage;
  }
  std::istream& in = o.archs == "-" ? std::cin : file;
  const std::string where = o.archs == "-" ? std::string("<stdin>") : o.archs;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto spelled = spec::canonical_spelling(*space, line);
    if (!spelled) return report(Error(spelled.error()).with_context(where + ":" + std::to_string(number))), kExitUsage;
    std::cout << *spelled << "\n";
  }
  return kExitOk;
}

int check(const RunSettings& settings, const std::string& file) {
  auto env = run::Environment::resolve(settings);
  if (!env) return report(env.error()), kExitUsage;
  auto program = (*env)->parse(file);
  if (!program) return report(program.error()), kExitUsage;
  std::cout << file << ": ok (" << program->files.size() << " file(s) read)\n";
  for (const auto& sp : program->spaces)
    std::cout << "  space " << sp.name << ": family " << sp.family << ", " << sp.decisions.size() << " decisions, size "
              << spec::size(sp).to_string() << "  [" << sp.location.to_string() << "]\n";
  for (const auto& p : program->proxies)
    std::cout << "  proxy " << p.name << " = " << p.expr.to_string() << "  [" << p.location.to_string() << "]\n";
  return kExitOk;
}

}  // namespace zcnas::cli
