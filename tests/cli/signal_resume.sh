#!/usr/bin/env bash
# SIGINT and SIGTERM stop `zcnas score`, `zcnas search` and `zcnas store merge` cleanly: score
# finishes the architecture at hand, closes its CSV over complete rows and says how to
# resume (exit 128 + the signal); search ends its trajectory at a whole candidate (exit 128 + the signal, as score);
# a merge is one transaction, so an interrupted one leaves the target as it was. The same
# command then completes, and the result equals an uninterrupted run's.
#   signal_resume.sh ZCNAS SPACE SEARCH_CONFIG
set -euo pipefail
zcnas=$1
space=$2
config=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/kill_midway.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
key() { tail -n +2 "$1" | cut -d, -f1-3,5 | sort; }
args=(score "$space" --sample 24 -p synflow,nwot -b 16)
# A background job of a script starts with SIGINT ignored (POSIX, no job control); a user's
# Ctrl-C finds the default. Each one put in the background here execs through this, so that
# it starts as it would from a terminal.
default_signals=(python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])')

# --- score
"$zcnas" -q --threads 1 --store "$work/whole.db" "${args[@]}" -o "$work/whole.csv"
for sig in INT TERM; do
  db=$work/$sig.db csv=$work/$sig.csv
  "${default_signals[@]}" "$zcnas" -q --threads 1 --store "$db" "${args[@]}" -o "$csv" 2>"$work/$sig.log" &
  kill_midway $! "$csv" 8 1 48 "$sig"
  want=$((128 + $(kill -l "$sig")))
  [[ $exit_status -eq $want ]] || fail "score stopped by SIG$sig exited $exit_status, not $want: $(cat "$work/$sig.log")"
  grep -q "score interrupted by SIG$sig after [0-9]* architectures; every result is in .*: run the same command to resume" \
    "$work/$sig.log" || fail "score's SIG$sig message: $(cat "$work/$sig.log")"
  # every row of the closed CSV is whole (as many fields as the header)
  awk -F, -v n="$(head -1 "$csv" | awk -F, '{print NF}')" 'NR > 1 && NF < n { bad = 1 } END { exit bad }' "$csv" ||
    fail "score's CSV after SIG$sig has a torn row"
  rows=$(($(wc -l <"$csv") - 1))
  "$zcnas" -q --threads 1 --store "$db" "${args[@]}" -o "$work/$sig.resumed.csv"
  diff <(key "$work/whole.csv") <(key "$work/$sig.resumed.csv") >/dev/null || fail "score resumed after SIG$sig differs"
  echo "score: SIG$sig after $rows of 48 rows, exit $exit_status, resumed: equal to the uninterrupted run"
done

# --- search (looked-up scores: 300 candidates in about a second)
run() { "$zcnas" -q search "$config" -n 300 --no-progress "$@"; }
run -o "$work/search_whole" >/dev/null
strip() { cut -d, -f1,3-5,7- "$1"; }
for sig in INT TERM; do
  "${default_signals[@]}" "$zcnas" -q search "$config" -n 300 --no-progress -o "$work/search_$sig" >"$work/search_$sig.out" 2>&1 &
  kill_midway $! "$work/search_$sig/trajectory.csv" 40 1 300 "$sig"
  want=$((128 + $(kill -l "$sig")))
  [[ $exit_status -eq $want ]] || fail "search stopped by SIG$sig exited $exit_status, not $want: $(cat "$work/search_$sig.out")"
  grep -q "interrupted: run the same command to resume" "$work/search_$sig.out" || fail "search's SIG$sig message"
  run -o "$work/search_$sig" >/dev/null
  diff <(strip "$work/search_whole/trajectory.csv") <(strip "$work/search_$sig/trajectory.csv") >/dev/null ||
    fail "search resumed after SIG$sig differs from the uninterrupted one"
  echo "search: SIG$sig at candidate $cut_at of 300, exit $want, resumed: the same trajectory"
done

# --- store merge: a source of 200,000 results takes long enough to be interrupted
python3 "$(dirname "$0")/../support/synthetic_store.py" "$work/big.db" 200000
for sig in INT TERM; do
  target=$work/merged_$sig.db
  cp "$work/whole.db" "$target"
  before=$("$zcnas" store export "$target" | wc -l)
  "${default_signals[@]}" "$zcnas" -q store merge "$target" "$work/big.db" >/dev/null 2>&1 &
  pid=$!
  # zcnas is running (not its launcher) once the target has its write-ahead log; the merge
  # then takes about 1.5 s more here, longer on a loaded machine
  for _ in $(seq 1 500); do [[ -e $target-wal ]] && break; sleep 0.02; done
  sleep 0.2
  kill -s "$sig" "$pid" 2>/dev/null || true
  wait "$pid" && merged_status=0 || merged_status=$?
  [[ $merged_status -eq $((128 + $(kill -l "$sig"))) ]] || fail "the merge was not cut by SIG$sig (exit $merged_status)"
  after=$("$zcnas" store export "$target" | wc -l)
  # one transaction: rolled back whole, the target as it was
  [[ $after -eq $before ]] || fail "merge cut by SIG$sig left $after rows ($before before)"
  "$zcnas" store merge "$target" "$work/big.db" >/dev/null
  [[ $("$zcnas" store export "$target" | wc -l) -eq $((before + 200000)) ]] || fail "merge rerun after SIG$sig incomplete"
  echo "store merge: SIG$sig (exit $merged_status) left $((after - before)) of 200000 rows merged; rerun: all 200000"
done
