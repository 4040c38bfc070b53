#!/usr/bin/env python3
"""Writes a zcnas run store (schema version 1, as core/host/store/run_store.cpp creates it) with
ROWS synthetic synflow results: a merge source big enough to interrupt (tests/cli/signal_resume.sh)
and the store fuzzer's seed (tests/fuzz/run_fuzzer.sh).
    synthetic_store.py PATH ROWS"""
import sqlite3
import sys

path, rows = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path)
db.executescript("""
CREATE TABLE protocols (hash TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE results (arch TEXT NOT NULL, proxy_key TEXT NOT NULL, protocol TEXT NOT NULL, seed INTEGER NOT NULL,
  proxy TEXT NOT NULL, ok INTEGER NOT NULL, score REAL, seconds REAL NOT NULL, error TEXT NOT NULL,
  finished_at TEXT NOT NULL, origin TEXT NOT NULL, PRIMARY KEY (protocol, seed, arch, proxy_key));
INSERT INTO protocols VALUES ('79877c381325a3d9', '{"seed":0,"space":{"name":"nasbench201"}}');
PRAGMA user_version = 1;
""")
db.executemany("INSERT INTO results VALUES (?, 'synflow@1', '79877c381325a3d9', 0, 'synflow', 1, ?, 0.1, '', "
               "'2026-12-03T00:00:00Z', 'test:1')", ((f"arch-{i:06d}-" + "x" * 60, float(i)) for i in range(rows)))
db.commit()
