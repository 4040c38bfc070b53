#!/usr/bin/env bash
# Installs the Debian 12 packages zcnas needs (only the missing ones), then configures and
# builds it in ./build. Idempotent and quiet when everything is already there; fails
# loudly, naming the package, when something cannot be installed.
#
#   scripts/setup.sh            # packages + build
#   ZCNAS_BUILD_DIR=out scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${ZCNAS_BUILD_DIR:-build}
JOBS=${ZCNAS_JOBS:-$(nproc)}

# libopenblas0-openmp: without it LibTorch falls back to reference BLAS (30x slower).
# ccache: a rebuild in a fresh clone takes seconds instead of minutes.
# libsqlite3-dev: the run store; OpenMPI: `mpirun zcnas score` across ranks and machines;
# libxgboost-dev: the xgboost combiner (a trained predictor over the proxies).
# python3-torch, pybind11-dev, python3-dev, python3-numpy: the Python module (core/python/),
# built against the same PyTorch as libtorch-dev.
PACKAGES=(
  cmake make g++ ccache
  libtorch-dev libopenblas0-openmp
  antlr4 libantlr4-runtime-dev
  libboost-dev libboost-filesystem-dev
  libtomlplusplus-dev libspdlog-dev libcli11-dev nlohmann-json3-dev libpng-dev libjpeg-dev libcsv-dev gnuplot-nox
  libsqlite3-dev libopenmpi-dev openmpi-bin libxgboost-dev
  python3-torch pybind11-dev python3-dev python3-numpy
  catch2
)
# The test command adds what only tests need (chromium renders the HTML report).
read -r -a extra <<<"${ZCNAS_EXTRA_PACKAGES:-}"
PACKAGES+=("${extra[@]}")

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    SUDO=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq >/dev/null || { echo "setup: apt-get update failed" >&2; exit 1; }
  if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/zcnas-apt.log 2>&1; then
    tail -20 /tmp/zcnas-apt.log >&2
    echo "setup: apt-get install failed (log: /tmp/zcnas-apt.log)" >&2
  fi
  for p in "${missing[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || { echo "setup: package '$p' could not be installed" >&2; exit 1; }
  done
fi

blas=$(update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | sed -n 's/^Value: //p')
if [[ -n "$blas" && "$blas" != *openblas-openmp* ]]; then
  echo "setup: warning: libblas.so.3 points to $blas; LibTorch is far faster with openblas-openmp" >&2
  echo "       (update-alternatives --set libblas.so.3-x86_64-linux-gnu <openblas-openmp path>)" >&2
fi

if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
log="$BUILD_DIR/build.log"
echo "setup: building in $BUILD_DIR with $JOBS jobs (log: $log)" >&2
if ! cmake --build "$BUILD_DIR" -j"$JOBS" >"$log" 2>&1; then
  grep -E "error|Error" "$log" | head -30 >&2 || true
  echo "setup: build failed; full log: $log" >&2
  exit 1
fi
