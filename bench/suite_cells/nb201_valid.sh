#!/bin/bash
# NB201 against validation accuracy on CIFAR-100 and ImageNet16-120: data/ has those only for
# Suite-Zero's ~725 cells, so they are scored here (the L-SWAG protocol of bench/results/lswag.md:
# seed 0, 2 batches of 64, ImageNet16-120 at 16 x 16, one thread), then judged against both the
# validation accuracy (the paper's truth) and NB201's 200-epoch test accuracy of the same cells.
#   bench/suite_cells/nb201_valid.sh ZCNAS [score|evaluate]
set -euo pipefail
Z=${1:-build/zcnas}; STEP=${2:-all}; OUT=bench/results/suite_cells
P=lswag_all,zico,zico_abs,abl_no_mean,swap,nwot,jacov,snip,grad_norm,fisher,synflow,params,flops,l2_norm,meco
for task in cifar100 ImageNet16-120; do
  ds=$(echo $task | tr A-Z a-z); extra=(); [ $ds = imagenet16-120 ] && extra=(--input-size 16)
  if [ $STEP != evaluate ]; then
    "$Z" score bench/lswag/nb201_lswag.zc -p $P --archs $OUT/nasbench201_${task}_cells.txt -d $ds "${extra[@]}" \
      --seed 0 --threads 1 --store $OUT/nasbench201_$ds.db -o $OUT/nasbench201_${ds}_scores.csv
  fi
  if [ $STEP != score ]; then
    "$Z" -q evaluate --scores $OUT/nasbench201_${ds}_scores.csv --truth $OUT/nasbench201_${task}_truth.csv \
      --truth-key arch --truth-column val_accuracy --name "NB201 $ds, Suite-Zero's cells, validation accuracy" \
      --json $OUT/eval_nb201_${ds}_valid.json -o $OUT/eval_nb201_${ds}_valid.md
    "$Z" -q evaluate --scores $OUT/nasbench201_${ds}_scores.csv --truth data/nb201/nb201_200ep_acc.csv \
      --truth-column $ds-test --name "NB201 $ds, Suite-Zero's cells, test accuracy" \
      --json $OUT/eval_nb201_${ds}_test.json -o $OUT/eval_nb201_${ds}_test.md
  fi
done
