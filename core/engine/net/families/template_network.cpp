#include "net/families/template_network.hpp"

#include <torch/torch.h>

#include <functional>

#include "net/families/supernet_seed.hpp"
#include "net/op_registry.hpp"
#include "spec/network_binder.hpp"

namespace zcnas::net {

namespace {

using Forward = std::function<at::Tensor(const at::Tensor&)>;

// The module of a block, a cell or a cell edge: it only holds its layers under their names.
class ScopeImpl : public torch::nn::Module {};

// What forward() runs, mirroring the bound tree; the modules themselves are registered in
// their scopes as the tree is built, in forward order.
struct Step {
  spec::BoundNode::Kind kind = spec::BoundNode::Kind::op;
  Forward forward;                           // op
  std::vector<Step> body, shortcut;          // block, residual
  std::vector<std::vector<Step>> branches;   // merge
  bool concat = false;
  struct Edge {
    int from = 0, to = 0;
    Forward forward;
    double weight = 1;  // a supernet's op: 1 / (the edge's alive ops)
  };
  int nodes = 0;
  std::vector<Edge> edges;                   // cell
};

struct BuildFailure {
  std::string message;
};

OpInstance instantiate(const spec::BoundOp& op) {
  const RegisteredOp* registered = find_op(op.op);
  if (registered == nullptr)
    throw BuildFailure{op.location.to_string() + ": op '" + op.op + "' is no longer registered"};
  OpInstance instance;
  try {
    instance = registered->factory(OpCall{op.args, op.input});
  } catch (const c10::Error& e) {
    throw BuildFailure{op.location.to_string() + ": op '" + op.op + "' (" + registered->origin +
                       ") failed to build: " + e.what_without_backtrace()};
  } catch (const std::exception& e) {
    throw BuildFailure{op.location.to_string() + ": op '" + op.op + "' (" + registered->origin +
                       ") failed to build: " + e.what()};
  }
  if (!instance.module || !instance.forward)
    throw BuildFailure{op.location.to_string() + ": op '" + op.op + "' (" + registered->origin +
                       ") built no module or no forward function"};
  return instance;
}

// `seed`: a supernet's network seed, from which every module draws its own weights
// (supernet_seed.hpp); null for an architecture. `path`: the scope's dotted name.
void build(const std::vector<spec::BoundNode>& nodes, torch::nn::Module& scope, std::vector<Step>& out,
           const std::uint64_t* seed = nullptr, const std::string& path = "") {
  using K = spec::BoundNode::Kind;
  auto seed_for = [&](const std::string& name) {
    if (seed) seed_supernet_module(*seed, path + name);
  };
  for (const auto& node : nodes) {
    Step step;
    step.kind = node.kind;
    switch (node.kind) {
      case K::op: {
        seed_for(node.name);
        OpInstance instance = instantiate(node.op);
        scope.register_module(node.name, instance.module);
        step.forward = std::move(instance.forward);
        break;
      }
      case K::block: {
        auto child = std::make_shared<ScopeImpl>();
        scope.register_module(node.name, child);
        build(node.body, *child, step.body, seed, path + node.name + ".");
        break;
      }
      case K::residual:
        build(node.body, scope, step.body, seed, path);
        build(node.shortcut, scope, step.shortcut, seed, path);
        break;
      case K::merge:
        step.concat = node.concat;
        for (const auto& b : node.branches) {
          step.branches.emplace_back();
          build(b, scope, step.branches.back(), seed, path);
        }
        break;
      case K::cell: {
        auto cell = std::make_shared<ScopeImpl>();
        scope.register_module(node.name, cell);
        step.nodes = node.nodes;
        // An architecture's edge holds its op as `op`; a supernet's edge with several alive
        // ops holds each under its own name (edge_0_1.nor_conv_3x3.conv.weight).
        std::shared_ptr<ScopeImpl> edge;
        int from = -1, to = -1;
        for (const auto& e : node.edges) {
          if (!edge || e.from != from || e.to != to) {
            edge = std::make_shared<ScopeImpl>();
            from = e.from, to = e.to;
            cell->register_module("edge_" + std::to_string(e.from) + "_" + std::to_string(e.to), edge);
          }
          // By the op's name even when it is the edge's last: its weights stay what they were.
          seed_for(node.name + ".edge_" + std::to_string(e.from) + "_" + std::to_string(e.to) + "." + e.op.op);
          OpInstance instance = instantiate(e.op);
          edge->register_module(e.mixed ? e.op.op : "op", instance.module);
          step.edges.push_back({e.from, e.to, std::move(instance.forward), e.weight});
        }
        break;
      }
    }
    out.push_back(std::move(step));
  }
}

at::Tensor run(const std::vector<Step>& steps, at::Tensor x);

at::Tensor run(const Step& step, const at::Tensor& x) {
  using K = spec::BoundNode::Kind;
  switch (step.kind) {
    case K::op: return step.forward(x);
    case K::block: return run(step.body, x);
    case K::residual: return run(step.body, x) + (step.shortcut.empty() ? x : run(step.shortcut, x));
    case K::merge: {
      std::vector<at::Tensor> outs;
      for (const auto& b : step.branches) outs.push_back(run(b, x));
      if (step.concat) return torch::cat(outs, 1);
      at::Tensor sum = outs[0];
      for (std::size_t i = 1; i < outs.size(); ++i) sum = sum + outs[i];
      return sum;
    }
    case K::cell: {
      // Node 0 is the input, node j the sum of its incoming edges, the last node the output.
      std::vector<at::Tensor> node(static_cast<std::size_t>(step.nodes));
      node[0] = x;
      for (const auto& e : step.edges) {
        at::Tensor y = e.forward(node[e.from]);
        if (e.weight != 1) y = y * e.weight;
        node[e.to] = node[e.to].defined() ? node[e.to] + y : y;
      }
      return node.back();
    }
  }
  return x;
}

at::Tensor run(const std::vector<Step>& steps, at::Tensor x) {
  for (const auto& s : steps) x = run(s, x);
  return x;
}

class TemplateNetwork : public NetModule {
 public:
  TemplateNetwork(const spec::BoundNetwork& bound, const std::uint64_t* supernet_seed) {
    build(bound.body, *this, steps_, supernet_seed);
  }
  at::Tensor forward(const at::Tensor& x) override { return run(steps_, x); }
  // The block boundaries are the DSL's own: every block call and cell of the network body.
  at::Tensor forward_blocks(const at::Tensor& x, std::vector<at::Tensor>* features) override {
    using K = spec::BoundNode::Kind;
    at::Tensor h = x;
    for (const auto& step : steps_) {
      const bool block = step.kind == K::block || step.kind == K::cell;
      if (block && features && features->empty()) features->push_back(h);
      h = run(step, h);
      if (block && features) features->push_back(h);
    }
    return h;
  }

 private:
  std::vector<Step> steps_;
};

Expected<Network> build_bound(const Expected<spec::BoundNetwork>& bound, const std::uint64_t* supernet_seed = nullptr) {
  if (!bound) return Error(ErrorKind::network, bound.error().message());
  try {
    return Network(std::make_shared<TemplateNetwork>(*bound, supernet_seed));
  } catch (const BuildFailure& f) {
    return Error(ErrorKind::network, f.message);
  }
}

}  // namespace

Expected<Network> build_template_network(const spec::SearchSpace& space, const spec::Architecture& arch) {
  return build_bound(spec::bind_network(space, arch, op_catalog()));
}

Expected<Network> build_template_supernet(const spec::SearchSpace& space, const Supernet& supernet, std::uint64_t seed) {
  return build_bound(spec::bind_supernet(space, supernet, op_catalog()), &seed);
}

}  // namespace zcnas::net
