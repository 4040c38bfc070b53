#!/bin/bash
# Spearman rho of every proxy scored by run_tasks.sh against NAS-Bench-Suite-Zero's validation
# metric of the same task (bench/transnas/truth_{micro,macro}.csv, from make_truth.py): SSIM for
# the autoencoder, accuracy for the jigsaw.
# Usage: bench/transnas/evaluate_tasks.sh [ZCNAS] [SPACE=micro|macro] [DIR=bench/results/transnas]
set -euo pipefail
Z=${1:-build/zcnas}
SPACE=${2:-micro}
DIR=${3:-bench/results/transnas}
for task in jigsaw autoencoder; do
  $Z evaluate --scores "$DIR/${SPACE}_$task.csv" --truth bench/transnas/truth_$SPACE.csv --truth-key arch \
    --truth-column "$task" --name "TNB-$SPACE $task (zcnas scores)" --json "$DIR/eval_${SPACE}_$task.json" \
    -o "$DIR/eval_${SPACE}_$task.md"
  # LIBRA over the paper's pool (no ablation variants), fitted on 100 labelled networks, 5 split seeds.
  $Z evaluate --scores "$DIR/${SPACE}_$task.csv" --truth bench/transnas/truth_$SPACE.csv --truth-key arch \
    --truth-column "$task" --name "TNB-$SPACE $task LIBRA (zcnas scores)" \
    -p lswag_all,zico,swap,nwot,snip,grad_norm,jacov,params,flops -c libra,log_rank,single_best \
    --labelled 100 --seeds 0 1 2 3 4 --json "$DIR/libra_${SPACE}_$task.json" -o "$DIR/libra_${SPACE}_$task.md"
done
