#!/usr/bin/env bash
# `space sample --within-constraints` keeps to the space's budget: every printed architecture,
# measured again by `arch show`, is within it; a plain sample is not.
#   sample_within.sh ZCNAS SPACE KEY MAX    (KEY: arch show's JSON key, flops or flops_macs)
set -euo pipefail
zcnas=$1 space=$2 key=$3 max=$4
flops() { "$zcnas" -q arch show "$space" "$1" --json | sed -n "s/^ *\"$key\": *\([0-9.e+]*\),*\$/\1/p"; }
within=$("$zcnas" space sample "$space" -n 3 --seed 0 --within-constraints 2>/dev/null)
[[ $(wc -l <<<"$within") == 3 ]] || { echo "FAIL: expected 3 architectures, got: $within" >&2; exit 1; }
while IFS= read -r arch; do
  f=$(flops "$arch")
  awk -v f="$f" -v m="$max" 'BEGIN { exit !(f > 0 && f <= m) }' || { echo "FAIL: $key $f above $max: $arch" >&2; exit 1; }
done <<<"$within"
over=0
while IFS= read -r arch; do
  f=$(flops "$arch")
  awk -v f="$f" -v m="$max" 'BEGIN { exit !(f > m) }' && over=$((over + 1))
done < <("$zcnas" space sample "$space" -n 6 --seed 0)
echo "3 of 3 within $max $key; $over of 6 plain samples above it"
