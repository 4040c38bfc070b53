#!/usr/bin/env bash
# The NAS-Bench-201 search study: each listed search config over seeds, each run in its own
# folder bench/results/search/nb201/<config>/seed<k>/ (best.json, trajectory.csv, figure).
# A run already finished is skipped; an interrupted one resumes. One thread per process:
# run two of these at once on a 2-core box, not more.
#   bench/search/run_nb201.sh CONFIG_STEM "SEEDS" [EVALUATIONS] [STRATEGY]
#   bench/search/run_nb201.sh nb201_cifar10_libra "0 1 2 3 4 5 6 7 8 9"
#   bench/search/run_nb201.sh nb201_cifar10_libra "0 1 2" 900 random
#   bench/search/run_nb201.sh bench/search/ablations/best_no_labelling.toml "0 1 2"
set -euo pipefail
cd "$(dirname "$0")/../.."
stem=$1
seeds=$2
n=${3:-}
strategy=${4:-}
zcnas=${ZCNAS:-build/zcnas}
# A stem names examples/search/<stem>.toml; a path to a .toml names itself (bench/search/ablations).
if [[ $stem == *.toml ]]; then config=$stem; stem=$(basename "$stem" .toml); else config=examples/search/$stem.toml; fi
label=$stem${strategy:+_$strategy}
if [[ -n "$strategy" ]]; then
  # The same search with another strategy: a copy of the config beside the original, so
  # that relative paths still resolve.
  tmp=$(dirname "$config")/.${label}.toml
  sed "s/^strategy = .*/strategy = \"$strategy\"/; s/^name = \"\(.*\)\"/name = \"\1-$strategy\"/" "$config" >"$tmp"
  config=$tmp
fi
for seed in $seeds; do
  out=bench/results/search/nb201/$label/seed$seed
  if [[ -f $out/best.json ]] && grep -q '"stopped": "evaluation budget spent' "$out/best.json"; then
    echo "$label seed $seed: done"
    continue
  fi
  mkdir -p "$out"
  OMP_WAIT_POLICY=PASSIVE "$zcnas" -q --threads 1 search "$config" --search-seed "$seed" ${n:+-n $n} -o "$out" \
    --no-progress >"$out/stdout.txt" 2>"$out/stderr.txt" || { echo "$label seed $seed: failed (see $out/stderr.txt)"; continue; }
  echo "$label seed $seed: $(grep -m1 'true ' "$out/stdout.txt")"
done
