#!/usr/bin/python3
"""AZ-NAS's own code as the oracle for zcnas's az_* proxies on NAS-Bench-201 cells.

Runs compute_az_nas_score.compute_nas_score from a checkout of cvlab-yonsei/AZ-NAS (GPL-3, not
vendored: pass its NB201 folder) on the cells of an architecture file, on the CPU, and writes
arch,proxy,score rows like `zcnas score`. The draws differ from zcnas's (another RNG), so the
comparison is of ranks over many cells (bench/aznas/compare.py), not of single values.

  python3 bench/aznas/reference.py --aznas /path/to/AZ-NAS/NB201 --archs bench/lswag/nb201_sample_1000.txt \
      -n 100 -o bench/results/aznas/reference_cifar10.csv
"""
import argparse
import csv
import os
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--aznas", required=True, help="the NB201 folder of an AZ-NAS checkout")
    ap.add_argument("--archs", required=True, help="NB201 cell strings, one per line")
    ap.add_argument("-n", type=int, default=100, help="score the first N cells")
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--resolution", type=int, default=32)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--seed", type=int, default=1, help="AZ-NAS's notebook seeds with 1")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("-o", "--out", required=True)
    a = ap.parse_args()

    sys.path.insert(0, os.path.abspath(a.aznas))
    import torch
    torch.nn.Module.cuda = lambda self, *args, **kwargs: self  # their scorer calls model.cuda()
    torch.set_num_threads(a.threads)
    from custom.tss_model import TinyNetwork
    from xautodl.models.cell_searchs.genotypes import Structure
    from ZeroShotProxy import compute_az_nas_score

    torch.manual_seed(a.seed)
    cells = [line.strip() for line in open(a.archs) if line.strip()][: a.n]
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["arch", "proxy", "score", "seconds"])
        for cell in cells:
            net = TinyNetwork(16, 5, Structure.str2structure(cell), a.classes)
            start = time.perf_counter()
            info = compute_az_nas_score.compute_nas_score(net, gpu=None, trainloader=None, resolution=a.resolution,
                                                          batch_size=a.batch)
            seconds = time.perf_counter() - start
            for k in ("expressivity", "progressivity", "trainability"):
                w.writerow([cell, "az_" + k, repr(info[k]), f"{seconds:.4f}"])
            f.flush()


if __name__ == "__main__":
    main()
