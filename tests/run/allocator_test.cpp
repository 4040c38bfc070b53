// The allocator policy of the zcnas programs: applied by default on glibc, left alone when the
// user says so (ZCNAS_ALLOCATOR=system) or tunes glibc's allocator through its own variables.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <vector>

#include "runtime/allocator.hpp"

CATCH_TEST_CASE("freed memory is kept for reuse unless the user tunes the allocator", "[runtime]") {
#if defined(__GLIBC__)
  for (const char* v : {"ZCNAS_ALLOCATOR", "MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_"})
    CATCH_REQUIRE(std::getenv(v) == nullptr);
  CATCH_CHECK(zcnas::runtime::retain_freed_memory());
  // Blocks far over glibc's mmap threshold still allocate, free and come back.
  for (int i = 0; i < 3; ++i) {
    std::vector<char> big(96u << 20, static_cast<char>(i));
    CATCH_CHECK(big[big.size() - 1] == static_cast<char>(i));
  }
  ::setenv("ZCNAS_ALLOCATOR", "system", 1);
  CATCH_CHECK_FALSE(zcnas::runtime::retain_freed_memory());
  ::unsetenv("ZCNAS_ALLOCATOR");
  ::setenv("MALLOC_MMAP_MAX_", "65536", 1);
  CATCH_CHECK_FALSE(zcnas::runtime::retain_freed_memory());
  ::unsetenv("MALLOC_MMAP_MAX_");
#else
  CATCH_CHECK_FALSE(zcnas::runtime::retain_freed_memory());
#endif
}
