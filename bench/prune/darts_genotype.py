#!/usr/bin/env python3
"""A DARTS-space search's result (best.json) in DARTS's genotype notation
(quark0/darts cnn/genotypes.py: Genotype(normal=[(op, input), ...], normal_concat=[2, 3, 4, 5],
reduce=..., reduce_concat=[2, 3, 4, 5]); inputs 0 and 1 are the cell's two inputs, 2.. its nodes,
two pairs per node), with its size at DARTS's CIFAR-10 evaluation setting (36 channels,
20 cells, affine op BatchNorm, no auxiliary head: bench/prune/darts_eval.zc) from `zcnas arch show`,
and the search's wall time from its rounds.csv (or the rounds.csv.gz it is committed as).

    /usr/bin/python3 bench/prune/darts_genotype.py bench/results/prune/darts_cifar10_seed0 [zcnas]
"""
import csv
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path


def genotype(arch):
    pairs = {"normal": {}, "reduce": {}}
    for cell, kind, node, slot, value in re.findall(r"(normal|reduce)\.(in|op)\((\d),(\d)\)=([a-z0-9_]+)", arch):
        pairs[cell].setdefault((int(node), int(slot)), {})[kind] = value
    out = {}
    for cell, slots in pairs.items():
        if len(slots) != 8:
            raise SystemExit(f"{cell}: {len(slots)} slots in '{arch}', expected 8")
        out[cell] = [(slots[k]["op"], int(slots[k]["in"])) for k in sorted(slots)]
    return (f"Genotype(normal={out['normal']}, normal_concat=[2, 3, 4, 5], "
            f"reduce={out['reduce']}, reduce_concat=[2, 3, 4, 5])")


def main(run, zcnas):
    run = Path(run)
    best = json.loads((run / "best.json").read_text())
    arch = best["arch"]
    root = Path(__file__).resolve().parent
    shown = json.loads(subprocess.run([zcnas, "arch", "show", str(root / "darts_eval.zc"), arch, "--json"],
                                      check=True, capture_output=True, text=True).stdout)
    plain = run / "rounds.csv"
    with (open(plain) if plain.exists() else gzip.open(run / "rounds.csv.gz", "rt")) as f:
        rows = list(csv.DictReader(f))
    # A resumed search restarts its clock: the wall time is the sum of each run's last elapsed.
    wall, last = 0.0, 0.0
    for r in rows:
        elapsed = float(r["elapsed_s"])
        if elapsed < last:
            wall += last
        last = elapsed
    wall += last
    seconds = sum(float(r["seconds"]) for r in rows)
    print(f"arch: {arch}")
    print(genotype(arch))
    print(f"params at 36 channels, 20 cells (DARTS's evaluation, no auxiliary head): {shown['params'] / 1e6:.3f} M "
          f"({shown['params']}); FLOPs {shown['flops'] / 1e6:.0f} M")
    print(f"supernets scored: {len(rows)} in {max(int(r['round']) for r in rows)} rounds; "
          f"wall time {wall / 60:.1f} min (summed over resumed runs), "
          f"{seconds / 60:.1f} min of supernet scoring")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "build/zcnas")
