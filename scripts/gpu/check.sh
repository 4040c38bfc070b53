#!/usr/bin/env bash
# Everything issue 11 measures on a GPU, in one command for a short lease of a GPU machine:
# build against the machine's CUDA LibTorch (scripts/gpu/build_cuda.sh, with the packed
# Debian dependencies), the gpu test group (device-aware unit tests on cuda and the CPU-vs-GPU
# agreement), then the AutoFormer-Small L-SWAG benchmark. Logs and results go to OUT.
#
#   scripts/gpu/check.sh gpu-deps.tar.xz OUT_DIR [N]
#   ZCNAS_CHECK_STEPS="bench" scripts/gpu/check.sh ...   # some of: build tests bench (default all)
set -uo pipefail
cd "$(dirname "$0")/../.."
DEPS=${1:?usage: scripts/gpu/check.sh gpu-deps.tar.xz OUT_DIR [N]}
OUT=${2:?usage: scripts/gpu/check.sh gpu-deps.tar.xz OUT_DIR [N]}
N=${3:-1000}
mkdir -p "$OUT"
export ZCNAS_BUILD_DIR=${ZCNAS_BUILD_DIR:-build-cuda}

STEPS=" ${ZCNAS_CHECK_STEPS:-build tests bench} "
step() { [[ "$STEPS" == *" $1 "* ]]; }
begin=$(date +%s)
tests=0
stamp() { echo "[check $(($(date +%s) - begin)) s] $*"; }
if step build; then
  stamp "build"
  bash scripts/gpu/build_cuda.sh "$DEPS" >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; stamp "build failed"; exit 1; }
  tail -25 "$OUT/build.log"
fi
source "$ZCNAS_BUILD_DIR/env.sh"
if step tests; then
  stamp "ctest -L gpu"
  ctest --test-dir "$ZCNAS_BUILD_DIR" -L gpu -j4 --output-on-failure --timeout 900 >"$OUT/ctest_gpu.log" 2>&1
  tests=$?
  tail -15 "$OUT/ctest_gpu.log"
fi
if step bench; then
  stamp "benchmark: $N AutoFormer-Small networks"
  bash bench/gpu/run.sh "$ZCNAS_BUILD_DIR" "$N" "$OUT" 2>&1 | tee "$OUT/bench.log" | tail -8
fi
stamp "done (tests exit $tests)"
exit $tests
