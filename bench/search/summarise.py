#!/usr/bin/env python3
"""The NAS-Bench-201 search study as a markdown table: per search (config and strategy), the
true test accuracy of the cell each seed found on CIFAR-10 / CIFAR-100 / ImageNet16-120
(mean and std over seeds), evaluations, fit cells and wall time, from the best.json files
bench/search/run_nb201.sh writes.

    python3 bench/search/summarise.py bench/results/search/nb201 > bench/results/search/nb201.md
"""
import json
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.nb201_results import COLUMNS, OPTIMUM, fmt  # noqa: E402


def short_fitness(text):
    """The fitness's first line, without what differs by seed but says nothing (xgboost's base score)."""
    first = text.split("\n")[0]
    first = re.sub(r", starting from the labels' mean [0-9.]+", "", first)
    return re.sub(r"\. Gain importance:\s*$", "", first)


def main(root):
    rows = []
    for folder in sorted(Path(root).iterdir()):
        runs = []
        for best in sorted(folder.glob("seed*/best.json")):
            d = json.loads(best.read_text())
            if not d["search"]["stopped"].startswith("evaluation budget spent"):
                continue
            runs.append(d)
        if not runs:
            continue
        truth = {c: [r["truth"][c] for r in runs if r.get("truth", {}).get(c) is not None] for c in COLUMNS}
        s = runs[0]["search"]
        target = [c for c in COLUMNS if c in runs[0].get("truth_optimum", {})][0]
        rows.append(
            {
                "search": folder.name,
                "strategy": s["strategy"],
                "fitness": s["fitness"].split("\n")[0],
                "target": target,
                "seeds": len(runs),
                "truth": truth,
                "evaluations": statistics.mean(r["search"]["evaluations"] for r in runs),
                "fit": statistics.mean(r["search"]["fit_labelled"] + r["search"].get("labelled_in_search", 0) for r in runs),
                "fitness_all": [short_fitness(r["search"]["fitness"]) for r in runs],
                "seconds": statistics.mean(r["search"]["seconds"] for r in runs),
                "regret": [OPTIMUM[target] - r["truth"][target] for r in runs],
                "within": sum(OPTIMUM[target] - r["truth"][target] <= 0.5 for r in runs),
            }
        )
    print("| search | strategy | searched for | seeds | CIFAR-10 | CIFAR-100 | ImageNet16-120 | regret on its target | "
          "within 0.5 | cells scored (+ labelled) | search s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['search']} | {r['strategy']} | {r['target']} | {r['seeds']} | "
              + " | ".join(fmt(r["truth"][c]) for c in COLUMNS)
              + f" | {fmt(r['regret'])} | {r['within']}/{r['seeds']} | {r['evaluations']:.0f} (+{r['fit']:.0f}) | {r['seconds']:.0f} |")
    print(f"| optimum of the space | | | | {OPTIMUM['cifar10-test']} | {OPTIMUM['cifar100-test']} | "
          f"{OPTIMUM['imagenet16-120-test']} | | | | |")
    print()
    for r in rows:
        counts = {}
        for f in r["fitness_all"]:
            counts[f] = counts.get(f, 0) + 1
        picks = "; ".join(f"{f} ({n} seed{'s' if n > 1 else ''})" for f, n in counts.items())
        print(f"- {r['search']}: fitness {picks}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/results/search/nb201")
