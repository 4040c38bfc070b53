#!/usr/bin/env bash
# The torch-free libraries (DSL front end, spec, config, tables, evaluation, store, reports,
# the search loop) and their plugin-free tests under AddressSanitizer (leaks included) +
# UndefinedBehaviorSanitizer, in build-sanitize/. No LibTorch is compiled or linked, so it
# builds in minutes: scripts/test.sh runs it after the main suite, and so does CI. The whole
# suite under the sanitizers is scripts/sanitize.sh (an hour on 2 cores).
#   scripts/sanitize_torch_free.sh [extra ctest arguments]
# Expects the packages scripts/setup.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${ZCNAS_SANITIZE_TORCH_FREE_DIR:-build-sanitize}
if [[ ! -f "$dir/CMakeCache.txt" ]]; then
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZCNAS_TORCH_FREE_ONLY=ON -DZCNAS_SANITIZE=ON >/dev/null
fi
start=$(date +%s)
echo "sanitize: building the torch-free libraries and tests in $dir (log: $dir/build.log)" >&2
cmake --build "$dir" -j"${ZCNAS_JOBS:-$(nproc)}" >"$dir/build.log" 2>&1 || { tail -30 "$dir/build.log"; exit 1; }
built=$(date +%s)
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$dir" --output-on-failure -j"${ZCNAS_JOBS:-$(nproc)}" -L sanitized "$@"
echo "sanitize: torch-free build $((built - start)) s, tests $(($(date +%s) - built)) s" >&2
