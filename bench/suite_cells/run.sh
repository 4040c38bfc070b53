#!/bin/bash
# zcnas's own scores on NAS-Bench-Suite-Zero's NB101 and NB301 cells (CIFAR-10), the pool that
# LIBRA combines on NB201 (bench/results/lswag.md), 2 batches of 64, seed 0, one thread.
# The two benchmarks advance in turns of CHUNK cells, so a run stopped at any time leaves both
# with a prefix of their (file-ordered) cells; the run store resumes where it stopped.
#   bench/suite_cells/run.sh ZCNAS [CHUNK] [LAST]      e.g. bench/suite_cells/run.sh build/zcnas 25 300
set -euo pipefail
ZCNAS=${1:-build/zcnas}; CHUNK=${2:-25}; LAST=${3:-1000}
OUT=bench/results/suite_cells
P=lswag,zico,swap,nwot,jacov,snip,grad_norm,fisher,synflow,params,flops,l2_norm,meco
[ -f $OUT/nasbench101_cifar10_cells.txt ] || python3 bench/suite_cells/make_cells.py "$ZCNAS" data/naslib_zc $OUT
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for ((first = 1; first <= LAST; first += CHUNK)); do
  for bench in nasbench101 nasbench301; do
    space=spaces/nasbench101.zc; [ $bench = nasbench301 ] && space=spaces/darts.zc
    sed -n "${first},$((first + CHUNK - 1))p;$((LAST))q" $OUT/${bench}_cifar10_cells.txt > "$tmp/chunk.txt"
    [ -s "$tmp/chunk.txt" ] || continue
    "$ZCNAS" score $space -p $P --archs "$tmp/chunk.txt" -d cifar10 --seed 0 --threads 1 \
      --store $OUT/${bench}_cifar10.db -o "$tmp/chunk.csv"
    cp "$tmp/chunk.csv.protocol.json" $OUT/${bench}_cifar10_scores.csv.protocol.json
    # every chunk so far, from the store (one protocol), as one CSV
    "$ZCNAS" store export $OUT/${bench}_cifar10.db -o $OUT/${bench}_cifar10_scores.csv
  done
done
