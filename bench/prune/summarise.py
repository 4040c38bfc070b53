#!/usr/bin/env python3
"""TE-NAS's pruning search on NAS-Bench-201 as a markdown table: per dataset searched, the true
200-epoch test accuracy of the cell each network seed found on the three datasets (mean and
std over seeds, and each seed's cell), beside TE-NAS's paper, from the best.json files
bench/prune/run_nb201.sh writes.

    /usr/bin/python3 bench/prune/summarise.py [bench/results/prune] > bench/results/prune/summary.md
"""
import collections
import csv
import gzip
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.nb201_results import COLUMNS, OPTIMUM, fmt  # noqa: E402
# TE-NAS (ICLR 2021) Table 2, NAS-Bench-201, searched on each dataset: test accuracy, 4 seeds.
TENAS = {"cifar10": "93.9 ± 0.47", "cifar100": "71.24 ± 0.56", "imagenet16": "42.38 ± 0.46"}
TARGET = {"cifar10": "cifar10-test", "cifar100": "cifar100-test", "imagenet16": "imagenet16-120-test"}


def open_rounds(run):
    """A run's rounds.csv, or the rounds.csv.gz it is committed as (bench/results/prune/)."""
    plain = run / "rounds.csv"
    return open(plain) if plain.exists() else gzip.open(run / "rounds.csv.gz", "rt")


def main(root):
    runs = collections.defaultdict(list)
    for best in sorted(Path(root).glob("*_seed*/best.json")):
        dataset, seed = best.parent.name.rsplit("_seed", 1)
        d = json.loads(best.read_text())
        d["seed"] = int(seed)
        # scoring time from the journal: a resumed search restarts best.json's clock
        with open_rounds(best.parent) as f:
            d["scoring_s"] = sum(float(row["seconds"]) for row in csv.DictReader(f))
        runs[dataset].append(d)
    print("| searched on | seeds | CIFAR-10 | CIFAR-100 | ImageNet16-120 | on its own dataset: TE-NAS | supernets | scoring s |")
    print("|---|---|---|---|---|---|---|---|")
    for dataset in ["cifar10", "cifar100", "imagenet16"]:
        rs = sorted(runs.get(dataset, []), key=lambda r: r["seed"])
        if not rs:
            continue
        truth = {c: [r["truth"][c] for r in rs if r["truth"].get(c) is not None] for c in COLUMNS}
        cells = ["**" + fmt(truth[c]) + "**" if c == TARGET[dataset] else fmt(truth[c]) for c in COLUMNS]
        supernets = statistics.mean(r["search"]["supernets_scored"] for r in rs)
        seconds = statistics.mean(r["scoring_s"] for r in rs)
        print(f"| {dataset} | {len(rs)} | " + " | ".join(cells) + f" | {TENAS[dataset]} | {supernets:.0f} | {seconds:.0f} |")
    print("| optimum of the space | | " + " | ".join(f"{OPTIMUM[c]:.2f}" for c in COLUMNS) + " | | | |")
    print()
    print("| searched on | seed | cell found | CIFAR-10 | CIFAR-100 | ImageNet16-120 |")
    print("|---|---|---|---|---|---|")
    for dataset in ["cifar10", "cifar100", "imagenet16"]:
        for r in sorted(runs.get(dataset, []), key=lambda r: r["seed"]):
            t = r["truth"]
            cell = r["arch"].replace("|", "\\|")  # a pipe inside a table cell must be escaped
            print(f"| {dataset} | {r['seed']} | `{cell}` | " + " | ".join(f"{t[c]:.2f}" for c in COLUMNS) + " |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/results/prune")
