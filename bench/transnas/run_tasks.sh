#!/bin/bash
# TransNAS-Bench-101 micro or macro on the autoencoder and jigsaw tasks: the L-SWAG ablation and
# the pool on the fixed sample of 300 networks of that space (make_truth.py), one thread each,
# both tasks at once on a 2-core machine. Resumable: rerun and the run store answers what is done.
# Usage: bench/transnas/run_tasks.sh ZCNAS [SPACE=micro|macro] [OUT=bench/results/transnas]
set -euo pipefail
Z=${1:-build/zcnas}
SPACE=${2:-micro}
OUT=${3:-bench/results/transnas}
case $SPACE in micro|macro) ;; *) echo "run_tasks.sh: space must be micro or macro, not '$SPACE'" >&2; exit 2 ;; esac
P=lswag_all,lswag_w0_1,lswag_w5_9,zico_abs,abl_no_mean,abl_no_mean_psi,zico,swap,nwot,snip,grad_norm,jacov,params,flops
mkdir -p "$OUT"
# The autoencoder at batch 8, not the paper's 32 (32 would take about 4 h for the micro 300
# here), and with --proxy-layers conv-linear: the per-layer proxies skip the decoder's transposed
# convolutions, as ZiCo's, L-SWAG's and zero-cost-nas's code do. (The ${SPACE}_autoencoder.csv
# files without the suffix are the earlier runs over every layer: micro 300, macro 104 networks.)
for task in jigsaw:32: autoencoder:8:conv-linear; do
  IFS=: read -r name batch layers <<< "$task"
  file=${SPACE}_$name${layers:+_${layers//-/_}}
  $Z --threads 1 ${layers:+--proxy-layers $layers} --store "$OUT/$file.db" score bench/transnas/transnas_${SPACE}_lswag.zc \
    --task $name -d imagenet -b $batch --archs bench/transnas/sample_${SPACE}_300.txt -p $P -o "$OUT/$file.csv" \
    > "$OUT/$file.log" 2>&1 &
done
wait
