#!/usr/bin/env bash
# Builds the DSL fuzzer with clang (libFuzzer + ASan + UBSan) in its own build folder and
# runs it for SECONDS seconds, seeded with the shipped spaces and the test inputs.
#   tests/fuzz/run_fuzzer.sh [SECONDS] [BUILD_DIR]
# Needs Debian's clang and libclang-rt-14-dev (installed on demand). The corpus grows in
# BUILD_DIR/corpus; crashes land in BUILD_DIR/crashes and fail the run.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
out=${2:-$src/build-fuzz}

for p in clang libclang-rt-14-dev; do
  if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]]; then
    echo "run_fuzzer: installing $p" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null ||
      { echo "run_fuzzer: cannot install $p" >&2; exit 1; }
  fi
done

if [[ ! -f "$out/CMakeCache.txt" ]]; then
  CC=clang CXX=clang++ cmake -S "$src" -B "$out" -DZCNAS_FUZZ_ONLY=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$out" -j"$(nproc)" --target zcnas_dsl_fuzzer >"$out/build.log" 2>&1 ||
  { tail -30 "$out/build.log" >&2; exit 1; }

mkdir -p "$out/corpus" "$out/crashes"
cp "$src"/spaces/*.zc "$src"/tests/cli/*.zc "$src"/examples/networks/*.zc "$src"/examples/my_op/*.zc "$out/corpus/" 2>/dev/null || true
cd "$out"
./tests/fuzz/zcnas_dsl_fuzzer -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/crashes/" -print_final_stats=1 "$out/corpus" 2>&1 | tail -25
echo "corpus: $(ls "$out/corpus" | wc -l) inputs"
