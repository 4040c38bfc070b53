#pragma once
// Score tables from files, joined on the canonical architecture string:
//  - the long CSV `zcnas score` writes (arch, proxy, score, status, ...): a failed row is NaN;
//  - a wide CSV, one key column and one column per proxy;
//  - NAS-Bench-Suite-Zero JSON ({task: {key: {"val_accuracy", proxy: {"score"}}}}), read
//    leniently: its non-JSON -Infinity / Infinity / NaN tokens become numbers. NAS-Bench-201
//    keys (six op digits) become NAS-Bench-201 cell strings; other benchmarks keep the
//    file's key (their networks are built from the `arch` field by the reference tests).
// A table may carry labels (the file's accuracies) besides the proxies.

#include <map>
#include <string>
#include <vector>

#include "zcnas/combiner.hpp"
#include "zcnas/error.hpp"

namespace zcnas::eval {

struct LabelledTable {
  ScoreTable scores;
  std::map<std::string, std::vector<double>> labels;  // e.g. "val_accuracy", one per row
  std::string source;                                 // file (and task) it came from
};

// A table built from long-format results (architecture, proxy, score) as they arrive: rows
// and columns in order of first appearance, a failed result NaN, a proxy named "params"
// also the table's parameter counts. What read_score_csv reads from a zcnas score file,
// and what a live experiment builds in memory from the same results.
class LongTableBuilder {
 public:
  void add(const std::string& arch, const std::string& proxy, double score);  // NaN: failed
  LabelledTable finish(std::string source);

 private:
  LabelledTable out_;
  std::map<std::string, std::size_t> row_of_, col_of_;
};

// A CSV in either form (long when its header has arch, proxy and score).
Expected<LabelledTable> read_score_csv(const std::string& path, const std::string& key_column = "");
// One task of a NAS-Bench-Suite-Zero file; `task` "" takes the only one (NB101's nested
// {"nasbench101": {"cifar10": ...}} is unwrapped).
Expected<LabelledTable> read_suite_json(const std::string& path, const std::string& task = "");

// NASLib's NAS-Bench-201 key, e.g. "(1, 0, 1, 4, 0, 1)", as a NAS-Bench-201 cell string:
// digits in edge order (1,2) (1,3) (1,4) (2,3) (2,4) (3,4), ops 0 skip_connect, 1 none,
// 2 nor_conv_3x3, 3 nor_conv_1x1, 4 avg_pool_3x3. Empty when the key is not of that form.
std::string nb201_cell_from_naslib(const std::string& key);

// Score files joined on the architecture: NAS-Bench-Suite-Zero JSON (its `task`) or CSV
// (`key_column` for wide ones). An empty list is an error.
Expected<LabelledTable> read_score_files(const std::vector<std::string>& files, const std::string& task,
                                         const std::string& key_column);

// Rows of `b` joined onto `a` by architecture (inner join; columns of both, `b`'s renamed
// with `suffix` when the names clash; labels kept from both).
LabelledTable join(const LabelledTable& a, const LabelledTable& b, const std::string& suffix = "_2");

// A ground-truth column of a CSV keyed by `key_column` (e.g. data/nb201/nb201_200ep_acc.csv,
// "arch_str", "cifar10-test"), as arch -> value. Unknown columns are errors that list the
// file's columns.
Expected<std::map<std::string, double>> read_truth(const std::string& path, const std::string& key_column,
                                                   const std::string& value_column);

}  // namespace zcnas::eval
