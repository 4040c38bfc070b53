#!/usr/bin/env python3
"""TransNAS-Bench-101 ground truth and a fixed sample, as zcnas's canonical strings.

Reads NAS-Bench-Suite-Zero's TransNAS tables (data/naslib_zc/zc_transbench101_{micro,macro}.json:
each task's networks with their validation metric) and writes, for each of micro and macro,
  truth_<space>.csv   arch (zcnas canonical string), one column per task (Suite-Zero's val_accuracy)
  sample_<space>_<n>.txt  n networks that have every task's truth, drawn with random.Random(seed)
so that `zcnas score --archs` and `zcnas evaluate --truth` join on the same strings.
Usage: make_truth.py DATA_DIR OUT_DIR [n=300] [seed=0]
"""
import csv
import json
import random
import sys


def micro_arch(key):
    d = [int(c) for c in key if c.isdigit()]
    return f"64-41414-{d[0]}_{d[1]}{d[2]}_{d[3]}{d[4]}{d[5]}"


def macro_arch(key):
    codes = [int(c) for c in key if c.isdigit() and c != "0"]
    return f"blocks={len(codes)};" + ";".join(f"block[{i}]={c}" for i, c in enumerate(codes))


def main():
    data, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    for space, to_arch in (("micro", micro_arch), ("macro", macro_arch)):
        with open(f"{data}/naslib_zc/zc_transbench101_{space}.json") as f:
            table = json.load(f)
        tasks = sorted(table)
        truth = {}
        for task in tasks:
            for key, row in table[task].items():
                truth.setdefault(to_arch(key), {})[task] = row["val_accuracy"]
        with open(f"{out}/truth_{space}.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["arch"] + tasks)
            for arch in sorted(truth):
                w.writerow([arch] + [truth[arch].get(t, "") for t in tasks])
        complete = sorted(a for a, t in truth.items() if all(task in t for task in tasks))
        random.Random(seed).shuffle(complete)
        with open(f"{out}/sample_{space}_{n}.txt", "w") as f:
            f.write("\n".join(complete[:n]) + "\n")
        print(f"{space}: {len(truth)} networks, {len(complete)} with all {len(tasks)} tasks; sample of {min(n, len(complete))}")


if __name__ == "__main__":
    main()
