#!/usr/bin/env bash
# kill -9 a search midway, resume it with the same command, and compare the result with an
# uninterrupted run row for row (every column but the timings): nothing lost, nothing
# scored twice, the same path.
#   search_resume.sh ZCNAS CONFIG
set -euo pipefail
zcnas=$1
config=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/kill_midway.sh"
run() { "$zcnas" -q search "$config" -n 300 --no-progress "$@"; }

run -o "$work/whole" >/dev/null
# zcnas itself in the background (not a subshell around it), so that kill -9 hits it.
"$zcnas" -q search "$config" -n 300 --no-progress -o "$work/cut" >/dev/null 2>&1 &
kill_midway $! "$work/cut/trajectory.csv" 40 1 300
run -o "$work/cut" >"$work/resumed.txt"
grep -q "evaluation budget spent (300)" "$work/resumed.txt"
replayed=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['search']['replayed'])" "$work/cut/best.json" 2>/dev/null || echo "?")
strip() { cut -d, -f1,3-5,7- "$1"; }
if ! diff <(strip "$work/whole/trajectory.csv") <(strip "$work/cut/trajectory.csv") >"$work/diff.txt"; then
  echo "FAIL: the resumed trajectory differs from the uninterrupted one:" >&2
  head -20 "$work/diff.txt" >&2
  exit 1
fi
cmp <(grep -v '"seconds"\|found_at_seconds\|"replayed"' "$work/whole/best.json") \
    <(grep -v '"seconds"\|found_at_seconds\|"replayed"' "$work/cut/best.json")
echo "killed at $cut_at of 300 candidates, resumed ($replayed replayed): identical to the uninterrupted run"
