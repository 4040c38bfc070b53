#!/bin/bash
# L-SWAG and ZiCo over 5 seeds (network initialisation and batches both follow --seed) on
# the 1,000-cell NB201 sample, CIFAR-10, as the paper's 5 runs. Cells advance in chunks with
# every seed per chunk, so a run stopped at any time leaves all 5 seeds on the same prefix.
#   bench/lswag/seeds.sh ZCNAS [CHUNK] [LAST]          e.g. bench/lswag/seeds.sh build/zcnas 100 1000
set -euo pipefail
ZCNAS=${1:-build/zcnas}; CHUNK=${2:-100}; LAST=${3:-1000}
OUT=bench/results/lswag/seeds; mkdir -p $OUT
P=lswag_all,zico,zico_abs,abl_no_mean
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for ((first = 1; first <= LAST; first += CHUNK)); do
  sed -n "${first},$((first + CHUNK - 1))p;${LAST}q" bench/lswag/nb201_sample_1000.txt > "$tmp/chunk.txt"
  [ -s "$tmp/chunk.txt" ] || break
  for seed in 0 1 2 3 4; do
    "$ZCNAS" score bench/lswag/nb201_lswag.zc -p $P --archs "$tmp/chunk.txt" -d cifar10 --seed $seed --threads 1 \
      --store $OUT/seed$seed.db -o "$tmp/chunk.csv"
    cp "$tmp/chunk.csv.protocol.json" $OUT/seed$seed.csv.protocol.json
    "$ZCNAS" store export $OUT/seed$seed.db -o $OUT/seed$seed.csv   # every chunk so far
  done
done
