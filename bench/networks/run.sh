#!/usr/bin/env bash
# The whole proxy pool on sampled networks of a space whose network is written in the DSL
# (default: 20 networks of Zen-NAS's MobileNetV2 space within its 600M MACs, at 224x224 on
# the shipped ImageNet images), with the time of every proxy. Results: bench/results/networks.md.
#
#   bench/networks/run.sh [build dir] [n] [batch] [space]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
n=${2:-20}
batch=${3:-16}
space=${4:-spaces/mobilenetv2.zc}
out=${ZCNAS_BENCH_OUT:-$build/bench_networks}
mkdir -p "$out"
# Within the space's constraints (its MACs budget), as a search would see them.
"$build/zcnas" -q space sample "$space" -n "$n" --seed 0 --within-constraints >"$out/archs.txt"
# Params, FLOPs and MACs of each sampled network, from the built network.
: >"$out/sizes.tsv"
while IFS= read -r arch; do
  "$build/zcnas" -q arch show "$space" "$arch" --json |
    python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["params"], j["flops"], j["flops_macs"], sep="\t")' >>"$out/sizes.tsv"
done <"$out/archs.txt"
/usr/bin/time -v "$build/zcnas" --no-store --seed 0 score "$space" --archs "$out/archs.txt" -d imagenet -b "$batch" \
  -o "$out/scores.csv" --json "$out/scores.json" 2>"$out/time.txt" || { tail -20 "$out/time.txt" >&2; exit 1; }
grep -E "Elapsed|Maximum resident" "$out/time.txt"
python3 - "$out" <<'PY'
import json, sys, statistics, csv
out = sys.argv[1]
rows = list(csv.DictReader(open(f"{out}/scores.csv")))
by = {}
for r in rows:
    by.setdefault(r["proxy"], []).append(r)
print("| proxy | ok | median s | max s |")
print("|---|---|---|---|")
for p, rs in sorted(by.items()):
    t = [float(r["seconds"]) for r in rs]
    ok = sum(r["status"] == "ok" for r in rs)
    print(f"| {p} | {ok}/{len(rs)} | {statistics.median(t):.2f} | {max(t):.2f} |")
sizes = [tuple(map(float, l.split())) for l in open(f"{out}/sizes.tsv")]
print(f"\nparams {min(s[0] for s in sizes)/1e6:.2f}-{max(s[0] for s in sizes)/1e6:.2f} M, "
      f"FLOPs {min(s[1] for s in sizes)/1e6:.0f}-{max(s[1] for s in sizes)/1e6:.0f} M, "
      f"MACs {min(s[2] for s in sizes)/1e6:.0f}-{max(s[2] for s in sizes)/1e6:.0f} M over {len(sizes)} networks")
by_arch = {}
for r in rows:
    by_arch[r["arch"]] = by_arch.get(r["arch"], 0) + float(r["seconds"])
t = sorted(by_arch.values())
print(f"whole pool per network: median {statistics.median(t):.1f} s, {t[0]:.1f}-{t[-1]:.1f} s")
PY
