#pragma once
// `zcnas report`: one self-contained HTML page (Vega-Lite inlined, data embedded, nothing
// fetched) from what evaluate, lswag-window and search wrote: a scatter plot of each proxy
// against the truth, the rho heat-map over experiments, the L-SWAG window curve, the
// search trajectory, and beside each the protocol that produced its numbers.

#include <string>
#include <vector>

#include "zcnas/error.hpp"

namespace zcnas::report {

struct HtmlReportInputs {
  std::string title = "zcnas report";
  std::vector<std::string> evaluations;  // `zcnas evaluate --json` files
  std::vector<std::string> windows;      // `zcnas lswag-window --json` files
  std::vector<std::string> searches;     // `zcnas search` output folders
  std::string vega_dir;                  // folder of vega.min.js, vega-lite.min.js, vega-embed.min.js
};

// The page's data: every input read and checked (errors name the file and what is wrong).
Expected<std::string> report_data_json(const HtmlReportInputs& inputs);
// The whole page.
Expected<std::string> html_report(const HtmlReportInputs& inputs);

}  // namespace zcnas::report
