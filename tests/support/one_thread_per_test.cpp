// ctest runs one Catch2 case per process, as many processes at once as it has jobs (-jN):
// each takes one LibTorch thread, so that N of them fill N cores instead of spinning at each
// other's OpenMP barriers (tests/CMakeLists.txt, zcnas_tests_take_one_thread, does the same for
// the other tests through OMP_NUM_THREADS). Setting OMP_NUM_THREADS here reaches what reads it
// later: zcnas's default thread count and every zcnas process a test starts. OpenMP itself has
// read it before main, hence the explicit set_threads. A test that wants more threads asks.

#include <cstdlib>

#include "runtime/runtime.hpp"

namespace {

const bool one_thread = [] {
  setenv("OMP_NUM_THREADS", "1", /*overwrite=*/0);  // a developer's own setting stays
  zcnas::runtime::set_threads(0);                    // zcnas's own reading of it
  return true;
}();

}  // namespace
