#!/usr/bin/env bash
# Stores zcnas must not trust or must not lose: a SQLite file of something else, a store of a
# newer zcnas, a store missing a table, each refused by `store info`, `store merge` and
# `score --store` with a message saying what it is, the file left byte for byte as it was;
# and two `store merge` into one target at the same moment, which lose nothing.
#   store_faults.sh ZCNAS SPACE
set -euo pipefail
zcnas=$1
space=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
args=(score "$space" --sample 12 -p synflow,nwot -b 16)

"$zcnas" -q --threads 1 --store "$work/a.db" "${args[@]}" --shard 0/2 -o /dev/null
"$zcnas" -q --threads 1 --store "$work/b.db" "${args[@]}" --shard 1/2 -o /dev/null

python3 - "$work" <<'PY'
import shutil, sqlite3, sys
w = sys.argv[1]
db = sqlite3.connect(f"{w}/foreign.db")
db.executescript("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x');")
db.commit(); db.close()
shutil.copy(f"{w}/a.db", f"{w}/newer.db")
db = sqlite3.connect(f"{w}/newer.db"); db.execute("PRAGMA user_version = 7"); db.commit(); db.close()
shutil.copy(f"{w}/a.db", f"{w}/no_results.db")
db = sqlite3.connect(f"{w}/no_results.db"); db.execute("DROP TABLE results"); db.commit(); db.close()
shutil.copy(f"{w}/a.db", f"{w}/no_column.db")
db = sqlite3.connect(f"{w}/no_column.db")
db.executescript("ALTER TABLE results RENAME TO old; CREATE TABLE results (arch TEXT, proxy_key TEXT, protocol TEXT, "
                 "seed INTEGER); DROP TABLE old;")
db.commit(); db.close()
PY

expect_refused() {  # FILE PATTERN: every command refuses FILE with PATTERN and leaves it unchanged
  local file=$1 pattern=$2 sum
  sum=$(sha256sum "$file")
  for cmd in "store info $file" "store merge $work/target.db $file" "store merge $file $work/a.db" \
             "--store $file ${args[*]} -o /dev/null"; do
    # shellcheck disable=SC2086
    if "$zcnas" -q --threads 1 $cmd >"$work/out.txt" 2>&1; then fail "'zcnas $cmd' accepted $(basename "$file")"; fi
    grep -q "$pattern" "$work/out.txt" || fail "'zcnas $cmd': $(cat "$work/out.txt")"
  done
  [[ $(sha256sum "$file") == "$sum" ]] || fail "$(basename "$file") was changed by being refused"
  [[ ! -e $file-wal ]] || fail "$(basename "$file") was given a WAL file"
  echo "refused $(basename "$file"): $(grep -o "$pattern[^;]*" "$work/out.txt" | head -1)"
}
expect_refused "$work/foreign.db" "is a SQLite database but not a zcnas run store (it holds tables customers)"
expect_refused "$work/newer.db" "has schema version 7; this zcnas reads up to 1 (a newer zcnas wrote it)"
expect_refused "$work/no_results.db" "(schema version 1) has no table 'results' (it holds: protocols)"
expect_refused "$work/no_column.db" "its table 'results' lacks a column zcnas writes"
printf 'not a database at all\n' >"$work/text.db"
expect_refused "$work/text.db" "cannot be read as a SQLite database"

# Two merges into one target at once, each of both sources in another order: every result once.
for round in 1 2 3; do
  rm -f "$work/together.db"*
  "$zcnas" -q store merge "$work/together.db" "$work/a.db" "$work/b.db" >"$work/m1.txt" &
  p1=$!
  "$zcnas" -q store merge "$work/together.db" "$work/b.db" "$work/a.db" >"$work/m2.txt" &
  p2=$!
  wait $p1 || fail "the first of two concurrent merges failed: $(cat "$work/m1.txt")"
  wait $p2 || fail "the second of two concurrent merges failed: $(cat "$work/m2.txt")"
  got=$("$zcnas" store export "$work/together.db" | tail -n +2 | sort)
  want=$( ("$zcnas" store export "$work/a.db" | tail -n +2; "$zcnas" store export "$work/b.db" | tail -n +2) | sort)
  [[ "$got" == "$want" ]] || fail "round $round: two concurrent merges lost or changed results"
  # the two merges' counts add up: each result added once, found once
  added=$(cat "$work/m1.txt" "$work/m2.txt" | grep -o "[0-9]* added" | awk '{s += $1} END {print s}')
  [[ $added -eq 24 ]] || fail "round $round: the concurrent merges added $added results, not 24: $(cat "$work/m1.txt" "$work/m2.txt")"
done
echo "two concurrent merges into one target, 3 rounds: all 24 results, each added once"
