#include <catch2/catch.hpp>

#include "zcnas/error.hpp"

using namespace zcnas;

CATCH_TEST_CASE("errors carry context outermost first", "[sdk]") {
  Error e(ErrorKind::parse, "unexpected '}'");
  e.with_context("layer 'stem.conv'").with_context("space.zc:3:7");
  CATCH_CHECK(e.to_string() == "space.zc:3:7: layer 'stem.conv': unexpected '}'");
  CATCH_CHECK(e.message() == "unexpected '}'");
  CATCH_CHECK(e.kind() == ErrorKind::parse);
}

CATCH_TEST_CASE("Expected holds a value or an error", "[sdk]") {
  Expected<int> ok = 3;
  CATCH_REQUIRE(ok);
  CATCH_CHECK(*ok == 3);
  Expected<int> bad = make_error(ErrorKind::io, "missing file");
  CATCH_REQUIRE_FALSE(bad);
  CATCH_CHECK(bad.error().to_string() == "missing file");
  Expected<void> done;
  CATCH_CHECK(done);
  Expected<void> failed = make_error(ErrorKind::internal, "x");
  CATCH_CHECK_FALSE(failed);
}

CATCH_TEST_CASE("joined errors list every failure", "[sdk]") {
  Error joined = Error::join({Error(ErrorKind::config, "first"), Error(ErrorKind::config, "second")});
  CATCH_CHECK(joined.to_string() == "2 errors:\n  first\n  second");
  CATCH_CHECK(Error::join({Error(ErrorKind::io, "only")}).to_string() == "only");
}
