#!/bin/bash
# TransNAS-Bench-101 micro on the autoencoder and jigsaw tasks: the L-SWAG ablation and the
# pool on the fixed sample of 300 networks (make_truth.py), one thread each, both at once on
# a 2-core machine. Resumable: rerun and the run store answers what is done.
# Usage: bench/transnas/run_tasks.sh ZCNAS [OUT=bench/results/transnas]
set -euo pipefail
Z=${1:-build/zcnas}
OUT=${2:-bench/results/transnas}
P=lswag_all,lswag_w0_1,lswag_w5_9,zico_abs,abl_no_mean,abl_no_mean_psi,zico,swap,nwot,snip,grad_norm,jacov,params,flops
mkdir -p "$OUT"
$Z --threads 1 --store "$OUT/micro_jigsaw.db" score bench/transnas/transnas_micro_lswag.zc --task jigsaw -d imagenet -b 32 \
  --archs bench/transnas/sample_micro_300.txt -p $P -o "$OUT/micro_jigsaw.csv" > "$OUT/micro_jigsaw.log" 2>&1 &
$Z --threads 1 --store "$OUT/micro_autoencoder.db" score bench/transnas/transnas_micro_lswag.zc --task autoencoder -d imagenet -b 8 \
  --archs bench/transnas/sample_micro_300.txt -p $P -o "$OUT/micro_autoencoder.csv" > "$OUT/micro_autoencoder.log" 2>&1 &
wait
