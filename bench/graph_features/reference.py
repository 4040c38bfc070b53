#!/usr/bin/python3
"""GRAF's own NAS-Bench-201 graph features, from a checkout of gabikadlecova/zc_combine
(MIT; commit 5a14948 read), for cells given as NAS-Bench-201 strings on stdin. Writes a CSV
with zcnas's feature names (core/frontend/spec/graph_features.hpp) so that the two can be
compared column by column. Needs /usr/bin/python3 with networkx and numpy (Debian:
python3-networkx python3-numpy); imports base.py and nasbench201.py directly (the package's
__init__ pulls in NASLib).

  git -C <zc_combine mirror> archive HEAD zc_combine/features zc_combine/configs | tar -x -C /tmp/graf
  /usr/bin/python3 bench/graph_features/reference.py /tmp/graf < cells.txt > reference.csv
"""
import csv
import importlib.util
import json
import sys
import types

root = sys.argv[1]


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


for pkg in ("zc_combine", "zc_combine.features"):
    sys.modules[pkg] = types.ModuleType(pkg)
load("zc_combine.features.base", f"{root}/zc_combine/features/base.py")
nb201 = load("zc_combine.features.nasbench201", f"{root}/zc_combine/features/nasbench201.py")
config = json.load(open(f"{root}/zc_combine/configs/nb201_full.json"))

# zc_combine/fixes/operations.py get_ops_edges_nb201: op indices and the edge of each digit.
OPS = ['skip_connect', 'none', 'nor_conv_3x3', 'nor_conv_1x1', 'avg_pool_3x3']
EDGES = ((1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4))
# zcnas's op order (spaces/nasbench201.zc) names the subsets.
OURS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']


def graph_of(cell):
    nodes = [[t.split('~')[0] for t in part.strip('|').split('|')] for part in cell.split('+')]
    ops = {(i + 1, j + 1): nodes[j - 1][i] for j in range(1, 4) for i in range(j)}
    return {i: o for i, o in enumerate(OPS)}, {e: OPS.index(ops[e]) for e in EDGES}


def set_name(indices):
    names = {OPS[i] for i in indices}
    out = '+'.join(o for o in OURS if o in names)
    return out or '-'


def features(cell):
    net = graph_of(cell)
    out = {}
    for cfg in config:
        func = nb201.feature_func_dict[cfg['name']]
        if 'kwargs' not in cfg:
            for op, n in func(net).items():
                out[f"graph:op_count:{OPS[op]}"] = n
            continue
        (key, settings), = cfg['kwargs'].items()
        word = 'banned' if key == 'banned' else 'allowed'
        for s in settings:
            v = func(net, **{key: s})
            name = f"graph:{cfg['name']}:{word}={set_name(s)}"
            if isinstance(v, dict):
                for k, x in v.items():
                    out[f"{name}:{k}"] = x
            else:
                out[name] = v
    return out


cells = [line.strip() for line in sys.stdin if line.strip()]
rows = [features(c) for c in cells]
names = sorted(rows[0])
writer = csv.writer(sys.stdout, lineterminator="\n")
writer.writerow(['arch'] + names)
for cell, row in zip(cells, rows):
    writer.writerow([cell] + [f"{float(row[n]):g}" for n in names])
