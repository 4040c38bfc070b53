#include "spec/family.hpp"

namespace zcnas::spec {

const char* to_string(SettingType type) noexcept {
  switch (type) {
    case SettingType::integer: return "an integer";
    case SettingType::number: return "a number";
    case SettingType::integer_list: return "a list of integers";
    case SettingType::identifier: return "an identifier";
    case SettingType::identifier_list: return "a list of identifiers";
  }
  return "?";
}

const char* to_string(CellKind kind) noexcept {
  switch (kind) {
    case CellKind::dag: return "dag";
    case CellKind::graph: return "graph";
    case CellKind::darts: return "darts";
  }
  return "?";
}

namespace {
SettingSpec input() { return {"input", SettingType::integer_list, true, "input shape without batch: [C, H, W]"}; }
SettingSpec classes() { return {"classes", SettingType::integer, true, "number of output classes"}; }
// TransNAS-Bench-101's task heads (core/engine/data/tasks.hpp): the one built, and those the
// space offers to `zcnas score --task`.
SettingSpec task() {
  return {"task", SettingType::identifier, false,
          "the task whose head is built: class_object (default), class_scene, autoencoder, jigsaw"};
}
SettingSpec tasks() { return {"tasks", SettingType::identifier_list, false, "the tasks --task may choose"}; }
}  // namespace

const std::vector<FamilySpec>& families() {
  static const std::vector<FamilySpec> all = {
      {"cell_network",
       "NAS-Bench-201 style: stem conv, stages of identical DAG cells, residual reduction blocks",
       {input(), classes(), {"stem", SettingType::integer, true, "stem output channels"},
        {"stages", SettingType::integer_list, true, "channels of each stage"},
        {"cells_per_stage", SettingType::integer, true, "cells in each stage"}},
       {CellKind::dag},
       {},
       {}},
      {"transnas_micro",
       "TransNAS-Bench-101 micro: a fixed ResNet-like skeleton of one searched DAG cell",
       {input(), classes(), {"stem", SettingType::integer, true, "base channels (64 in TransNAS-Bench-101)"},
        {"structure", SettingType::integer_list, true, "the skeleton code, e.g. [4, 1, 4, 1, 4]"}, task(), tasks()},
       {CellKind::dag},
       {},
       {}},
      {"nasbench101",
       "NAS-Bench-101: stem conv, stacks of cells given as a DAG with node operations",
       {input(), classes(), {"stem", SettingType::integer, true, "stem output channels"},
        {"stacks", SettingType::integer, true, "number of stacks (down-sampling between them)"},
        {"cells_per_stack", SettingType::integer, true, "cells in each stack"}},
       {CellKind::graph},
       {},
       {}},
      {"darts",
       "DARTS / NAS-Bench-301: normal and reduction cells, 2 inputs and 2 ops per node",
       {input(), classes(), {"init_channels", SettingType::integer, true, "channels of the first cell"},
        {"layers", SettingType::integer, true, "number of cells; reductions at 1/3 and 2/3"},
        {"op_bn", SettingType::identifier, false,
         "BatchNorm of the cell ops: plain (NAS-Bench-301's, no affine parameters; default) or affine (DARTS's "
         "evaluation network)"}},
       {CellKind::darts, CellKind::darts},
       {"normal", "reduce"},
       {}},
      {"transnas_macro",
       "TransNAS-Bench-101 macro: residual stages whose down-sampling and widening are searched",
       {input(), classes(), {"stem", SettingType::integer, true, "base channels (64 in TransNAS-Bench-101)"}, task(),
        tasks()},
       {},
       {},
       {"blocks"}},
      {"vit",
       "AutoFormer-style vision transformer with per-layer MLP ratio and head count",
       {input(), classes(), {"patch", SettingType::integer, true, "patch size of the embedding conv"},
        {"head_dim", SettingType::integer, false, "width of each attention head (AutoFormer: 64)"},
        {"pool", SettingType::identifier, false, "mean (of patch tokens, AutoFormer's --gp; default) or cls"},
        {"relative_position", SettingType::integer, false,
         "clip distance of AutoFormer's 2-D relative position tables (14 in its training); absent: none"}},
       {},
       {},
       {"embed_dim", "depth"}},
  };
  return all;
}

const FamilySpec* find_family(const std::string& name) {
  for (const auto& f : families()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::vector<std::string> family_names() {
  std::vector<std::string> out;
  for (const auto& f : families()) out.push_back(f.name);
  return out;
}

}  // namespace zcnas::spec
