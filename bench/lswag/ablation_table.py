#!/usr/bin/env python3
"""The L-SWAG ablation and window sweep as one table over datasets, from `zcnas evaluate --json`.

  python3 bench/lswag/ablation_table.py bench/results/lswag/eval_cifar10.json \
      bench/results/lswag/eval_cifar100.json bench/results/lswag/eval_imagenet16-120.json
"""
import json
import sys

ROWS = [
    ("zico", "ZiCo: mean_b abs(g) / std_b(g), every layer, no Psi (the plain ZiCo row)"),
    ("zico_abs", "ZiCo with std of abs(g) (L-SWAG's variance)"),
    ("abl_no_mean", "+ mean dropped: 1 / std(abs(g)), every layer"),
    ("abl_no_mean_window", "+ mean dropped + window [0, 1] (the stem bins)"),
    ("abl_no_mean_psi", "+ mean dropped + Psi, every layer"),
    ("lswag_all", "L-SWAG, window [0, 9] (what `zcnas lswag-window` proposes for NB201)"),
    ("lswag_w0_1", "L-SWAG, window [0, 1]"),
    ("lswag_w0_2", "L-SWAG, window [0, 2]"),
    ("lswag_w0_4", "L-SWAG, window [0, 4]"),
    ("lswag_w2_7", "L-SWAG, window [2, 7]"),
    ("lswag_w5_9", "L-SWAG, window [5, 9]"),
    ("lswag_w8_9", "L-SWAG, window [8, 9]"),
    ("lswag_signed", "L-SWAG with var(g), window [0, 1]"),
    ("swap", "SWAP (Psi over every layer, no Lambda)"),
]

docs = [json.load(open(p))[0] for p in sys.argv[1:]]
print("| variant | " + " | ".join(f"{d['experiment']} (n)" for d in docs) + " |")
print("|---|" + "---|" * len(docs))
for name, what in ROWS:
    cells = []
    for d in docs:
        p = d["proxies"].get(name)
        cells.append("not run" if p is None else
                     f"{p['spearman']:.3f} [{p['spearman_ci'][0]:.3f}, {p['spearman_ci'][1]:.3f}] ({p['n']})")
    print(f"| `{name}`: {what} | " + " | ".join(cells) + " |")
