#!/usr/bin/env python3
"""NAS-Bench-Suite-Zero's own proxy scores of one TransNAS task, on the networks zcnas scored.

Writes a wide CSV (arch, then one column per proxy Suite-Zero ships for that task) holding only
the networks that appear in SCORES (a `zcnas score` CSV), so that `zcnas evaluate` judges
Suite-Zero's scores and zcnas's on exactly the same networks.
Usage: suite_scores.py DATA_DIR micro|macro TASK SCORES OUT
"""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_truth import macro_arch, micro_arch  # noqa: E402  (the same key -> canonical string)


def main():
    data, space, task, scores, out = sys.argv[1:6]
    to_arch = {"micro": micro_arch, "macro": macro_arch}[space]
    with open(f"{data}/naslib_zc/zc_transbench101_{space}.json") as f:
        table = json.load(f)[task]
    with open(scores) as f:
        scored = {r["arch"] for r in csv.DictReader(f)}
    proxies = sorted(k for k, v in next(iter(table.values())).items() if isinstance(v, dict) and "score" in v)
    rows = [(to_arch(key), row) for key, row in table.items()]
    rows = [(a, r) for a, r in rows if a in scored]
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["arch"] + proxies)
        for arch, row in sorted(rows, key=lambda x: x[0]):
            w.writerow([arch] + [row[p]["score"] for p in proxies])
    print(f"{out}: {len(rows)} of {len(scored)} scored networks, {len(proxies)} Suite-Zero proxies")


if __name__ == "__main__":
    main()
