#!/usr/bin/env bash
# Scale-out and run-store benchmark: the same NAS-Bench-201 sample scored by one process,
# by 2 MPI ranks, by one process with 2 threads, and as 2 shards merged afterwards; then
# the store's costs (a run with no store, a rerun that reuses everything).
#   bench/scale_out/run.sh [BUILD_DIR] [N]     (results: bench/results/scale_out.md)
set -euo pipefail
build=${1:-build}
n=${2:-60}
zcnas="$build/zcnas"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none OMP_WAIT_POLICY=PASSIVE
args=(score spaces/nasbench201.zc --sample "$n" -p synflow,jacov,nwot,snip,zico -b 64)
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>>"$work/log"; e=$(date +%s.%N); echo "$e - $s" | bc; }
key() { tail -n +2 "$1" | cut -d, -f1-3,5 | sort; }

one=$(t "$zcnas" -q --threads 1 --store "$work/one.db" "${args[@]}" -o "$work/one.csv")
mpi2=$(t mpirun -np 2 "$zcnas" -q --store "$work/mpi.db" "${args[@]}" -o "$work/mpi.csv")
threads2=$(t "$zcnas" -q --threads 2 --store "$work/t2.db" "${args[@]}" -o "$work/t2.csv")
s=$(date +%s.%N)
"$zcnas" -q --threads 1 --store "$work/a.db" "${args[@]}" --shard 0/2 -o "$work/a.csv" 2>>"$work/log" &
p=$!
"$zcnas" -q --threads 1 --store "$work/b.db" "${args[@]}" --shard 1/2 -o "$work/b.csv" 2>>"$work/log"
wait $p
"$zcnas" store merge "$work/merged.db" "$work/a.db" "$work/b.db" >/dev/null
shards=$(echo "$(date +%s.%N) - $s" | bc)
nostore=$(t "$zcnas" -q --threads 1 --no-store "${args[@]}" -o "$work/nostore.csv")
rerun=$(t "$zcnas" -q --threads 1 --store "$work/one.db" "${args[@]}" -o "$work/rerun.csv")

same=yes
diff -q <(key "$work/one.csv") <(key "$work/mpi.csv") >/dev/null || same="NO (mpi)"
diff -q <(key "$work/one.csv") <("$zcnas" store export "$work/merged.db" | key /dev/stdin) >/dev/null || same="NO (shards)"
diff -q <(key "$work/one.csv") <(key "$work/rerun.csv") >/dev/null || same="NO (rerun)"
printf '| %s | %s |\n' \
  "1 process, 1 thread" "$(printf %.1f "$one") s (1.00x)" \
  "mpirun -np 2 (1 thread each)" "$(printf %.1f "$mpi2") s ($(echo "scale=2; $one / $mpi2" | bc)x)" \
  "1 process, 2 threads" "$(printf %.1f "$threads2") s ($(echo "scale=2; $one / $threads2" | bc)x)" \
  "--shard 0/2 + 1/2 at once, then store merge" "$(printf %.1f "$shards") s ($(echo "scale=2; $one / $shards" | bc)x)" \
  "1 process, 1 thread, --no-store" "$(printf %.1f "$nostore") s" \
  "rerun on the filled store (all reused)" "$(printf %.2f "$rerun") s"
echo "results identical to the single process (mpi, shards, rerun): $same"
echo "n=$n architectures, 5 proxies (synflow, jacov, nwot, snip, zico), CIFAR-10 batch 64, $(nproc) cores"
