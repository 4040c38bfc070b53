#!/usr/bin/python3
"""zcnas's vkdnw against VKDNW's own code (bench/vkdnw/reference.py) on the same cells: the Spearman
rho between the two, and each one's Spearman and Kendall with the truth on those cells (different
random draws, so single values differ; the rankings must agree). Then zcnas's own on every cell
it scored.

  python3 bench/vkdnw/compare.py bench/results/vkdnw/nb201_cifar10.csv bench/results/vkdnw/reference_gaussian.csv \\
      --truth data/nb201/nb201_200ep_acc.csv --column cifar10-test
"""
import argparse
import sys
from pathlib import Path

from scipy.stats import kendalltau, spearmanr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.score_files import read_scores, read_truth  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ours")
    ap.add_argument("theirs")
    ap.add_argument("--truth", required=True)
    ap.add_argument("--column", default="cifar10-test")
    a = ap.parse_args()
    truth = read_truth(a.truth, a.column)
    ours, theirs = read_scores(a.ours).get("vkdnw", {}), read_scores(a.theirs).get("vkdnw", {})
    common = [c for c in theirs if c in ours and c in truth]
    o = [ours[c] for c in common]
    t = [theirs[c] for c in common]
    y = [truth[c] for c in common]
    print(f"| cells | rho(zcnas, VKDNW code) | rho(zcnas, truth) | rho(VKDNW code, truth) | tau(zcnas, truth) | tau(VKDNW code, truth) |")
    print("|---|---|---|---|---|---|")
    print(f"| {len(common)} | {spearmanr(o, t)[0]:.3f} | {spearmanr(o, y)[0]:.3f} | {spearmanr(t, y)[0]:.3f} | "
          f"{kendalltau(o, y)[0]:.3f} | {kendalltau(t, y)[0]:.3f} |")
    every = [c for c in ours if c in truth]
    print(f"\nzcnas vkdnw on all {len(every)} scored cells: Spearman "
          f"{spearmanr([ours[c] for c in every], [truth[c] for c in every])[0]:.3f}, Kendall "
          f"{kendalltau([ours[c] for c in every], [truth[c] for c in every])[0]:.3f}")


if __name__ == "__main__":
    main()
