#!/usr/bin/env bash
# Builds one libFuzzer target (clang, libFuzzer + ASan + UBSan) in its own build folder and runs
# it for SECONDS seconds, seeded with the shipped inputs of its kind.
#   tests/fuzz/run_fuzzer.sh [SECONDS] [BUILD_DIR] [TARGET]
# TARGET: dsl (default), search_toml, experiment_toml, run_toml, score_table, suite_json,
# arch_string, store (tests/fuzz/<target>_fuzzer.cpp). Needs Debian's clang and
# libclang-rt-14-dev (installed on demand). The corpus grows in BUILD_DIR/corpus-<target>;
# crashes land in BUILD_DIR/crashes-<target> and fail the run (keep each as a case in
# tests/hostile/ once fixed).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
out=${2:-$src/build-fuzz}
target=${3:-dsl}
[[ -f "$src/tests/fuzz/${target}_fuzzer.cpp" ]] || { echo "run_fuzzer: no target '$target'" >&2; exit 2; }

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
cmake --build "$out" -j"$(nproc)" --target "zcnas_${target}_fuzzer" >"$out/build-$target.log" 2>&1 ||
  { tail -30 "$out/build-$target.log" >&2; exit 1; }

corpus=$out/corpus-$target
crashes=$out/crashes-$target
mkdir -p "$corpus" "$crashes"
# Seeds: the shipped files of the target's kind, small enough to mutate (<= 64 KiB).
seed() { for f in "$@"; do [[ -f $f && $(stat -c %s "$f") -le 65536 ]] && cp "$f" "$corpus/seed-$(basename "$f")"; done; true; }
shopt -s nullglob globstar
case $target in
  dsl) seed "$src"/spaces/*.zc "$src"/tests/cli/*.zc "$src"/examples/networks/*.zc "$src"/examples/my_op/*.zc ;;
  search_toml | experiment_toml | run_toml)
    seed "$src"/examples/**/*.toml "$src"/tests/cli/*.toml "$src"/tests/hostile/files/*.toml ;;
  score_table) seed "$src"/tests/**/*.csv "$src"/tests/hostile/files/*.csv ;;
  suite_json)
    seed "$src"/tests/hostile/files/*.json
    # one small table of every shipped benchmark (their files are megabytes)
    python3 - "$src/data/naslib_zc" "$corpus" <<'EOF'
import json, pathlib, sys
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    doc = json.load(open(f))
    def cut(node, depth=0):
        if isinstance(node, dict) and depth < 3 and len(node) > 3 and all(isinstance(v, dict) for v in node.values()):
            return {k: cut(v, depth + 1) for k, v in list(node.items())[:3]}
        if isinstance(node, dict):
            return {k: cut(v, depth + 1) for k, v in node.items()}
        return node
    (pathlib.Path(sys.argv[2]) / f"seed-{f.stem}.json").write_text(json.dumps(cut(doc)))
EOF
    ;;
  arch_string)
    # canonical strings of NB201, NB101 and DARTS (the GRAF references), each with every space byte
    for f in "$src"/tests/dsl/graf_*_reference.csv; do
      python3 - "$f" "$corpus" <<'EOF'
import csv, pathlib, sys
rows = list(csv.reader(open(sys.argv[1])))[1:4]
for i, row in enumerate(rows):
    for b in range(16):
        (pathlib.Path(sys.argv[2]) / f"seed-{pathlib.Path(sys.argv[1]).stem}-{i}-{b}").write_bytes(bytes([b]) + row[0].encode())
EOF
    done ;;
  store)
    seed "$src"/tests/hostile/files/*.db
    rm -f "$corpus/seed-store.db"
    python3 "$src/tests/support/synthetic_store.py" "$corpus/seed-store.db" 3
    ;;
esac

cd "$out"
"./tests/fuzz/zcnas_${target}_fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" 2>&1 | tail -25
echo "corpus: $(ls "$corpus" | wc -l) inputs"
