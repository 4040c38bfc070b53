#!/usr/bin/env bash
# Compares two bench/identity/run.sh output folders, ignoring what is timing or a path:
# seconds columns, elapsed and found-at times, absolute paths of data and space files. Exit 1
# on any difference.
set -uo pipefail
a=$1
b=$2
status=0
# CSV without its seconds column (scores keep 17 digits; failures keep their reasons).
no_seconds() { python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
drop = {i for i, h in enumerate(rows[0]) if h in ("seconds", "elapsed_s")}
for r in sorted(rows[1:]) if rows[0][:2] == ["arch", "proxy"] else rows[1:]:
    print(",".join(v for i, v in enumerate(r) if i not in drop))
PY
}
# JSON without timing and paths.
json_core() { python3 - "$1" <<'PY'
import json, sys
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in ("seconds", "elapsed", "elapsed_s", "found_at_seconds", "config", "threads", "finished_at", "origin", "source", "file")}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
print(json.dumps(strip(json.load(open(sys.argv[1]))), indent=1, sort_keys=True))
PY
}
same() {
  if diff -q <("$1" "$a/$2") <("$1" "$b/$2") >/dev/null; then
    echo "same:      $2"
  else
    echo "DIFFERENT: $2"; diff <("$1" "$a/$2") <("$1" "$b/$2") | head -10; status=1
  fi
}
same cat cells.txt
same no_seconds scores.csv
same no_seconds export.csv
same json_core search_lookup/best.json
same no_seconds search_lookup/trajectory.csv
same json_core search_live/best.json
same no_seconds search_live/trajectory.csv
same no_seconds live_export.csv
exit $status
