#!/usr/bin/env bash
# README command 1: set up, build, and run the main job on shipped data.
# The plugin catalogue, `zcnas doctor` (every proxy on a small network), the shipped
# NAS-Bench-201 space, 8 seeded NB201 cells scored with every proxy on real CIFAR-10, and a
# short LIBRA-guided evolution on NB201 that prints the cell it found with its true accuracy.
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
echo "scoring 8 NAS-Bench-201 cells with every proxy on CIFAR-10 (batch 64, seed 0):"
"$zcnas" --store "$BUILD_DIR/zcnas.db" score spaces/nasbench201.zc --sample 8 --sample-seed 0 -o "$BUILD_DIR/main_scores.csv"
echo "scores: $BUILD_DIR/main_scores.csv (protocol: $BUILD_DIR/main_scores.csv.protocol.json)"
head -5 "$BUILD_DIR/main_scores.csv"
echo
echo "searching NAS-Bench-201 for CIFAR-10: regularised evolution guided by LIBRA (fitted on 100 labelled"
echo "cells), Suite-Zero's proxy scores looked up, 400 candidates:"
"$zcnas" search examples/search/nb201_cifar10_libra.toml -n 400 -o "$BUILD_DIR/main_search" --fresh --no-progress
echo
echo "one HTML page of it: LIBRA and the proxies on NAS-Bench-201 CIFAR-10 (Suite-Zero scores) and this search:"
"$zcnas" -q evaluate examples/libra_suite/nb201_cifar10.toml --json "$BUILD_DIR/main_evaluation.json" -o /dev/null
"$zcnas" report -e "$BUILD_DIR/main_evaluation.json" -s "$BUILD_DIR/main_search" --title "zcnas main job" \
  -o "$BUILD_DIR/main_report.html"
