#!/usr/bin/env bash
# The run store keys results by the space's definition, not its name: a rerun reuses them,
# a comment or a reformatted line still does, and an edit that changes the network (stem
# width 16 -> 32) computes them anew, with the new network's parameter counts.
#   score_edited_space.sh ZCNAS SPACE
set -euo pipefail
zcnas=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$2" "$work/space.zc"
args=(score "$work/space.zc" --sample 2 -p params -b 4)
run() { "$zcnas" --seed 0 --store "$work/runs.db" "${args[@]}" -o "$work/$1.csv" 2>"$work/$1.log"; }
expect() {
  grep -q "$2" "$work/$1.log" || { echo "FAIL ($1): expected '$2':" >&2; cat "$work/$1.log" >&2; exit 1; }
}
run first
expect first "2 results computed, 0 reused"
run again
expect again "0 results computed, 2 reused"
sed -i 's|^space|// a comment changes nothing\nspace|; s|stem            = 16;|stem = 16 ;|' "$work/space.zc"
run commented
expect commented "0 results computed, 2 reused"
sed -i 's|stem = 16 ;|stem = 32;|' "$work/space.zc"
run edited
expect edited "2 results computed, 0 reused"
if [[ $(cut -d, -f3 "$work/first.csv") == $(cut -d, -f3 "$work/edited.csv") ]]; then
  echo "FAIL: the edited space scored the old network's parameter counts" >&2
  exit 1
fi
echo "rerun and comment: reused; stem edited: computed anew, new parameter counts"
