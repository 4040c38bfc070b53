"""CSV files zcnas writes, as pandas DataFrames when pandas is there, else columns of numpy arrays."""

import csv

import numpy as np

try:
    import pandas as _pandas
except ImportError:  # pandas is optional
    _pandas = None


def _column(values):
    try:
        return np.array([float(v) if v != "" else np.nan for v in values], dtype=np.float64)
    except ValueError:
        return np.array(values, dtype=object)


def read_table(path):
    """The CSV at `path`: a DataFrame with pandas, else {column: numpy array} (numbers as float64)."""
    if _pandas is not None:
        return _pandas.read_csv(path, keep_default_na=False, na_values=[""])
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        return {}
    header, body = rows[0], rows[1:]
    return {name: _column([r[i] if i < len(r) else "" for r in body]) for i, name in enumerate(header)}


def wide_scores(table):
    """(architectures, proxies, matrix) from a long score table: matrix[i, j] is proxy j on
    architecture i, NaN where it failed."""
    if _pandas is not None and isinstance(table, _pandas.DataFrame):
        archs, proxies = list(dict.fromkeys(table["arch"])), list(dict.fromkeys(table["proxy"]))
        arch_col, proxy_col, score_col = table["arch"].tolist(), table["proxy"].tolist(), table["score"].tolist()
        status_col = table["status"].tolist()
    else:
        arch_col, proxy_col = list(table["arch"]), list(table["proxy"])
        score_col, status_col = list(table["score"]), list(table["status"])
        archs, proxies = list(dict.fromkeys(arch_col)), list(dict.fromkeys(proxy_col))
    ai = {a: i for i, a in enumerate(archs)}
    pj = {p: j for j, p in enumerate(proxies)}
    matrix = np.full((len(archs), len(proxies)), np.nan)
    for a, p, s, st in zip(arch_col, proxy_col, score_col, status_col):
        if st == "ok":
            matrix[ai[a], pj[p]] = float(s)
    return archs, proxies, matrix
