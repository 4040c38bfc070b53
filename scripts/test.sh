#!/usr/bin/env bash
# README command 2: set up, build, and run the test suite through ctest.
# Heavy groups (labels slow, fuzz, gpu) are left out; run them with
#   ctest --test-dir build -L slow
set -euo pipefail
cd "$(dirname "$0")/.."
# chromium renders the HTML report; pytest and pandas run the Python module's tests.
ZCNAS_EXTRA_PACKAGES="chromium python3-pytest python3-pandas ${ZCNAS_EXTRA_PACKAGES:-}" scripts/setup.sh
BUILD_DIR=${ZCNAS_BUILD_DIR:-build}
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"${ZCNAS_JOBS:-$(nproc)}" -LE 'slow|fuzz|gpu'
# The torch-free libraries and their tests again, under ASan + UBSan (a build of its own in
# build-sanitize/, minutes: no LibTorch in it).
scripts/sanitize_torch_free.sh
