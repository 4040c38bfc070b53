// CSV score and ground-truth tables: quoting, non-finite spellings, and errors with places.

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "support/test_env.hpp"
#include "table/csv_table.hpp"

using namespace zcnas;

namespace {
std::string write(const std::string& name, const std::string& text) {
  const std::string path = test::build_dir() + "/tests/" + name;
  std::ofstream(path) << text;
  return path;
}
}  // namespace

CATCH_TEST_CASE("a CSV table reads quoted fields and non-finite numbers", "[eval]") {
  auto t = table::read_csv(write("quoted.csv", "net,score\n\"(4, 0, 3)\",1.5\n\"a \"\"b\"\"\",-Infinity\nc,\n"));
  CATCH_REQUIRE(t);
  CATCH_CHECK(t->rows.size() == 3);
  CATCH_CHECK(t->rows[0][0] == "(4, 0, 3)");
  CATCH_CHECK(t->rows[1][0] == "a \"b\"");
  auto scores = t->numbers("score");
  CATCH_REQUIRE(scores);
  CATCH_CHECK((*scores)[0] == 1.5);
  CATCH_CHECK(std::isinf((*scores)[1]));
  CATCH_CHECK(std::isnan((*scores)[2]));
}

CATCH_TEST_CASE("CSV mistakes are reported with file, line and column name", "[eval]") {
  auto ragged = table::read_csv(write("ragged.csv", "a,b\n1,2\n3\n"));
  CATCH_REQUIRE_FALSE(ragged);
  CATCH_CHECK(ragged.error().to_string().find("ragged.csv:3: 1 fields, the header has 2") != std::string::npos);
  auto t = table::read_csv(write("words.csv", "a,score\n1,x7\n"));
  CATCH_REQUIRE(t);
  auto n = t->numbers("score");
  CATCH_REQUIRE_FALSE(n);
  CATCH_CHECK(n.error().to_string().find("words.csv:2: column 'score': 'x7' is not a number") != std::string::npos);
  auto missing = t->numbers("scor");
  CATCH_REQUIRE_FALSE(missing);
  CATCH_CHECK(missing.error().to_string().find("did you mean 'score'") != std::string::npos);
}
