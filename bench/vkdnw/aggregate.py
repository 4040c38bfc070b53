#!/usr/bin/env python3
"""VKDNW's two rankings on the 1,000-cell NB201 sample, from zcnas's stored scores.

VKDNW (Tybl & Neumann, CVPR 2025) ranks by size first and Fisher entropy second:
VKDNW_single = aleph + entropy, aleph the number of trainable parameter tensors
(`info['vkdnw_dim']` in ondratybl/VKDNW ImageNet_MBV2/ZeroShotProxy/compute_vkdnw_score.py
@ 6901b65).  In an NB201 network every conv op adds 3 tensors (conv, BN weight, BN bias) in
each of its 15 cells, so aleph = const + 45 * (conv ops) and, since entropy < ln 9, the sum is
lexicographic.  VKDNW_agg sums the log-ranks of VKDNW_single, jacov, AZ-NAS's expressivity and
trainability, and FLOPs, the way their search code fuses (evolution_search_vkdnw.py: log of
rank / n).  Their NB201 notebook is not published; this is the paper's description.

  /usr/bin/python3 bench/vkdnw/aggregate.py   (writes nothing; prints the table)
"""
import collections
import os
import sys
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.score_files import read_scores, read_truth  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
SCORES = ["bench/results/vkdnw/nb201_cifar10.csv", "bench/results/aznas/nb201_cifar10.csv",
          "bench/results/lswag/nb201_cifar10.csv"]
TRUTH = "data/nb201/nb201_200ep_acc.csv"
FUSED = ["az_expressivity", "az_trainability", "jacov", "flops"]


def load_scores():
    """{arch: {proxy: score}}"""
    scores = collections.defaultdict(dict)
    for proxy, by_arch in read_scores(*(os.path.join(ROOT, name) for name in SCORES)).items():
        for arch, value in by_arch.items():
            scores[arch][proxy] = value
    return scores


def log_rank(values):
    return np.log(stats.rankdata(values) / len(values))


def main():
    scores = load_scores()
    print("| ranking | truth | cells | Spearman | Kendall |")
    print("|---|---|---|---|---|")
    for column in ["cifar10-valid", "cifar10-test"]:
        truth = read_truth(os.path.join(ROOT, TRUTH), column)
        archs = [a for a in scores if "vkdnw" in scores[a] and a in truth]
        y = np.array([truth[a] for a in archs])
        single = np.array([45 * a.count("conv") + scores[a]["vkdnw"] for a in archs])
        full = [i for i, a in enumerate(archs) if all(k in scores[a] for k in FUSED)]
        fused = log_rank(single[full]) + sum(
            log_rank([scores[archs[i]][k] for i in full]) for k in FUSED)
        for name, x, t in [("entropy (zcnas `vkdnw`)", [scores[a]["vkdnw"] for a in archs], y),
                           ("VKDNW_single", single, y), ("VKDNW_agg", fused, y[full])]:
            print(f"| {name} | {column} | {len(x)} | {stats.spearmanr(x, t).correlation:.3f} "
                  f"| {stats.kendalltau(x, t).correlation:.3f} |")


if __name__ == "__main__":
    main()
