#!/usr/bin/env python3
"""Spearman rho of L-SWAG and ZiCo over the 5 seeds of bench/lswag/seeds.sh, mean +- sd.

Only cells scored by every proxy under every seed count (a run stopped mid-chunk leaves a few
cells with fewer seeds). Each seed's rho comes from `zcnas evaluate` (no bootstrap), against
NB201's 200-epoch CIFAR-10 test and validation accuracy.
usage: seeds_summary.py ZCNAS [DIR] > DIR/summary.md
"""
import collections, csv, json, os, statistics, subprocess, sys, tempfile

ZCNAS = sys.argv[1]
DIR = sys.argv[2] if len(sys.argv) > 2 else "bench/results/lswag/seeds"
SEEDS = [0, 1, 2, 3, 4]
PROXIES = ["lswag_all", "zico", "zico_abs", "abl_no_mean"]
TRUTH = "data/nb201/nb201_200ep_acc.csv"

rows = {s: list(csv.DictReader(open(os.path.join(DIR, f"seed{s}.csv")))) for s in SEEDS}
complete = None
for s in SEEDS:
    have = collections.defaultdict(set)
    for r in rows[s]:
        if r["status"] == "ok":
            have[r["arch"]].add(r["proxy"])
    cells = {a for a, p in have.items() if set(PROXIES) <= p}
    complete = cells if complete is None else complete & cells
rho = collections.defaultdict(list)  # (proxy, column) -> per seed
with tempfile.TemporaryDirectory() as tmp:
    for s in SEEDS:
        scores = os.path.join(tmp, f"seed{s}.csv")
        with open(scores, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[s][0].keys()))
            w.writeheader()
            w.writerows(r for r in rows[s] if r["arch"] in complete)
        for column in ("cifar10-test", "cifar10-valid"):
            out = os.path.join(tmp, f"seed{s}_{column}.json")
            subprocess.run([ZCNAS, "-q", "evaluate", "--scores", scores, "--truth", TRUTH, "--truth-column", column,
                            "-p", ",".join(PROXIES), "--bootstrap", "0", "--json", out, "-o", os.devnull], check=True)
            doc = json.load(open(out))[0]
            for p in PROXIES:
                rho[(p, column)].append(doc["proxies"][p]["spearman"])

print(f"# L-SWAG and ZiCo over 5 seeds, NB201 CIFAR-10, {len(complete)} cells of the 1,000-cell sample\n")
print("Seeds 0-4 (`--seed`: the network's initialisation and the two batches both follow it); "
      "Spearman rho per seed from `zcnas evaluate`, then mean +- sd over the 5 (sample sd).\n")
print("| proxy | rho vs test, mean +- sd | per seed (test) | rho vs validation, mean +- sd | per seed (valid) |")
print("|---|---|---|---|---|")
for p in PROXIES:
    cells = []
    for column in ("cifar10-test", "cifar10-valid"):
        v = rho[(p, column)]
        cells += [f"{statistics.mean(v):.3f} +- {statistics.stdev(v):.3f}", " / ".join(f"{x:.3f}" for x in v)]
    print(f"| `{p}` | " + " | ".join(cells) + " |")
