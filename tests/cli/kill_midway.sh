# Sourced by the resume tests (score_resume.sh, search_resume.sh).
#   kill_midway PID FILE ROWS MIN MAX [SIGNAL]
# Waits (up to 30 s) until FILE holds ROWS data rows (lines after its header), sends PID
# SIGNAL (KILL unless given), reaps it, and sets cut_at to the rows FILE held then and
# exit_status to PID's. Fails unless
# MIN <= cut_at < MAX: the kill must land midway for the test to mean anything.
# Not in a subshell: PID must be this shell's child for wait to reap it.
kill_midway() {
  local pid=$1 file=$2 want=$3 min=$4 max=$5 sig=${6:-KILL}
  data_rows() { local n=1; [[ -f $file ]] && n=$(wc -l <"$file"); echo $((n - 1)); }
  for _ in $(seq 1 1500); do
    [[ $(data_rows) -ge $want ]] && break
    sleep 0.02
  done
  kill -s "$sig" "$pid" 2>/dev/null || true
  exit_status=0
  wait "$pid" 2>/dev/null || exit_status=$?
  cut_at=$(data_rows)
  if [[ $cut_at -lt $min || $cut_at -ge $max ]]; then
    echo "FAIL: the kill landed at $cut_at of $max rows; it must land midway" >&2
    return 1
  fi
}
