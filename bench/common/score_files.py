"""Reading what `zcnas score` writes (long CSV: arch, proxy, score, status, ...) and the
NAS-Bench-201 truth table, for the bench scripts that compare zcnas with a reference
implementation (bench/aznas, bench/vkdnw). Import with

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from common.score_files import read_scores, read_truth
"""
import csv
import math


def read_scores(*paths):
    """{proxy: {arch: score}} over every ok row of the files (later files win); NaN and empty
    scores are left out, -inf kept (a score for AZ-NAS's dead blocks)."""
    out = {}
    for path in paths:
        with open(path) as f:
            for row in csv.DictReader(f):
                if row.get("status", "ok") != "ok" or row["score"] in ("", "nan"):
                    continue
                value = float(row["score"])
                if not math.isnan(value):
                    out.setdefault(row["proxy"], {})[row["arch"]] = value
    return out


def read_truth(path, column, key="arch_str"):
    """{arch: value} of one column of a truth CSV."""
    with open(path) as f:
        return {r[key]: float(r[column]) for r in csv.DictReader(f)}
