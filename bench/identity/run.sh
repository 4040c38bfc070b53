#!/usr/bin/env bash
# Outputs that must not change when code is reorganised: 20 NAS-Bench-201 cells scored by
# the full proxy pool (store export and score CSV), a looked-up LIBRA search and a live one
# (best.json, trajectory). Run it with the zcnas before and after, then compare.sh.
#   bench/identity/run.sh build/zcnas /tmp/before && bench/identity/run.sh build/zcnas /tmp/after
#   bench/identity/compare.sh /tmp/before /tmp/after
set -euo pipefail
zcnas=$(realpath "$1")
out=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$out" && mkdir -p "$out"
cd "$root"
"$zcnas" space sample spaces/nasbench201.zc -n 20 --seed 7 --unique >"$out/cells.txt"
"$zcnas" --threads 2 --store "$out/score.db" --seed 0 score spaces/nasbench201.zc --archs "$out/cells.txt" \
  -o "$out/scores.csv" 2>"$out/score.log"
"$zcnas" store export "$out/score.db" -o "$out/export.csv"
"$zcnas" --store "$out/lookup.db" search examples/search/nb201_cifar10_libra.toml --search-seed 3 --no-progress \
  -o "$out/search_lookup" >"$out/search_lookup.txt" 2>"$out/search_lookup.log"
"$zcnas" --threads 2 --store "$out/live.db" search examples/search/nb201_cifar10_libra_live.toml --search-seed 1 \
  -n 30 --no-progress -o "$out/search_live" >"$out/search_live.txt" 2>"$out/search_live.log"
"$zcnas" store export "$out/live.db" -o "$out/live_export.csv"
echo "identity outputs in $out"
