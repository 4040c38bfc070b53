#!/usr/bin/env bash
# The disk filling up under `zcnas score` and `zcnas search`, made by a file-size limit
# (ulimit -f, SIGXFSZ ignored so that a write past it fails with EFBIG as on a full disk):
# the command ends with an error naming the file, every result committed before stays, and
# the same command completes once the limit is lifted, equal to a run that never hit it.
#   disk_full.sh ZCNAS SPACE SEARCH_CONFIG
set -euo pipefail
zcnas=$1
space=$2
config=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
key() { tail -n +2 "$1" | cut -d, -f1-3,5 | sort; }
limited() {  # KB COMMAND...: runs COMMAND with files capped at KB kilobytes (its standard output
  local kb=$1  # into $work/limited.out); prints its exit status
  shift
  (trap '' XFSZ; ulimit -f "$kb"; exec "$@") >"$work/limited.out" && echo 0 || echo $?
}

# --- score: the run store's write-ahead log outgrows the cap partway
args=(score "$space" --sample 24 -p synflow,nwot -b 16)
"$zcnas" -q --threads 1 --store "$work/whole.db" "${args[@]}" -o "$work/whole.csv"
status=$(limited 48 "$zcnas" -q --threads 1 --store "$work/cut.db" "${args[@]}" -o "$work/cut.csv" 2>"$work/cut.log")
[[ $status -ne 0 ]] || fail "score under a 48 KB cap succeeded; the cap did not bite"
grep -q "cut.db" "$work/cut.log" || fail "score's disk-full error does not name the store: $(cat "$work/cut.log")"
stored=$(($("$zcnas" store export "$work/cut.db" | wc -l) - 1))
[[ $stored -gt 0 && $stored -lt 48 ]] || fail "the store kept $stored results; expected some of 48"
comm -13 <("$zcnas" store export "$work/whole.db" | tail -n +2 | cut -d, -f1-3,5- | sort) \
         <("$zcnas" store export "$work/cut.db" | tail -n +2 | cut -d, -f1-3,5- | sort) | grep -q . &&
  fail "a result kept from the capped run differs from the uninterrupted run's"
"$zcnas" --threads 1 --store "$work/cut.db" "${args[@]}" -o "$work/resumed.csv" 2>"$work/resumed.log"
grep -q "$((48 - stored)) results computed, $stored reused" "$work/resumed.log" ||
  fail "the resumed score did not reuse the $stored kept results: $(cat "$work/resumed.log")"
diff <(key "$work/whole.csv") <(key "$work/resumed.csv") >/dev/null || fail "score resumed after the disk filled differs"
echo "score: the disk filled after $stored of 48 results ($(grep -o 'error: .*' "$work/cut.log" | head -1 | cut -c1-110)); resumed: equal"

# --- search: its trajectory outgrows the cap partway
run() { "$zcnas" -q search "$config" -n 300 --no-progress "$@"; }
run -o "$work/search_whole" >/dev/null
status=$(limited 16 "$zcnas" -q search "$config" -n 300 --no-progress -o "$work/search_cut" 2>"$work/search_cut.log")
[[ $status -ne 0 ]] || fail "search under a 16 KB cap succeeded; the cap did not bite"
grep -q "search_cut" "$work/search_cut.log" || fail "search's disk-full error does not name its file: $(cat "$work/search_cut.log")"
kept=$(($(wc -l <"$work/search_cut/trajectory.csv") - 1))
said=$(grep -o 'the [0-9]* candidates scored so far' "$work/search_cut.log" | grep -o '[0-9]*' || true)
[[ "$said" == "$kept" ]] ||
  fail "search's disk-full message says '$said' candidates are in the trajectory; it holds $kept whole rows"
[[ $kept -gt 0 && $kept -lt 300 ]] || fail "the trajectory kept $kept candidates; expected some of 300"
run -o "$work/search_cut" >/dev/null
strip() { cut -d, -f1,3-5,7- "$1"; }
diff <(strip "$work/search_whole/trajectory.csv") <(strip "$work/search_cut/trajectory.csv") >/dev/null ||
  fail "search resumed after the disk filled differs from the uninterrupted one"
echo "search: the disk filled after $kept of 300 candidates ($(grep -o 'error: .*' "$work/search_cut.log" | head -1 | cut -c1-110)); resumed: the same trajectory"
