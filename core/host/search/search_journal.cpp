#include "search/search_journal.hpp"

#include <cmath>
#include <string>
#include <filesystem>

#include "search/journal_file.hpp"
#include "table/score_csv.hpp"
#include "spec/space_ops.hpp"
#include "table/csv_table.hpp"

namespace zcnas::search {

namespace {

const std::vector<std::string> kFixedColumns = {"evaluation", "elapsed_s", "arch",    "params",       "flops",    "seconds",
                                                "status",     "error",     "fitness", "best_fitness", "best_arch"};

using journal::number;

Expected<std::vector<Candidate>> read_back(const std::string& path, const spec::SearchSpace& space,
                                           const std::vector<std::string>& proxies) {
  auto csv = table::read_csv(path);
  if (!csv) return std::move(csv).error();
  if (auto ok = journal::check_header(csv->header, kFixedColumns, proxies, path, "a search"); !ok)
    return std::move(ok).error();
  std::vector<Candidate> out;
  const auto& rows = csv->rows;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    Candidate c;
    c.canonical = row[2];
    auto arch = spec::from_canonical(space, c.canonical);
    if (!arch) return std::move(arch).error().with_context(path + ":" + std::to_string(r + 2));
    c.arch = *arch;
    auto num = [&](std::size_t i) { return row[i].empty() ? std::nan("") : std::stod(row[i]); };
    try {
      c.elapsed = num(1);
      c.params = num(3);
      c.flops = num(4);
      c.seconds = num(5);
      if (row[6] != "ok") c.error = row[7].empty() ? "failed" : row[7];
      for (std::size_t p = 0; p < proxies.size(); ++p) c.scores.push_back(num(kFixedColumns.size() + p));
    } catch (const std::exception&) {
      return Error(ErrorKind::parse, "a number does not parse").with_context(path + ":" + std::to_string(r + 2));
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

Expected<std::unique_ptr<SearchJournal>> SearchJournal::open(const std::string& path, const spec::SearchSpace& space,
                                                             const std::vector<std::string>& proxies, bool resume) {
  auto j = std::unique_ptr<SearchJournal>(new SearchJournal());
  j->path_ = path;
  const bool exists = std::filesystem::exists(path) && std::filesystem::file_size(path) > 0;
  if (resume && exists) {
    // A run killed mid-row leaves a partial last line: it is dropped, the row scored again.
    journal::drop_partial_last_line(path);
    auto rows = read_back(path, space, proxies);
    if (!rows) return std::move(rows).error();
    j->recorded_ = std::move(*rows);
    for (const auto& c : j->recorded_) j->recorded_archs_.insert(c.canonical);
    j->out_.open(path, std::ios::app);
  } else {
    j->out_.open(path, std::ios::trunc);
    journal::write_header(j->out_, kFixedColumns, proxies);
  }
  if (!j->out_) return Error(ErrorKind::io, "cannot write the search trajectory '" + path + "'");
  return j;
}

Expected<void> SearchJournal::append(const Archive& archive, std::size_t index) {
  const Candidate& c = archive[index];
  if (recorded_archs_.count(c.canonical)) return {};
  const auto best = archive.best();
  out_ << index + 1 << ',' << number(c.elapsed) << ',' << table::csv_field(c.canonical) << ',' << number(c.params) << ','
       << number(c.flops) << ',' << number(c.seconds) << ',' << (c.error.empty() ? "ok" : "failed") << ','
       << table::csv_field(c.error) << ',' << number(archive.fitness()[index]) << ','
       << (best ? number(archive.fitness()[*best]) : "") << ',' << (best ? table::csv_field(archive[*best].canonical) : "");
  for (std::size_t p = 0; p < archive.proxies().size(); ++p)
    out_ << ',' << (c.error.empty() && p < c.scores.size() ? number(c.scores[p]) : "");
  out_ << '\n' << std::flush;
  if (!out_) return Error(ErrorKind::io, "cannot write the search trajectory '" + path_ + "'");
  return {};
}

}  // namespace zcnas::search
