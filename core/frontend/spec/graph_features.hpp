#pragma once
// GRAF's graph features of an architecture (Kadlecova et al., "Surprisingly Strong Performance
// Prediction with Neural Graph Features", ICML 2024): numbers read off the cells' graphs that a
// predictor can learn from next to the proxies, as gabikadlecova/zc_combine @ 5a14948 computes
// them (zc_combine/features/base.py, nasbench201.py, nasbench101.py, darts.py, conversions.py;
// feature sets of configs/nb201_full.json, nb101_first.json, nb301_full.json).
// `dag` cells (ops on edges, node 0 the input, the last node the output; NAS-Bench-201):
//   op_count:<op>                     edges carrying <op>;
//   min_path_len:banned=<ops>         fewest edges on an input-output path avoiding <ops>
//                                     (every proper subset of the ops, the empty one included;
//                                     no such path: nodes + 1, GRAF's `end + 1`);
//   max_op_on_path:allowed=<ops>      most edges on an input-output path using only <ops>
//                                     (every non-empty subset; no such path: -1);
//   node_degree:allowed=<ops>:<k>     with edges of <ops> only: in_degree (edges leaving the
//                                     input; GRAF's names), out_degree (edges entering the
//                                     output), avg_in and avg_out (edges per node; GRAF
//                                     keeps both, and on a dag cell they are equal).
// `graph` cells (ops on nodes; NAS-Bench-101), over the nodes on an input-output path only
// (the pruned spec GRAF reads):
//   op_count:<op>                     nodes of <op>;
//   min_path_len:banned=<ops>         fewest edges on an input-output path through no node of
//                                     <ops> (proper subsets; no such path: the node count, GRAF's
//                                     `end + 1`);
//   max_op_on_path:allowed=<ops>      most op nodes on an input-output path of <ops> nodes (0:
//                                     the input-output edge alone; none: -1). GRAF's value is
//                                     this minus 2 (it subtracts the two end nodes twice), and
//                                     -4 for none: the same order, so the same predictor;
//   node_degree:allowed=<ops>:<k>     in_degree (predecessors of the output of an <ops> op),
//                                     out_degree (successors of the input of an <ops> op),
//                                     avg_in (edges from an <ops> node per node), avg_out
//                                     (edges into an <ops> node per node).
// `darts` cells (normal and reduce; states in0 = c_{k-2}, in1 = c_{k-1}, then the nodes; every
// node also feeds the cell output through an edge in no op set):
//   op_count:<op>                     edges carrying <op>;
//   max_op_on_path:allowed=<ops>:from=in0|in1   most edges on a path from that input to the
//                                     output with ops in <ops> (output edges always); none: -1;
//   node_degree:allowed=<ops>:<k>     in0_degree, in1_degree (edges of <ops> leaving the input;
//                                     GRAF's c_{k-2}_degree, c_{k-1}_degree), avg_in and avg_out
//                                     (edges of <ops> per node of the 7; equal).
// Names are "graph:" + the above, with ops joined by '+' and the empty set written '-'; a space
// with several cells prefixes each feature with its cell ("graph:<cell>:op_count:..").
// Torch-free: they are a function of the architecture alone.

#include <string>
#include <vector>

#include "spec/search_space.hpp"
#include "zcnas/error.hpp"

namespace zcnas::spec {

// The feature names of `space`, in the order graph_features() returns values; an error when
// the space has no cell, or a cell with more than 16 ops (the subsets would not fit).
Expected<std::vector<std::string>> graph_feature_names(const SearchSpace& space);

// The features of one architecture of `space` (a valid one; see check()).
std::vector<double> graph_features(const SearchSpace& space, const Architecture& arch);

}  // namespace zcnas::spec
