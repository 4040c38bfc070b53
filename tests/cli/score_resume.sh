#!/usr/bin/env bash
# kill -9 `zcnas score` midway, run the same command again on the same run store, and
# compare with an uninterrupted run result for result (arch, proxy, score, status): the
# resumed run computes only what the store lacked and loses nothing.
#   score_resume.sh ZCNAS SPACE
set -euo pipefail
zcnas=$1
space=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/kill_midway.sh"
args=(score "$space" --sample 30 -p synflow,jacov,nwot -b 16)

"$zcnas" -q --threads 1 --store "$work/whole.db" "${args[@]}" -o "$work/whole.csv"
# zcnas itself in the background (not a subshell around it), so that kill -9 hits it.
"$zcnas" -q --threads 1 --store "$work/cut.db" "${args[@]}" -o "$work/cut.csv" 2>/dev/null &
kill_midway $! "$work/cut.csv" 15 3 90
"$zcnas" store export "$work/cut.db" -o "$work/at_kill.csv"
stored=$(($(wc -l <"$work/at_kill.csv") - 1))

"$zcnas" --threads 1 --store "$work/cut.db" "${args[@]}" -o "$work/resumed.csv" 2>"$work/resumed.log"
if ! grep -q "$((90 - stored)) results computed, $stored reused" "$work/resumed.log"; then
  echo "FAIL: expected $((90 - stored)) computed and $stored reused:" >&2
  cat "$work/resumed.log" >&2
  exit 1
fi
key() { tail -n +2 "$1" | cut -d, -f1-3,5 | sort; }
if ! diff <(key "$work/whole.csv") <(key "$work/resumed.csv") >"$work/diff.txt"; then
  echo "FAIL: the resumed run differs from the uninterrupted one:" >&2
  head -20 "$work/diff.txt" >&2
  exit 1
fi
# Everything stored at the kill is still there, unchanged (seconds included).
if [[ -n $(comm -23 <(tail -n +2 "$work/at_kill.csv" | sort) <("$zcnas" store export "$work/cut.db" | tail -n +2 | sort)) ]]; then
  echo "FAIL: results stored before the kill were lost or changed" >&2
  exit 1
fi
echo "killed after $cut_at CSV rows ($stored results stored), resumed: $((90 - stored)) computed, $stored reused;" \
  "identical to the uninterrupted run, result for result"
