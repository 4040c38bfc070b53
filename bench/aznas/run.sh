#!/usr/bin/env bash
# AZ-NAS on the fixed 1,000-cell NAS-Bench-201 sample (bench/lswag/nb201_sample_1000.txt), the
# three datasets, then the evaluations of examples/aznas/. Every score goes to the run store
# as it is computed, so a rerun after a cut computes only what is missing.
#   bench/aznas/run.sh [build dir]        # ZCNAS_THREADS=1 to run the datasets side by side
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
OUT=bench/results/aznas
mkdir -p "$OUT"
P=az_expressivity,az_progressivity,az_trainability,az_complexity
for ds in ${ZCNAS_DATASETS:-cifar10 cifar100 imagenet16-120}; do
  size=(); [[ $ds == imagenet16-120 ]] && size=(--input-size 16)
  "$BUILD/zcnas" score spaces/nasbench201.zc --archs bench/lswag/nb201_sample_1000.txt -d "$ds" "${size[@]}" \
    -b 64 --seed 0 -p "$P" --threads "${ZCNAS_THREADS:-2}" --store "${ZCNAS_STORE:-/tmp/zcnas-aznas.db}" \
    -o "$OUT/nb201_$ds.csv"
done
for ds in ${ZCNAS_DATASETS:-cifar10 cifar100 imagenet16-120}; do
  "$BUILD/zcnas" evaluate "examples/aznas/nb201_$ds.toml" --out "$OUT/eval_$ds.md" --json "$OUT/eval_$ds.json"
done
