#pragma once
// An evaluation for people and for scripts: markdown tables, a long-format CSV, JSON, and
// the heat-map of Spearman rho, proxies x experiments (the paper's Fig. 3), via gnuplot.

#include <string>
#include <vector>

#include "eval/evaluation.hpp"
#include "zcnas/error.hpp"

namespace zcnas::report {

std::string evaluation_markdown(const std::vector<eval::EvaluationResult>& results);
// experiment,subject,kind,labelled,seed,metric,value: one row per number.
std::string evaluation_csv(const std::vector<eval::EvaluationResult>& results);
std::string evaluation_json(const std::vector<eval::EvaluationResult>& results);
// Rows: every proxy and combiner (held-out mean at the largest labelled size, else
// in-sample); columns: the experiments. Missing cells stay blank.
Expected<void> rho_heatmap(const std::vector<eval::EvaluationResult>& results, const std::string& figure);

}  // namespace zcnas::report
