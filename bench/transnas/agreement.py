#!/usr/bin/env python3
"""Rank agreement (Spearman, ties at their mean rank; scipy is not a dependency here) of zcnas's scores with NAS-Bench-Suite-Zero's, proxy by proxy, on
the networks both scored: where the two compute the same thing the same way, it is near 1.
Usage: agreement.py ZCNAS_SCORES.csv SUITE_SCORES.csv   (the second from suite_scores.py)
"""
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.score_files import read_scores  # noqa: E402


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2
        i = j + 1
    return r


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a)
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra)
    vb = sum((y - mb) ** 2 for y in rb)
    return cov / (va * vb) ** 0.5 if va and vb else float("nan")


def main():
    ours = read_scores(sys.argv[1])
    with open(sys.argv[2]) as f:
        suite = list(csv.DictReader(f))
    print("| proxy | networks | Spearman(zcnas, Suite-Zero) |")
    print("|---|---|---|")
    for proxy in suite[0] if suite else []:
        if proxy == "arch" or proxy not in ours:
            continue
        pairs = [(ours[proxy][r["arch"]], float(r[proxy])) for r in suite if r["arch"] in ours[proxy]]
        if len(pairs) > 2:
            print(f"| {proxy} | {len(pairs)} | {spearman([a for a, _ in pairs], [b for _, b in pairs]):.3f} |")


if __name__ == "__main__":
    main()
