#!/usr/bin/python3
"""zcnas's az_* scores against AZ-NAS's own code (bench/aznas/reference.py) on the same cells.

Different random draws, so single values differ; what must agree is the ranking: per proxy, the
Spearman rho between the two over the common cells, how many cells each scores -inf, and each
one's Spearman with the truth on those cells; then AZ-NAS's fusion (sum of log(rank / N) of the
three and the FLOPs, zcnas's az_complexity for both) with the truth.

  python3 bench/aznas/compare.py bench/results/aznas/nb201_cifar10.csv bench/results/aznas/reference_cifar10.csv \
      --truth data/nb201/nb201_200ep_acc.csv --column cifar10-test
"""
import argparse
import math
import sys
from pathlib import Path

import numpy as np
from scipy.stats import kendalltau, rankdata, spearmanr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.score_files import read_scores, read_truth  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("zcnas")
    ap.add_argument("reference")
    ap.add_argument("--truth", required=True)
    ap.add_argument("--column", required=True)
    a = ap.parse_args()
    ours, theirs = read_scores(a.zcnas), read_scores(a.reference)
    truth = read_truth(a.truth, a.column)
    print("| proxy | cells | rho(zcnas, AZ-NAS code) | -inf zcnas / AZ-NAS | rho with truth: zcnas | AZ-NAS code |")
    print("|---|---|---|---|---|---|")
    for proxy in sorted(theirs):
        cells = [c for c in theirs[proxy] if c in ours.get(proxy, {}) and c in truth]
        x = [ours[proxy][c] for c in cells]
        y = [theirs[proxy][c] for c in cells]
        t = [truth[c] for c in cells]
        # -inf ranks lowest; spearmanr ranks it so (it sorts), NaN would not.
        both = spearmanr(x, y).correlation
        print(f"| {proxy} | {len(cells)} | {both:.3f} | {sum(map(math.isinf, x))} / {sum(map(math.isinf, y))} | "
              f"{spearmanr(x, t).correlation:.3f} | {spearmanr(y, t).correlation:.3f} |")
    cells = [c for c in theirs["az_expressivity"]
             if c in truth and all(c in ours.get(p, {}) for p in list(theirs) + ["az_complexity"])]
    t = [truth[c] for c in cells]
    print()
    print("| AZ-NAS fused (log-rank of 4) | cells | Spearman | Kendall |")
    print("|---|---|---|---|")
    for name, source in (("zcnas", ours), ("AZ-NAS code", theirs)):
        fused = np.log(rankdata([ours["az_complexity"][c] for c in cells]) / len(cells))
        for proxy in theirs:
            fused = fused + np.log(rankdata([source[proxy][c] for c in cells]) / len(cells))
        print(f"| {name} | {len(cells)} | {spearmanr(fused, t).correlation:.3f} | {kendalltau(fused, t).correlation:.3f} |")


if __name__ == "__main__":
    main()
