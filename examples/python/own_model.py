"""Zero-cost proxies on a model of your own, then AZ-NAS's rank rule over 20 variants of it.

    PYTHONPATH=build/python python3 examples/python/own_model.py

The model is a plain torch.nn.Module written here, not a DSL space: zcnas finds its Conv2d,
Linear and ReLU submodules in forward order and runs the proxy plugins on real CIFAR-10
batches (the ones `zcnas score` draws for seed 0). About 20 s on 2 cores.
"""

import itertools
import time

import numpy as np
import torch
import torch.nn as nn

import zcnas


class Block(nn.Module):
    """ResNet's basic block: two 3x3 convolutions and a (projected where needed) shortcut."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
            nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.skip = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
                     if stride != 1 or cin != cout else nn.Identity())
        self.out = nn.ReLU()

    def forward(self, x):
        return self.out(self.body(x) + self.skip(x))


class SmallResNet(nn.Module):
    """Three stages of `depth` blocks at widths w, 2w, 4w."""

    def __init__(self, width=16, depth=1, classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU())
        blocks, cin = [], width
        for stage, w in enumerate([width, 2 * width, 4 * width]):
            for i in range(depth):
                blocks.append(Block(cin, w, 2 if stage > 0 and i == 0 else 1))
                cin = w
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes))

    def forward(self, x):
        return self.head(self.blocks(self.stem(x)))

    def block_names(self):
        return [f"blocks.{i}" for i in range(len(self.blocks))]


AZ_NAS = ["az_expressivity", "az_progressivity", "az_trainability", "az_complexity"]
PROXIES = AZ_NAS + ["synflow", "zico", "nwot"]


def main():
    torch.manual_seed(0)
    start = time.time()
    model = SmallResNet()
    scores = zcnas.score_module(model, proxies=PROXIES, blocks=model.block_names(), store="off")
    print(f"SmallResNet(width=16, depth=1): {scores.parameters:,} parameters, {len(scores.layers)} weighted layers, "
          f"{scores.activation_sites} activation sites")
    for name in PROXIES:
        status = scores.status[name]
        print(f"  {name:17s} {status.score:14.6g}" if status.ok else f"  {name:17s} failed: {status.error}")
    print(f"  on {scores.protocol['batches']} batch(es) of {scores.protocol['batch_size']} "
          f"{scores.protocol['dataset']['name']} images, seed {scores.protocol['seed']}")

    # 20 variants: widths x depths, each scored, then ranked by AZ-NAS's rule (the sum of the
    # log-ranks of its four proxies: the log_rank combiner), the others shown beside it.
    variants = list(itertools.product([8, 12, 16, 24, 32], [1, 2, 3, 4]))
    results = []
    for width, depth in variants:
        torch.manual_seed(0)
        m = SmallResNet(width, depth)
        results.append(zcnas.score_module(m, proxies=PROXIES, blocks=m.block_names(), store="off"))
    combined, explanation = zcnas.combine(results, "log_rank", proxies=AZ_NAS)
    order = np.argsort(-combined)
    print(f"\n20 variants ranked by {explanation}")
    print(f"{'rank':>4} {'width':>5} {'depth':>5} {'params':>10} {'AZ-NAS':>8} {'synflow':>9} {'zico':>8} {'nwot':>8}")
    for rank, i in enumerate(order, 1):
        (width, depth), s = variants[i], results[i]
        print(f"{rank:4d} {width:5d} {depth:5d} {s.parameters:10,d} {combined[i]:8.3f} {s['synflow']:9.2f} "
              f"{s['zico']:8.2f} {s['nwot']:8.2f}")
    print(f"\n{time.time() - start:.1f} s")


if __name__ == "__main__":
    main()
