#!/usr/bin/env bash
# What --isolate costs: the same NAS-Bench-201 sample scored in-process and with each
# architecture's proxies in a forked worker (one thread either way, no store).
#   bench/isolation/run.sh [BUILD_DIR] [N]     (results: bench/results/isolation.md)
set -euo pipefail
build=${1:-build}
n=${2:-40}
zcnas="$build/zcnas"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_WAIT_POLICY=PASSIVE
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
for proxies in nwot,synflow,jacov params; do
  args=(-q --threads 1 --no-store score spaces/nasbench201.zc --sample "$n" -p "$proxies" -b 64)
  plain=$(t "$zcnas" "${args[@]}" -o "$work/plain.csv")
  isolated=$(t "$zcnas" --isolate "${args[@]}" -o "$work/isolated.csv")
  same=$(diff -q <(cut -d, -f1-3,5 "$work/plain.csv") <(cut -d, -f1-3,5 "$work/isolated.csv") >/dev/null && echo same || echo DIFFERENT)
  printf '| %s | %d | %.1f s | %.1f s | %+.0f ms | %s |\n' "$proxies" "$n" "$plain" "$isolated" \
    "$(echo "($isolated - $plain) * 1000 / $n" | bc -l)" "$same"
done
