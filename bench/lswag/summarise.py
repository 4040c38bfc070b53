#!/usr/bin/env python3
"""Tables for bench/results/*.md from `zcnas evaluate --json` output (standard library only).

  python3 bench/lswag/summarise.py libra bench/results/libra/suite_zero.json
  python3 bench/lswag/summarise.py proxies bench/results/lswag/eval_cifar10.json [names...]
"""
import json
import sys

# LIBRA's Spearman rho in the paper's Table 1, by experiment name (examples/libra_suite/*.toml).
PAPER = {
    "NB201 CIFAR-10": 0.89, "NB201 CIFAR-100": 0.90, "NB201 ImageNet16-120": 0.87,
    "NB101 CIFAR-10": 0.77, "NB301 CIFAR-10": 0.74,
    "TNB-micro autoencoder": 0.45, "TNB-micro room_layout": 0.57, "TNB-micro class_object": 0.61,
    "TNB-micro class_scene": 0.79, "TNB-micro jigsaw": 0.60, "TNB-micro normal": 0.76,
    "TNB-micro segmentsemantic": 0.87,
    "TNB-macro autoencoder": 0.83, "TNB-macro room_layout": 0.64, "TNB-macro class_object": 0.92,
    "TNB-macro class_scene": 0.91, "TNB-macro jigsaw": 0.82, "TNB-macro normal": 0.85,
    "TNB-macro segmentsemantic": 0.83,
}


def fmt(v):
    return "n/a" if v is None else f"{v:.3f}"


def combiner(e, name, labelled):
    for c in e.get("combiners", []):
        if c["combiner"] == name and c["labelled"] == labelled:
            return c
    return None


def libra_table(doc):
    print("| benchmark | archs | paper LIBRA | libra in-sample | libra 100 labelled (held-out, mean +- sd, 5 seeds) "
          "| libra 200 labelled | log_rank 200 | single_best 200 | best single proxy (all archs) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for e in doc:
        li, l100, l200 = (combiner(e, "libra", n) for n in (0, 100, 200))
        lr, sb = combiner(e, "log_rank", 200), combiner(e, "single_best", 200)
        best = max(e["proxies"].items(), key=lambda kv: kv[1]["spearman"] if kv[1]["spearman"] is not None else -2)
        cell = lambda c: "n/a" if c is None else f"{fmt(c['mean_spearman'])} +- {fmt(c['sd_spearman'])}"
        print(f"| {e['experiment']} | {e['rows']} | {PAPER.get(e['experiment'], 'n/a')} | {fmt(li and li['mean_spearman'])} "
              f"| {cell(l100)} | {cell(l200)} | {cell(lr)} | {cell(sb)} | {best[0]} {fmt(best[1]['spearman'])} |")


def proxies_table(doc, names):
    for e in doc:
        print(f"{e['experiment']}: {e['rows']} architectures\n")
        print("| proxy | Spearman rho [95% CI] | Kendall tau | n |")
        print("|---|---|---|---|")
        for name in names or sorted(e["proxies"], key=lambda p: -(e["proxies"][p]["spearman"] or -2)):
            p = e["proxies"].get(name)
            if p is None:
                continue
            ci = p["spearman_ci"]
            print(f"| {name} | {fmt(p['spearman'])} [{fmt(ci[0])}, {fmt(ci[1])}] | {fmt(p['kendall'])} | {p['n']} |")
        print()


if __name__ == "__main__":
    mode, path, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    doc = json.load(open(path))
    libra_table(doc) if mode == "libra" else proxies_table(doc, names)
