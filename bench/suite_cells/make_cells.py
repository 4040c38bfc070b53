#!/usr/bin/env python3
"""NAS-Bench-Suite-Zero's cells as zcnas architecture strings, with their truth.

Suite-Zero (data/naslib_zc/zc_*.json) ships, per benchmark and task, a set of cells with
their validation accuracy. To judge zcnas's own scores on the same cells, this writes
  <out>/<bench>_<task>_cells.txt   each distinct network once, canonical, in the file's order
  <out>/<bench>_<task>_truth.csv   arch,val_accuracy,entries (the mean over the file's entries
                                   of that network: Suite-Zero lists some NB101 networks more
                                   than once, unpruned or not, with different runs' accuracies)
  <out>/<bench>_<task>_suite_scores.csv  arch and Suite-Zero's own score of each proxy it ships
                                   (mean over the entries), for a comparison on
                                   exactly the cells zcnas scored
The key encodings are the ones tests/net/nb101_fidelity_test.cpp and nb301_fidelity_test.cpp
check parameter counts with (every cell's params equal Suite-Zero's):
  NB101: 49 adjacency entries then 7 op codes (0 input, 1 output, 2 maxpool3x3, 3 conv1x1, 4 conv3x3)
  NB201: six op digits, NASLib's edge order (core/host/eval/score_import.hpp); the truth is the
         validation accuracy NB201 lacks for CIFAR-100 and ImageNet16-120 elsewhere in data/
  NB301: [[(input, op) x 8 normal], [(input, op) x 8 reduce]], ops in spaces/darts.zc order.
The strings go through `zcnas space canonical` (NB101 cells stored unpruned are pruned as
NAS-Bench-101 does), so they are the spelling `zcnas score` writes and the truth joins on it.

usage: make_cells.py ZCNAS DATA_DIR OUT_DIR
"""
import collections, csv, json, os, subprocess, sys

NB101_OPS = {2: "maxpool3x3", 3: "conv1x1-bn-relu", 4: "conv3x3-bn-relu"}
DARTS_OPS = ["max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3",
             "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"]


def nb101(key):
    v = [int(x) for x in key.strip("()").split(",")]
    edges = "".join(str(v[i * 7 + j]) for i in range(7) for j in range(i + 1, 7))
    ops = ";".join(f"op({k})={NB101_OPS[v[49 + k]]}" for k in range(1, 6))
    return f"op.edges={edges};{ops}"


def nb201(key):
    # NASLib's order: edges (1,2) (1,3) (1,4) (2,3) (2,4) (3,4); core/host/eval/score_import.hpp
    ops = ["skip_connect", "none", "nor_conv_3x3", "nor_conv_1x1", "avg_pool_3x3"]
    e = [ops[int(c)] for c in key if c.isdigit()]
    return f"|{e[0]}~0|+|{e[1]}~0|{e[3]}~1|+|{e[2]}~0|{e[4]}~1|{e[5]}~2|"


def nb301(key):
    v = [int(c) for c in key if c.isdigit()]
    parts = []
    for cell, name in enumerate(["normal", "reduce"]):
        for node in range(4):
            for slot in range(2):
                pair = cell * 8 + node * 2 + slot
                at = f"({node},{slot})"
                parts.append(f"{name}.in{at}={v[2 * pair]}")
                parts.append(f"{name}.op{at}={DARTS_OPS[v[2 * pair + 1]]}")
    return ";".join(parts)


SPACES = {"nasbench101": "spaces/nasbench101.zc", "nasbench201": "spaces/nasbench201.zc",
          "nasbench301": "spaces/darts.zc"}


def canonical(zcnas, space, archs):
    run = subprocess.run([zcnas, "space", "canonical", space, "-"], input="\n".join(archs) + "\n",
                         capture_output=True, text=True, check=True)
    out = run.stdout.splitlines()
    assert len(out) == len(archs), "zcnas space canonical must answer line for line"
    return out


def main(zcnas, data_dir, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for bench, fn in (("nasbench101", nb101), ("nasbench201", nb201), ("nasbench301", nb301)):
        doc = json.load(open(os.path.join(data_dir, f"zc_{bench}.json")))
        doc = doc.get(bench, doc)  # the NB101 file nests its tasks under the benchmark's name
        for task, cells in doc.items():
            archs = canonical(zcnas, SPACES[bench], [fn(k) for k in cells])
            accuracies = collections.OrderedDict()
            scores = collections.defaultdict(lambda: collections.defaultdict(list))
            for arch, value in zip(archs, cells.values()):
                accuracies.setdefault(arch, []).append(value["val_accuracy"])
                for proxy, entry in value.items():  # NB101: a number; NB301: {"score": ...}
                    score = entry["score"] if isinstance(entry, dict) else entry
                    if proxy not in ("val_accuracy", "idx") and isinstance(score, (int, float)):
                        scores[arch][proxy].append(score)
            proxies = sorted({p for per in scores.values() for p in per})
            stem = os.path.join(out_dir, f"{bench}_{task}")
            with open(stem + "_cells.txt", "w") as f:
                f.writelines(a + "\n" for a in accuracies)
            with open(stem + "_truth.csv", "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(["arch", "val_accuracy", "entries"])
                w.writerows((a, sum(v) / len(v), len(v)) for a, v in accuracies.items())
            with open(stem + "_suite_scores.csv", "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(["arch"] + proxies)
                for a in accuracies:
                    w.writerow([a] + [sum(scores[a][p]) / len(scores[a][p]) if scores[a][p] else "" for p in proxies])
            print(f"{stem}: {len(cells)} entries, {len(accuracies)} distinct networks")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
