#!/usr/bin/env python3
"""Replaces the failed rows of a score CSV by the rows of a rescoring of those architectures.

The runs of run_tasks.sh started before commit 11dbff9, which gave networks whose output does not
depend on their input a zero input gradient instead of a LibTorch error; their failed
architectures were scored again with that build (`<name>_rescored.csv`, its own protocol beside
it: lswag 1.1.0, whose default equals 1.0.0) and merged here. Usage: merge_rescored.py MAIN RESCORED
"""
import csv
import sys

main_path, rescored_path = sys.argv[1], sys.argv[2]
with open(rescored_path) as f:
    rescored = {(r["arch"], r["proxy"]): r for r in csv.DictReader(f)}
with open(main_path) as f:
    reader = csv.DictReader(f)
    fields = reader.fieldnames
    rows = list(reader)
replaced = 0
for i, r in enumerate(rows):
    key = (r["arch"], r["proxy"])
    if r["status"] == "failed" and key in rescored:
        rows[i] = rescored[key]
        replaced += 1
with open(main_path, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=fields)
    w.writeheader()
    w.writerows(rows)
print(f"{main_path}: {replaced} failed rows replaced from {rescored_path}")
