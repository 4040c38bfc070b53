#pragma once
// GRAF's graph features of an architecture (Kadlecova et al., "Surprisingly Strong Performance
// Prediction with Neural Graph Features", ICML 2024): numbers read off the cell's graph that a
// predictor can learn from next to the proxies. Defined for `dag` cells (operations on edges,
// node 0 the input, the last node the output), as gabikadlecova/zc_combine @ 5a14948 computes
// them for NAS-Bench-201 (zc_combine/features/base.py, nasbench201.py, the feature sets of
// configs/nb201_full.json):
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
// Names are "graph:" + the above, with ops joined by '+' and the empty set written '-'; a space
// with several dag cells prefixes each feature with its cell ("graph:<cell>:op_count:..").
// Torch-free: they are a function of the architecture alone.

#include <string>
#include <vector>

#include "spec/search_space.hpp"
#include "zcnas/error.hpp"

namespace zcnas::spec {

// The feature names of `space`, in the order graph_features() returns values; an error names
// the cell that has no graph features defined (graph and darts cells, or no cell at all).
Expected<std::vector<std::string>> graph_feature_names(const SearchSpace& space);

// The features of one architecture of `space` (a valid one; see check()).
std::vector<double> graph_features(const SearchSpace& space, const Architecture& arch);

}  // namespace zcnas::spec
