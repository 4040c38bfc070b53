#pragma once
// The report page's own style sheet and script (html_page.cpp); the script reads the data
// element "zcnas-data" and draws every chart with vega-embed.

namespace zcnas::report {

extern const char* const kReportStyle;
extern const char* const kReportScript;

}  // namespace zcnas::report
