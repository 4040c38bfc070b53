#!/usr/bin/env bash
# VKDNW on the fixed 1,000-cell NAS-Bench-201 sample, CIFAR-10 (10 classes: 640 batch-1 backward
# passes a cell, ~3 s on one core here; CIFAR-100's 100 logits would cost ten times that), into
# the run store as it goes (a rerun computes only what is missing); then its agreement with
# the truth and with VKDNW's own code (bench/vkdnw/reference.py) on the first 60 cells.
#   bench/vkdnw/run.sh [build dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
OUT=bench/results/vkdnw
mkdir -p "$OUT"
"$BUILD/zcnas" score spaces/nasbench201.zc --archs bench/lswag/nb201_sample_1000.txt -d cifar10 -b 64 --seed 0 \
  -p vkdnw --threads "${ZCNAS_THREADS:-2}" --store "${ZCNAS_STORE:-/tmp/zcnas-vkdnw.db}" -o "$OUT/nb201_cifar10.csv"
