#!/bin/bash
# Spearman rho of every proxy scored by run_tasks.sh against NAS-Bench-Suite-Zero's validation
# metric of the same task (bench/transnas/truth_micro.csv, from make_truth.py): SSIM for the
# autoencoder, accuracy for the jigsaw. Usage: bench/transnas/evaluate_tasks.sh [ZCNAS] [DIR]
set -euo pipefail
Z=${1:-build/zcnas}
DIR=${2:-bench/results/transnas}
for task in jigsaw autoencoder; do
  $Z evaluate --scores "$DIR/micro_$task.csv" --truth bench/transnas/truth_micro.csv --truth-key arch \
    --truth-column "$task" --name "TNB-micro $task (zcnas scores)" --json "$DIR/eval_micro_$task.json" \
    -o "$DIR/eval_micro_$task.md"
  # LIBRA over the paper's pool (no ablation variants), fitted on 100 labelled networks, 5 split seeds.
  $Z evaluate --scores "$DIR/micro_$task.csv" --truth bench/transnas/truth_micro.csv --truth-key arch \
    --truth-column "$task" --name "TNB-micro $task LIBRA (zcnas scores)" \
    -p lswag_all,zico,swap,nwot,snip,grad_norm,jacov,params,flops -c libra,log_rank,single_best \
    --labelled 100 --seeds 0 1 2 3 4 --json "$DIR/libra_micro_$task.json" -o "$DIR/libra_micro_$task.md"
done
