#!/usr/bin/env bash
# Fault isolation: proxies that segfault, abort, hang, exhaust memory, return NaN or throw
# on the larger networks of a NAS-Bench-201 sample. With --isolate the run ends normally,
# every (architecture, proxy) pair has a row, each failure says why (the signal, the time
# limit, the allocation), and the healthy proxy scored everything. Without it a segfault
# ends the process, but what was stored before it survives and an isolated rerun on the
# same store finishes the job.
#   isolated_proxies.sh ZCNAS SPACE FIXTURE_DIR CONFIG
set -euo pipefail
zcnas=$1
space=$2
fixtures=$3
config=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
z() { "$zcnas" -q --threads 1 --config "$config" --plugin-path "$fixtures" "$@"; }
args=(score "$space" --sample 8 --sample-seed 4 -b 8 -p nwot,count,segv,abrt,hang,hog,nan,thrower)

start=$(date +%s)
z --no-store --isolate --proxy-timeout 2 --proxy-memory 1500 "${args[@]}" -o "$work/isolated.csv" 2>"$work/isolated.log"
python3 - "$work/isolated.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
by = {}
for r in rows:
    by.setdefault(r["arch"], {})[r["proxy"]] = r
if len(by) != 8 or any(len(v) != 8 for v in by.values()):
    sys.exit(f"FAIL: expected 8 architectures x 8 proxies, got {len(rows)} rows")
want = {"segv": "SIGSEGV", "abrt": "SIGABRT", "hang": "exceeded the time limit of 2", "nan": "non-finite score",
        "thrower": "threw: fixture exploded", "hog": ""}
big = 0
for arch, p in by.items():
    if p["nwot"]["status"] != "ok":
        sys.exit(f"FAIL: the healthy proxy failed on {arch}: {p['nwot']['error']}")
    n = float(p["count"]["score"])
    for name, reason in want.items():
        r = p[name]
        if n >= 600000:
            if r["status"] != "failed" or reason not in r["error"]:
                sys.exit(f"FAIL: {name} on {arch} ({n:.0f} params): {r['status']} '{r['error']}', expected '{reason}'")
            if name == "hog" and ("SIG" in r["error"] or "time limit" in r["error"]):
                sys.exit(f"FAIL: running out of memory should fail inside the proxy, got '{r['error']}'")
        elif r["status"] != "ok" or float(r["score"]) != n:
            sys.exit(f"FAIL: {name} on {arch} ({n:.0f} params) should score {n:.0f}: {r['status']} {r['error']}")
    big += n >= 600000
if not 0 < big < 8:
    sys.exit(f"FAIL: the sample must mix small and large networks ({big} of 8 large)")
print(f"isolated: {big} of 8 architectures hit every fault; each recorded with its reason, nwot scored all 8")
PY

# Not isolated: the segfault takes the process down (after the architectures before it)...
set +e
z --store "$work/store.db" "${args[@]}" -o "$work/plain.csv" 2>"$work/plain.log"
status=$?
set -e
if [[ $status -lt 128 ]]; then
  echo "FAIL: without --isolate the segfaulting proxy should end the process (status $status)" >&2
  exit 1
fi
stored=$("$zcnas" store export "$work/store.db" | tail -n +2 | wc -l)
# ...and the isolated rerun reuses what was stored and completes.
z --store "$work/store.db" --isolate --proxy-timeout 2 --proxy-memory 1500 "${args[@]}" -o "$work/rerun.csv" 2>"$work/rerun.log"
rows=$(tail -n +2 "$work/rerun.csv" | wc -l)
[[ $rows -eq 64 ]] || { echo "FAIL: the rerun wrote $rows rows, expected 64" >&2; exit 1; }
key() { tail -n +2 "$1" | cut -d, -f1-3,5 | sort; }
diff <(key "$work/isolated.csv") <(key "$work/rerun.csv") >/dev/null ||
  { echo "FAIL: the rerun's results differ from the isolated run's" >&2; diff <(key "$work/isolated.csv") <(key "$work/rerun.csv") | head >&2; exit 1; }
echo "not isolated: killed by signal $((status - 128)) with $stored results stored; isolated rerun reused them and" \
  "completed, equal to the isolated run ($(($(date +%s) - start)) s in all)"
