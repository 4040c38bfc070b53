#!/bin/bash
# Spearman rho of every proxy scored by run_tasks.sh against NAS-Bench-Suite-Zero's validation
# metric of the same task (bench/transnas/truth_{micro,macro}.csv, from make_truth.py): SSIM for
# the autoencoder, accuracy for the jigsaw; LIBRA over the paper's pool; and Suite-Zero's own
# scores of exactly the networks scored (suite_scores.py), judged the same way.
# Usage: bench/transnas/evaluate_tasks.sh [ZCNAS] [SPACE=micro|macro] [DIR=bench/results/transnas]
set -euo pipefail
Z=${1:-build/zcnas}
SPACE=${2:-micro}
DIR=${3:-bench/results/transnas}
for file in jigsaw autoencoder autoencoder_conv_linear; do
  [ -f "$DIR/${SPACE}_$file.csv" ] || continue
  task=${file%_conv_linear}
  scores="$DIR/${SPACE}_$file.csv"
  $Z evaluate --scores "$scores" --truth bench/transnas/truth_$SPACE.csv --truth-key arch \
    --truth-column "$task" --name "TNB-$SPACE $file (zcnas scores)" --json "$DIR/eval_${SPACE}_$file.json" \
    -o "$DIR/eval_${SPACE}_$file.md"
  # LIBRA over the paper's pool (no ablation variants), fitted on 100 labelled networks, 5 split seeds.
  $Z evaluate --scores "$scores" --truth bench/transnas/truth_$SPACE.csv --truth-key arch \
    --truth-column "$task" --name "TNB-$SPACE $file LIBRA (zcnas scores)" \
    -p lswag_all,zico,swap,nwot,snip,grad_norm,jacov,params,flops -c libra,log_rank,single_best \
    --labelled 100 --seeds 0 1 2 3 4 --json "$DIR/libra_${SPACE}_$file.json" -o "$DIR/libra_${SPACE}_$file.md"
  python3 bench/transnas/suite_scores.py data "$SPACE" "$task" "$scores" "$DIR/${SPACE}_${file}_suite_scores.csv"
  $Z evaluate --scores "$DIR/${SPACE}_${file}_suite_scores.csv" --truth bench/transnas/truth_$SPACE.csv --truth-key arch \
    --truth-column "$task" --name "TNB-$SPACE $task (Suite-Zero's scores, the same networks)" \
    --json "$DIR/eval_${SPACE}_${file}_suite.json" -o "$DIR/eval_${SPACE}_${file}_suite.md"
  python3 bench/transnas/agreement.py "$scores" "$DIR/${SPACE}_${file}_suite_scores.csv" > "$DIR/agreement_${SPACE}_$file.md"
done
