#pragma once
// Proxy expressions of the DSL (`proxy my_idea = rank(lswag) + 0.5 * log(synflow)`)
// evaluated over the columns of a score table, so an expression is evaluated, compared and
// combined like any proxy without a network run. A reference names a column or another
// declaration; a plugin call with no parameters names the column of that plugin.

#include <string>
#include <vector>

#include "spec/proxy_decl.hpp"
#include "zcnas/combiner.hpp"
#include "zcnas/error.hpp"

namespace zcnas::eval {

// One value per row of `table`. Errors name the expression's file:line:col and the column
// it could not find. rank() gives ranks 1..N (ties averaged, NaN lowest); normalise() maps
// to [0, 1] by min and max; log() of a value <= 0 is NaN, as a failed score.
Expected<std::vector<double>> evaluate_expression(const spec::ProxyDecl& decl, const ScoreTable& table,
                                                  const std::vector<spec::ProxyDecl>& declarations);

}  // namespace zcnas::eval
