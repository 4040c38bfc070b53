#include "spec/space_fingerprint.hpp"

#include <set>

#include "util/fnv_hash.hpp"

namespace zcnas::spec {

namespace {

const char* kind_name(CellKind kind) {
  switch (kind) {
    case CellKind::dag: return "dag";
    case CellKind::graph: return "graph";
    case CellKind::darts: return "darts";
  }
  return "?";
}

std::string options_text(const std::vector<Value>& options) {
  std::string out = "{";
  for (std::size_t i = 0; i < options.size(); ++i) out += (i ? ", " : "") + options[i].to_string();
  return out + "}";
}

// The blocks a body reaches, by name: a block of the program that the network never uses
// decides nothing about it.
void collect_blocks(const std::vector<NetStmt>& body, const NetworkTemplate& network, std::set<std::string>& used) {
  for (const NetStmt& s : body) {
    if (s.kind == NetStmt::Kind::layer) {
      auto it = network.blocks.find(s.op);
      if (it != network.blocks.end() && used.insert(s.op).second) collect_blocks(it->second->body, network, used);
    }
    collect_blocks(s.body, network, used);
    collect_blocks(s.alt, network, used);
    for (const auto& branch : s.branches) collect_blocks(branch, network, used);
  }
}

}  // namespace

std::string definition_text(const SearchSpace& space) {
  std::string out = "family " + space.family + "\n";
  for (const auto& [key, value] : space.settings) out += "setting " + key + " = " + value.to_string() + "\n";
  for (const Decision& d : space.decisions) {
    out += "decision " + d.name + " in " + options_text(d.options);
    if (d.count_decision >= 0)
      out += " layer " + std::to_string(d.layer) + " of " + space.decisions.at(d.count_decision).name;
    out += "\n";
  }
  for (const Cell& c : space.cells)
    out += std::string("cell ") + kind_name(c.kind) + " " + c.name + " nodes " + std::to_string(c.nodes) + " max_edges " +
           std::to_string(c.max_edges) + " ops " + options_text(c.ops) + "\n";
  if (!space.format.empty()) out += "format " + space.format + "\n";
  if (space.network) {
    out += "network " + space.network->text + "\n";
    std::set<std::string> used;
    collect_blocks(space.network->body, *space.network, used);
    for (const std::string& name : used) out += space.network->blocks.at(name)->text + "\n";
  }
  return out;
}

std::string definition_fingerprint(const SearchSpace& space) {
  return util::hex64(util::fnv1a64(definition_text(space)));
}

}  // namespace zcnas::spec
