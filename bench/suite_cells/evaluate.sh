#!/bin/bash
# zcnas's own scores (run.sh) and Suite-Zero's shipped scores of the same cells, against
# Suite-Zero's validation accuracy: every proxy's rho, and LIBRA / log_rank / single_best fitted
# on 100 labelled cells (5 split seeds) and in-sample. Only cells with every proxy scored count.
#   bench/suite_cells/evaluate.sh [ZCNAS]
set -euo pipefail
Z=${1:-build/zcnas}; OUT=bench/results/suite_cells
POOL=lswag,zico,swap,nwot,jacov,snip,grad_norm,fisher,synflow,params,flops,l2_norm,meco
# MeCo is not in the paper's pool (method.md): LIBRA is also fitted without it, the comparable row.
PAPER_POOL=${POOL%,meco}
# judge SCORES NAME PROXIES OUT: every proxy's rho and the three combiners, against the validation accuracy.
judge() {
  $Z evaluate --scores "$1" --truth $OUT/${bench}_cifar10_truth.csv --truth-key arch --truth-column val_accuracy \
    --name "$2" -p ${3//,/ } -c libra,log_rank,single_best --labelled 100 --seeds 0 1 2 3 4 \
    --json "$OUT/$4.json" -o "$OUT/$4.md"
}
for bench in nasbench101 nasbench301; do
  name=NB101; [ $bench = nasbench301 ] && name=NB301
  python3 - "$OUT/${bench}_cifar10_scores.csv" "$OUT/${bench}_cifar10_suite_scores.csv" "$OUT" "$bench" "$POOL" <<'PY'
import csv, collections, sys
ours, suite, out, bench, pool = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5].split(",")
rows = list(csv.DictReader(open(ours)))
have = collections.defaultdict(set)
for r in rows:
    have[r["arch"]].add(r["proxy"])
done = {a for a, p in have.items() if set(pool) <= p}
if len(done) != len(have):
    sys.exit(f"{ours}: {len(have) - len(done)} cells lack a proxy of the pool; finish the run (run.sh resumes)")
with open(suite) as f, open(f"{out}/{bench}_cifar10_suite_scores_scored_cells.csv", "w", newline="") as g:
    rd = csv.reader(f); w = csv.writer(g); w.writerow(next(rd))
    w.writerows(r for r in rd if r[0] in done)
print(f"{ours}: {len(done)} cells with all {len(pool)} proxies")
PY
  suite_pool=$(head -1 $OUT/${bench}_cifar10_suite_scores.csv | cut -d, -f2- | tr -d '\r')
  judge $OUT/${bench}_cifar10_scores.csv "$name CIFAR-10 (zcnas scores)" $POOL eval_${bench}
  judge $OUT/${bench}_cifar10_scores.csv "$name CIFAR-10 (zcnas scores, the paper's pool: no MeCo)" $PAPER_POOL \
    eval_${bench}_paper_pool
  judge $OUT/${bench}_cifar10_suite_scores_scored_cells.csv "$name CIFAR-10 (Suite-Zero's scores, same cells)" \
    "$suite_pool" eval_${bench}_suite
done
