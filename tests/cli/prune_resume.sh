#!/usr/bin/env bash
# kill -9 a pruning search in its rounds, resume it with the same command, and compare with an
# uninterrupted run: the same supernets in the same rounds with the same scores (rounds.csv,
# every column but the timings), the same architecture, nothing scored twice.
#   prune_resume.sh ZCNAS CONFIG
set -euo pipefail
zcnas=$1
config=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/kill_midway.sh"
run() { "$zcnas" -q search "$config" --no-progress "$@"; }

run -o "$work/whole" >/dev/null
"$zcnas" -q search "$config" --no-progress -o "$work/cut" >/dev/null 2>&1 &
kill_midway $! "$work/cut/rounds.csv" 3 1 54
run -o "$work/cut" >"$work/resumed.txt"
python3 - "$work/whole" "$work/cut" "$cut_at" <<'PY'
import csv, json, sys
whole, cut, cut_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
def rows(folder):  # every column but the timings
    with open(folder + "/rounds.csv") as f:
        return [[v for k, v in r.items() if k not in ("elapsed_s", "seconds")] for r in csv.DictReader(f)]
assert rows(whole) == rows(cut), "the resumed rounds differ from the uninterrupted ones"
a, b = (json.load(open(p + "/best.json")) for p in (whole, cut))
assert a["arch"] == b["arch"] == "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|", (a["arch"], b["arch"])
assert a["search"]["supernets_scored"] == b["search"]["supernets_scored"] == 54
assert b["search"]["replayed"] == cut_at, (b["search"]["replayed"], cut_at)
PY
echo "killed after $cut_at of 54 supernets, resumed: identical to the uninterrupted run"
