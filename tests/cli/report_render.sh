#!/usr/bin/env bash
# zcnas report end to end: evaluate, lswag-window and search write their files; report
# makes one page of them; headless Chromium renders it offline, and every chart must draw
# exactly the marks its data holds (each scatter point, each heat-map cell, the curves).
#   report_render.sh ZCNAS SOURCE_DIR CHROMIUM
set -euo pipefail
zcnas=$1
src=$2
chromium=$3
command -v "$chromium" >/dev/null || { echo "FAIL: '$chromium' not found; install Debian's chromium (scripts/test.sh does)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
z() { "$zcnas" -q --no-store --threads 1 "$@"; }

z evaluate "$src/examples/libra_suite/nb201_cifar10.toml" --json "$work/eval.json" -o /dev/null
z lswag-window "$src/spaces/nasbench201.zc" -n 4 -b 8 --json "$work/window.json" -o /dev/null
(cd "$src" && z search examples/search/nb201_cifar10_libra.toml -n 60 --no-progress -o "$work/search" >/dev/null)
z report -e "$work/eval.json" -w "$work/window.json" -s "$work/search" --title "render test" -o "$work/report.html"

# Self-contained: outside the inlined scripts' code, nothing names a file or address to load.
python3 - "$work/report.html" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
outside = re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", page, flags=re.S)
found = re.findall(r"<[a-z]+[^>]*\s(?:src|href)=[^>]*>", outside)
if found:
    sys.exit("FAIL: the page loads something from outside: " + " ".join(found[:5]))
PY

"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/profile" --virtual-time-budget=60000 \
  --dump-dom "file://$work/report.html" 2>"$work/chromium.log" >"$work/dom.html"

python3 - "$work/dom.html" "$work/eval.json" <<'PY'
import html, json, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
err = re.search(r'data-error="([^"]*)"', dom)
if err:
    sys.exit("FAIL: a chart failed: " + html.unescape(err.group(1)))
m = re.search(r'data-rendered="([^"]*)"', dom)
if not m:
    sys.exit("FAIL: the page never finished rendering (no data-rendered on <body>)")
charts = {c["id"]: c for c in json.loads(html.unescape(m.group(1)))}
want = {"scatter-0-0", "heatmap", "window-0", "search-trajectory-0", "search-truth-0"}
if not want <= set(charts):
    sys.exit(f"FAIL: charts missing: {sorted(want - set(charts))}")
for c in charts.values():
    for kind, n in c["expect"].items():
        if n <= 0 or c["drawn"].get(kind) != n:
            sys.exit(f"FAIL: {c['id']} drew {c['drawn']} {kind} marks, its data holds {n}")
# The scatter plots hold every (score, truth) pair of the evaluation's points, no fewer.
x = json.load(open(sys.argv[2]))[0]
pts = x["points"]
pairs = sum(1 for col in pts["scores"].values() for s, t in zip(col, pts["truth"]) if s is not None and t is not None)
if charts["scatter-0-0"]["expect"]["symbol"] != pairs:
    sys.exit(f"FAIL: scatter holds {charts['scatter-0-0']['expect']['symbol']} points, the evaluation has {pairs}")
heat = charts["heatmap"]["drawn"]["rect"]
print(f"rendered {len(charts)} charts: {pairs} scatter points over {len(pts['scores'])} proxies, "
      f"{heat} heat-map cells, window curve, search trajectory; all marks drawn")
PY
