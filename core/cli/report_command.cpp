// zcnas report: the HTML page of report/html_report.hpp, written to a file.

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

#include "commands.hpp"
#include "log/logging.hpp"
#include "report/html_report.hpp"
#include "runtime/install_paths.hpp"
#include "exit_status.hpp"

namespace zcnas::cli {

int report_page(const RunSettings& settings, const ReportCommand& c) {
  log::configure(settings.quiet ? -1 : settings.verbose);
  report::HtmlReportInputs in;
  in.title = c.title;
  in.evaluations = c.evaluations;
  in.windows = c.windows;
  in.searches = c.searches;
  const std::string vega = runtime::find_shipped_file("third_party/vega/vega.min.js");
  if (vega.empty())
    return report(Error(ErrorKind::io, "the Vega bundles are not installed next to zcnas (third_party/vega/ in the "
                                       "build tree, share/zcnas/third_party/vega when installed)")),
           kExitFailure;
  in.vega_dir = std::filesystem::path(vega).parent_path().string();
  auto page = report::html_report(in);
  if (!page) return report(page.error()), kExitUsage;
  std::ofstream out(c.out, std::ios::binary);
  if (!(out << *page) || !out.flush())
    return report(Error(ErrorKind::io, "cannot write '" + c.out + "'")), kExitFailure;
  spdlog::info("wrote {} ({:.1f} MB, self-contained: open it in any browser, offline)", c.out,
               static_cast<double>(page->size()) / 1e6);
  return kExitOk;
}

}  // namespace zcnas::cli
