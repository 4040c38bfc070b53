#!/usr/bin/python3
"""GRAF's own graph features, from a checkout of gabikadlecova/zc_combine (MIT; commit 5a14948
read), for architectures given as zcnas canonical strings on stdin: NAS-Bench-201 cells
(default), NAS-Bench-101 cells (`nb101`) or DARTS genotypes (`darts`). Writes a CSV with zcnas's
feature names (core/frontend/spec/graph_features.hpp) so that the two can be compared column by
column. Needs /usr/bin/python3 with networkx and numpy (Debian: python3-networkx python3-numpy);
imports base.py, nasbench201.py, nasbench101.py and darts.py directly (the package's __init__
and conversions.py pull in NASLib, so the two small conversions it would run, nb101_to_graph
and darts_to_graph, are restated below from conversions.py).

  git -C <zc_combine mirror> archive HEAD zc_combine/features zc_combine/configs | tar -x -C /tmp/graf
  /usr/bin/python3 bench/graph_features/reference.py /tmp/graf [nb201|nb101|darts] < cells.txt > reference.csv
  (cells: `zcnas space sample spaces/<space>.zc -n 30 --seed K`)
"""
import csv
import importlib.util
import json
import sys
import types

root = sys.argv[1]
mode = sys.argv[2] if len(sys.argv) > 2 else "nb201"


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
if mode != "nb201":
    # nasbench101.py imports to_graph from conversions; that module needs NASLib, so a stand-in.
    conv = types.ModuleType("zc_combine.features.conversions")
    conv.to_graph = sys.modules["zc_combine.features.base"].to_graph
    sys.modules["zc_combine.features.conversions"] = conv
    nb101 = load("zc_combine.features.nasbench101", f"{root}/zc_combine/features/nasbench101.py")
    darts = load("zc_combine.features.darts", f"{root}/zc_combine/features/darts.py")
    nb101_config = json.load(open(f"{root}/zc_combine/configs/nb101_first.json"))
    darts_config = json.load(open(f"{root}/zc_combine/configs/nb301_full.json"))

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


def cell_features(net, cfgs, funcs, op_names, set_name, keep_op=lambda op: True, adjust=lambda name, v: v):
    """One cell's features by GRAF's config `cfgs`, named as zcnas names them."""
    out = {}
    for cfg in cfgs:
        func = funcs[cfg['name']]
        if 'kwargs' not in cfg:
            for op, n in func(net).items():
                if keep_op(op):
                    out[f"graph:op_count:{op_names[op]}"] = n
            continue
        (key, settings), = cfg['kwargs'].items()
        for s in settings:
            v = adjust(cfg['name'], func(net, **{key: s}))
            name = f"graph:{cfg['name']}:{key}={set_name(s)}"
            if isinstance(v, dict):
                for k, x in v.items():
                    out[f"{name}:{k}"] = x
            else:
                out[name] = v
    return out


def features(cell):
    return cell_features(graph_of(cell), config, nb201.feature_func_dict, OPS, set_name)


# zc_combine/fixes/operations.py get_ops_nb101 and get_ops_nb301.
NB101_OPS = ['input', 'output', 'maxpool3x3', 'conv1x1-bn-relu', 'conv3x3-bn-relu']
NB101_OURS = ['conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3']   # spaces/nasbench101.zc
NB301_OPS = ["max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3",
             "dil_conv_5x5"]


def nb101_net(cell):
    """zcnas's op.edges=<21 bits>;op(1)=..;op(5)=.. as GRAF's pruned (op map, ops, graph)."""
    import networkx as nx
    import numpy as np
    parts = dict(p.split('=') for p in cell.split(';'))
    bits = parts['op.edges']
    n = 7
    m = np.zeros((n, n), dtype=int)
    k = 0
    for i in range(n):
        for j in range(i + 1, n):
            m[i, j] = int(bits[k])
            k += 1
    ops = ['input'] + [parts[f'op({k})'] for k in range(1, n - 1)] + ['output']
    # the spec's pruning: keep the nodes on an input-output path
    reach = [i == 0 for i in range(n)]
    for j in range(n):
        reach[j] = reach[j] or any(reach[i] and m[i, j] for i in range(j))
    back = [i == n - 1 for i in range(n)]
    for i in reversed(range(n)):
        back[i] = back[i] or any(back[j] and m[i, j] for j in range(i + 1, n))
    keep = [i for i in range(n) if reach[i] and back[i]]
    m = m[np.ix_(keep, keep)]
    codes = [NB101_OPS.index(ops[i]) for i in keep]
    # conversions.py nb101_to_graph
    return {i: o for i, o in enumerate(NB101_OPS)}, codes, nx.from_numpy_array(m, create_using=nx.DiGraph)


def nb101_set_name(codes):
    names = {NB101_OPS[c] for c in codes}
    return '+'.join(o for o in NB101_OURS if o in names) or '-'


def nb101_features(cell):
    # zcnas's max_op_on_path counts the op nodes on the path, -1 for none (graph_features.hpp)
    adjust = lambda name, v: (-1 if v == -4 else v + 2) if name == 'max_op_on_path' else v
    return cell_features(nb101_net(cell), nb101_config, nb101.feature_func_dict, NB101_OPS, nb101_set_name,
                         keep_op=lambda op: NB101_OPS[op] in NB101_OURS, adjust=adjust)


def darts_cells(cell):
    """zcnas's normal.in(k,s)=..;normal.op(k,s)=.. as GRAF's two (ops, edges) graphs."""
    parts = dict(p.split('=') for p in cell.split(';'))
    out = []
    for name in ('normal', 'reduce'):
        genotype = [(parts[f'{name}.op({k},{s})'], int(parts[f'{name}.in({k},{s})'])) for k in range(4) for s in range(2)]
        # conversions.py darts_to_graph
        op_map = {o: i for i, o in enumerate(['out', *NB301_OPS])}
        edges = {}
        for i in range(len(genotype) // 2):
            for k in [2 * i, 2 * i + 1]:
                op, j = genotype[k]
                u = "c_{k-2}" if j == 0 else "c_{k-1}" if j == 1 else str(j - 2)
                edges[u, str(i)] = op_map[op]
        for i in range(len(genotype) // 2):
            edges[str(i), "c_{k}"] = op_map['out']
        out.append(({i: o for o, i in op_map.items()}, edges))
    return out


def darts_set_name(codes):
    return '+'.join(NB301_OPS[c - 1] for c in sorted(codes)) or '-'


def darts_features(cell):
    cells = darts_cells(cell)
    out = {}
    rename = {"c_{k-2}": "in0", "c_{k-1}": "in1"}
    for cfg in darts_config:
        func = darts.feature_func_dict[cfg['name']]
        if 'kwargs' not in cfg:
            for k, n in func(cells).items():
                which, op = k.split('_', 1)
                if int(op) > 0:
                    out[f"graph:{which}:op_count:{NB301_OPS[int(op) - 1]}"] = n
            continue
        (key, settings), = cfg['kwargs'].items()
        for s in settings:
            for k, x in func(cells, **{key: list(s)}).items():
                which, what = k.split('_', 1)
                for a, b in rename.items():
                    what = what.replace(a, b)
                base = f"graph:{which}:{cfg['name']}:{key}={darts_set_name(s)}"
                out[f"{base}:from={what}" if cfg['name'] == 'max_op_on_path' else f"{base}:{what}"] = x
    return out


cells = [line.strip() for line in sys.stdin if line.strip()]
rows = [{"nb201": features, "nb101": nb101_features, "darts": darts_features}[mode](c) for c in cells]
names = sorted(rows[0])
writer = csv.writer(sys.stdout, lineterminator="\n")
writer.writerow(['arch'] + names)
for cell, row in zip(cells, rows):
    writer.writerow([cell] + [f"{float(row[n]):g}" for n in names])
