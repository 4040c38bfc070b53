#!/usr/bin/env bash
# TE-NAS's pruning search on NAS-Bench-201, 10 network seeds x CIFAR-10 / CIFAR-100 /
# ImageNet16-120 (examples/search/nb201_*_prune.toml), one search after another, each into
# bench/results/prune/<dataset>_seed<N>/. A finished search (best.json there) is skipped and an
# interrupted one resumes from its rounds.csv, so the script can be rerun until all 30 are done.
# No run store (--no-store): a store in the working directory may hold supernet scores of an
# older build (same supernet text, seed and protocol; other weights), which a search would reuse.
# Then: /usr/bin/python3 bench/prune/summarise.py > bench/results/prune/summary.md
#   bench/prune/run_nb201.sh [build dir] [threads] [seeds]
# Two runners on disjoint seed lists ("0 1 2 3 4", "9 8 7 6 5") use two cores better than one
# with two threads.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
THREADS=${2:-2}
SEEDS=${3:-0 1 2 3 4 5 6 7 8 9}
for seed in $SEEDS; do   # seed-major: a cut run leaves every dataset its first seeds
  for dataset in cifar10 cifar100 imagenet16; do
    out=bench/results/prune/${dataset}_seed${seed}
    [[ -f $out/best.json ]] && continue
    echo "== $dataset seed $seed"
    "$BUILD/zcnas" --threads "$THREADS" --seed "$seed" --no-store search "examples/search/nb201_${dataset}_prune.toml" \
      --no-progress -o "$out"
  done
done
