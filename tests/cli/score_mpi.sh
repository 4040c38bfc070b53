#!/usr/bin/env bash
# mpirun -np N zcnas score: the ranks share the architectures and rank 0 gathers them into
# its CSV and run store; the result equals a single process's, result for result. A second
# mpirun on the same store computes nothing.
#   score_mpi.sh ZCNAS SPACE MPIEXEC RANKS
set -euo pipefail
zcnas=$1
space=$2
mpiexec=$3
ranks=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=(score "$space" --sample 12 -p synflow,jacov,nwot -b 16)
# Root in containers and CI; more ranks than cores on small machines.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none

"$zcnas" -q --threads 1 --store "$work/single.db" "${args[@]}" -o "$work/single.csv"
"$mpiexec" -np "$ranks" "$zcnas" --store "$work/mpi.db" "${args[@]}" -o "$work/mpi.csv" 2>"$work/mpi.log"
grep -q "$ranks MPI ranks" "$work/mpi.log" || { cat "$work/mpi.log" >&2; exit 1; }
grep -q "36 results computed, 0 reused" "$work/mpi.log" || { cat "$work/mpi.log" >&2; exit 1; }
key() { tail -n +2 "$1" | cut -d, -f1-3,5 | sort; }
diff <(key "$work/single.csv") <(key "$work/mpi.csv")
diff <(key "$work/single.csv") <("$zcnas" store export "$work/mpi.db" | key /dev/stdin)
# Every rank computed a share (the origin column of the store says who).
"$zcnas" store info "$work/mpi.db" | grep -q "computed by $ranks process(es)" ||
  { echo "FAIL: the results did not come from $ranks ranks:" >&2; "$zcnas" store info "$work/mpi.db" >&2; exit 1; }
"$mpiexec" -np "$ranks" "$zcnas" --store "$work/mpi.db" "${args[@]}" -o "$work/again.csv" 2>"$work/again.log"
grep -q "0 results computed, 36 reused" "$work/again.log" || { cat "$work/again.log" >&2; exit 1; }
diff <(key "$work/single.csv") <(key "$work/again.csv")
echo "mpirun -np $ranks: equal to the single process, result for result; rerun reused all 36"
