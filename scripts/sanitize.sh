#!/usr/bin/env bash
# The test suite under AddressSanitizer + UndefinedBehaviorSanitizer: sets up like
# scripts/test.sh, builds everything with ZCNAS_SANITIZE=ON in build-asan/, and runs the
# same ctest selection. Any sanitizer report fails the test it happens in.
#   scripts/sanitize.sh            # whole suite (~1 h on 2 cores, most of it the build)
#   scripts/sanitize.sh -R store   # extra ctest arguments select a subset
set -euo pipefail
cd "$(dirname "$0")/.."
ZCNAS_BUILD_DIR=${ZCNAS_SANITIZE_BUILD_DIR:-build}
ZCNAS_EXTRA_PACKAGES="chromium ${ZCNAS_EXTRA_PACKAGES:-}" ZCNAS_BUILD_DIR=$ZCNAS_BUILD_DIR scripts/setup.sh >/dev/null
dir=${ZCNAS_SANITIZE_DIR:-build-asan}
if [[ ! -f "$dir/CMakeCache.txt" ]]; then
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZCNAS_SANITIZE=ON -DZCNAS_BUILD_BENCH=OFF >/dev/null
fi
echo "sanitize: building in $dir (log: $dir/build.log)" >&2
cmake --build "$dir" -j"${ZCNAS_JOBS:-$(nproc)}" >"$dir/build.log" 2>&1 || { tail -30 "$dir/build.log"; exit 1; }
# halt_on_error: the first report ends the test (and fails it). Leak checking is off:
# LibTorch and OpenBLAS keep process-lifetime allocations that LeakSanitizer would list.
# handle_segv/handle_abort off: the isolation test's proxies crash on purpose, and must die
# of the signal (as they do unsanitized), not exit through ASan's report.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=0:detect_odr_violation=0:abort_on_error=0:handle_segv=0:handle_abort=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
start=$(date +%s)
ctest --test-dir "$dir" --output-on-failure -j"${ZCNAS_JOBS:-$(nproc)}" -LE 'slow|fuzz|gpu|example' "$@"
echo "sanitize: tests took $(($(date +%s) - start)) s" >&2
