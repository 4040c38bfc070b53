#!/usr/bin/env bash
# README command 1: set up, build, and run the main job on shipped data.
# Until the search issues land, the main job is `zcnas doctor`: it loads every plugin,
# prints the catalogue, and scores a small network with every proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR=${ZCNAS_BUILD_DIR:-build}
"$BUILD_DIR/zcnas" plugins
echo
"$BUILD_DIR/zcnas" doctor
