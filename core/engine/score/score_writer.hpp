#pragma once
// Where scores go: a long-format CSV (one row per architecture and proxy) written and
// flushed architecture by architecture, so a run that dies keeps every finished row; and,
// at the end, a JSON document with the protocol, per-proxy timing and every score.

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "score/score_run.hpp"
#include "table/score_csv.hpp"
#include "zcnas/error.hpp"

namespace zcnas::score {

class ScoreWriter {
 public:
  // `csv_path` "-" writes to standard output. `json_path` "" writes no JSON.
  static Expected<std::unique_ptr<ScoreWriter>> open(const std::string& csv_path, const std::string& json_path,
                                                     const Protocol& protocol);
  ~ScoreWriter();

  Expected<void> write(const ArchResult& result);
  // Writes the JSON document (protocol, timing summary, all scores); the CSV is complete already.
  Expected<void> finish();

  std::size_t rows() const noexcept { return rows_; }
  std::size_t failures() const noexcept { return failures_; }

 private:
  ScoreWriter() = default;
  std::string csv_path_, json_path_;
  std::ofstream file_;
  std::ostream* csv_ = nullptr;
  Protocol protocol_;
  std::vector<ArchResult> kept_;  // for the JSON document only
  std::size_t rows_ = 0, failures_ = 0;
};

// The protocol as JSON text (also what `zcnas score` writes next to the CSV).
std::string protocol_json(const Protocol& protocol, int indent = 2);

}  // namespace zcnas::score
