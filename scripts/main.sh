#!/usr/bin/env bash
# README command 1: set up, build, and run the main job on shipped data.
# Until the scoring and search issues land, the main job shows what works end to end:
# the plugin catalogue, `zcnas doctor` (every proxy on a small network), and the shipped
# NAS-Bench-201 space (its size, and a seeded sample of canonical cell strings).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR=${ZCNAS_BUILD_DIR:-build}
zcnas="$BUILD_DIR/zcnas"
"$zcnas" plugins
echo
"$zcnas" doctor
echo
"$zcnas" space info spaces/nasbench201.zc
echo
echo "five NAS-Bench-201 cells, seed 0:"
"$zcnas" space sample spaces/nasbench201.zc -n 5 --seed 0
