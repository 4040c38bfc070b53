#include "search/round_journal.hpp"

#include <cmath>
#include <string>
#include <filesystem>

#include "table/csv_table.hpp"
#include "search/journal_file.hpp"
#include "table/score_csv.hpp"

namespace zcnas::search {

namespace {

const std::vector<std::string> kFixedColumns = {"round", "elapsed_s", "supernet", "seconds", "status", "error"};

using journal::number;

}  // namespace

Expected<std::unique_ptr<RoundJournal>> RoundJournal::open(const std::string& path, const std::vector<std::string>& proxies,
                                                           bool resume) {
  auto j = std::unique_ptr<RoundJournal>(new RoundJournal());
  j->path_ = path;
  j->proxies_ = proxies.size();
  const bool exists = std::filesystem::exists(path) && std::filesystem::file_size(path) > 0;
  if (resume && exists) {
    journal::drop_partial_last_line(path);
    auto csv = table::read_csv(path);
    if (!csv) return std::move(csv).error();
    if (auto ok = journal::check_header(csv->header, kFixedColumns, proxies, path, "the rounds of a search"); !ok)
      return std::move(ok).error();
    for (std::size_t r = 0; r < csv->rows.size(); ++r) {
      const auto& row = csv->rows[r];
      ScoredSupernet s;
      auto num = [&](std::size_t i) { return row[i].empty() ? std::nan("") : std::stod(row[i]); };
      try {
        s.round = static_cast<std::size_t>(std::stoul(row[0]));
        s.elapsed = num(1);
        s.key = row[2];
        s.seconds = num(3);
        if (row[4] != "ok") s.error = row[5].empty() ? "failed" : row[5];
        for (std::size_t p = 0; p < proxies.size(); ++p) s.scores.push_back(num(kFixedColumns.size() + p));
      } catch (const std::exception&) {
        return Error(ErrorKind::parse, "a number does not parse").with_context(path + ":" + std::to_string(r + 2));
      }
      j->recorded_keys_.insert(s.key);
      j->recorded_.push_back(std::move(s));
    }
    j->out_.open(path, std::ios::app);
  } else {
    j->out_.open(path, std::ios::trunc);
    journal::write_header(j->out_, kFixedColumns, proxies);
  }
  if (!j->out_) return Error(ErrorKind::io, "cannot write the search's rounds '" + path + "'");
  return j;
}

Expected<void> RoundJournal::append(const ScoredSupernet& s) {
  if (recorded_keys_.count(s.key)) return {};
  out_ << s.round << ',' << number(s.elapsed) << ',' << table::csv_field(s.key) << ',' << number(s.seconds) << ','
       << (s.error.empty() ? "ok" : "failed") << ',' << table::csv_field(s.error);
  for (std::size_t p = 0; p < proxies_; ++p)
    out_ << ',' << (s.error.empty() && p < s.scores.size() ? number(s.scores[p]) : "");
  out_ << '\n' << std::flush;
  if (!out_) return Error(ErrorKind::io, "cannot write the search's rounds '" + path_ + "'");
  return {};
}

}  // namespace zcnas::search
