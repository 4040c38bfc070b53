#!/usr/bin/python3
"""VKDNW's own code as the oracle for zcnas's vkdnw proxy on NAS-Bench-201 cells.

Runs compute_vkdnw_score.compute_nas_score from a checkout of ondratybl/VKDNW (its NB201
folder; not vendored) on the cells of an architecture file, on the CPU, N(0, 1) inputs (their
trainloader = None), and writes arch,proxy,score rows like `zcnas score`. Debian's PyTorch 1.13
has functorch but not torch.func: the three functions they import from it are mapped onto
functorch's. Draws differ from zcnas's, so bench/aznas/compare.py compares ranks over cells.

  git -C <VKDNW mirror> archive HEAD NB201 | tar -x -C /tmp/vkdnw_ref
  /usr/bin/python3 bench/vkdnw/reference.py --vkdnw /tmp/vkdnw_ref/NB201 --archs bench/lswag/nb201_sample_1000.txt \\
      -n 100 -o bench/results/vkdnw/reference_gaussian.csv
"""
import argparse
import csv
import os
import sys
import time
import types


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vkdnw", required=True, help="the NB201 folder of a VKDNW checkout")
    ap.add_argument("--archs", required=True, help="NB201 cell strings, one per line")
    ap.add_argument("-n", type=int, default=100, help="score the first N cells")
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--resolution", type=int, default=32)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--per-tensor", type=int, default=1, help="their p")
    ap.add_argument("--tensors", type=int, default=128, help="their params_grad_len")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("-o", "--out", required=True)
    a = ap.parse_args()

    sys.path.insert(0, os.path.abspath(a.vkdnw))
    import torch
    import functorch
    from torch.nn.utils import stateless
    shim = types.ModuleType("torch.func")

    def functional_call(module, parameters_and_buffers, args):
        # torch 2.x takes a tuple of dicts (their call); 1.13 one dict.
        if isinstance(parameters_and_buffers, tuple):
            merged = {}
            for d in parameters_and_buffers:
                merged.update(d)
            parameters_and_buffers = merged
        return stateless.functional_call(module, parameters_and_buffers, args)

    shim.functional_call, shim.jacrev, shim.vmap = functional_call, functorch.jacrev, functorch.vmap
    sys.modules["torch.func"] = shim
    torch.nn.Module.cuda = lambda self, *args, **kwargs: self  # their scorer calls model.cuda()
    torch.set_num_threads(a.threads)
    from custom.tss_model import TinyNetwork
    from xautodl.models.cell_searchs.genotypes import Structure
    from ZeroShotProxy import compute_vkdnw_score

    torch.manual_seed(a.seed)
    cells = [line.strip() for line in open(a.archs) if line.strip()][: a.n]
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["arch", "proxy", "score", "seconds"])
        for cell in cells:
            net = TinyNetwork(16, 5, Structure.str2structure(cell), a.classes)
            start = time.perf_counter()
            info = compute_vkdnw_score.compute_nas_score(net, gpu=None, trainloader=None, resolution=a.resolution,
                                                         batch_size=a.batch, params_grad_len=a.tensors, p=a.per_tensor)
            w.writerow([cell, "vkdnw", repr(info["vkdnw_entropy"]), f"{time.perf_counter() - start:.4f}"])
            f.flush()


if __name__ == "__main__":
    main()
