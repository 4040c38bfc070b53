#pragma once
// GRAF's graph features (spec/graph_features.hpp) appended to a score table as columns
// named graph:*, so a predictor combiner can learn from them next to the proxies
// (xgboost's `graph = true`); every other combiner leaves such columns out.

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "spec/search_space.hpp"
#include "zcnas/combiner.hpp"
#include "zcnas/error.hpp"

namespace zcnas::eval {

// Appends the features of every row's architecture (parsed in `space`: its canonical string,
// or a tuple of option indices in decision order, NASLib's TransNAS-Bench-101 micro keys); a row
// that is not an architecture of the space gets NaN features. Returns how many rows did
// not parse; an error when the space has no graph features or the table has them already.
// `cache` (by architecture text; empty: not of the space) spares a caller that appends to
// tables of the same architectures again and again (a search rating its archive) the recomputing.
using GraphFeatureCache = std::unordered_map<std::string, std::vector<double>>;
Expected<std::size_t> append_graph_features(ScoreTable& table, const spec::SearchSpace& space,
                                            GraphFeatureCache* cache = nullptr);

}  // namespace zcnas::eval
