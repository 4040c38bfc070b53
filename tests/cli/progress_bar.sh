#!/usr/bin/env bash
# The progress bar: drawn (bar, rate, ETA) when stderr is a terminal, absent when it is not.
# `script` gives the command a pseudo-terminal.
#   progress_bar.sh ZCNAS SPACE
set -euo pipefail
zcnas=$1
space=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmd="$zcnas --no-store --threads 1 score $space --sample 6 -p params,nwot -b 8 -o $work/scores.csv"

script -qec "$cmd" "$work/tty.txt" >/dev/null
grep -aq $'\r' "$work/tty.txt" || { echo "FAIL: no bar on a terminal" >&2; exit 1; }
grep -aqE 'score \[#+\.*\] [0-9]+/6 \| [^|]+ \| [0-9:]+ elapsed, ETA [0-9:?]+' "$work/tty.txt" ||
  { echo "FAIL: the bar lacks count, rate or ETA:" >&2; cat -v "$work/tty.txt" >&2; exit 1; }
grep -aqE '\[########################\] 6/6' "$work/tty.txt" || { echo "FAIL: the bar never filled" >&2; exit 1; }

$cmd 2>"$work/piped.txt" >/dev/null
if grep -aq $'\r' "$work/piped.txt" || grep -aq 'ETA' "$work/piped.txt"; then
  echo "FAIL: a bar was drawn into a file:" >&2
  cat -v "$work/piped.txt" >&2
  exit 1
fi
echo "bar on a terminal, silent into a file"
