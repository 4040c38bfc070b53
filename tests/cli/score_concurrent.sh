#!/usr/bin/env bash
# Concurrent writers: three `zcnas score` processes write one run store at once (two
# shards of a list and a third run over all of it); the store then holds every result
# once, and they equal a single uninterrupted run's. Then stores merge: two shard stores
# written apart merge into one equal to the whole.
#   score_concurrent.sh ZCNAS SPACE
set -euo pipefail
zcnas=$1
space=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=(score "$space" --sample 16 -p synflow,nwot -b 16)
z() { "$zcnas" -q --threads 1 "$@"; }

z --store "$work/whole.db" "${args[@]}" -o "$work/whole.csv"
z --store "$work/shared.db" "${args[@]}" --shard 0/2 -o "$work/s0.csv" &
p0=$!
z --store "$work/shared.db" "${args[@]}" --shard 1/2 -o "$work/s1.csv" &
p1=$!
z --store "$work/shared.db" "${args[@]}" -o "$work/all.csv" &
p2=$!
wait $p0 && wait $p1 && wait $p2

key() { tail -n +2 "$1" | cut -d, -f1-3,5 | sort; }
"$zcnas" store export "$work/shared.db" -o "$work/shared.csv"
diff <(key "$work/whole.csv") <(key "$work/shared.csv")
diff <(key "$work/whole.csv") <(key "$work/all.csv")
diff <(key "$work/whole.csv") <(cat "$work/s0.csv" <(tail -n +2 "$work/s1.csv") | key /dev/stdin)

z --store "$work/a.db" "${args[@]}" --shard 0/2 -o /dev/null
z --store "$work/b.db" "${args[@]}" --shard 1/2 -o /dev/null
"$zcnas" store merge "$work/merged.db" "$work/a.db" "$work/b.db" | tee "$work/merge.txt"
grep -q "merged.db: 32 results" "$work/merge.txt"
"$zcnas" store merge "$work/merged.db" "$work/shared.db" | grep -q "0 added, 0 failures replaced by scores, 32 already there, 0 conflicting"
diff <(key "$work/whole.csv") <("$zcnas" store export "$work/merged.db" | key /dev/stdin)
echo "3 concurrent writers and a 2-shard merge: every result once, equal to the single run"
