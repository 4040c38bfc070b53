#!/usr/bin/env bash
# Builds zcnas against a CUDA LibTorch 2.x, by default the one inside the machine's PyTorch
# installation, with the other dependencies either installed (Debian: scripts/setup.sh's
# packages) or taken from the archive scripts/gpu/pack_deps.sh made on a Debian 12 machine,
# unpacked into the build folder: nothing is installed, nothing is fetched.
#
#   scripts/gpu/build_cuda.sh [gpu-deps.tar.xz]
#
# Environment: ZCNAS_BUILD_DIR (default build-cuda), ZCNAS_TORCH_PREFIX (default: python3's
# torch.utils.cmake_prefix_path), ZCNAS_JOBS (default: every core), TORCH_CUDA_ARCH_LIST
# (default: the visible GPU's compute capability, as torch reports it), ZCNAS_CMAKE_ARGS (more
# configure arguments, split on spaces), ZCNAS_CPU_ONLY=1 (a
# CPU LibTorch: only to check this script where there is no GPU).
# Then: source build-cuda/env.sh; ctest --test-dir build-cuda -L gpu; bench/gpu/run.sh build-cuda
# (scripts/gpu/check.sh does all of it).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${ZCNAS_BUILD_DIR:-build-cuda}
JOBS=${ZCNAS_JOBS:-$(nproc)}
DEPS_ARCHIVE=${1:-}

die() { echo "build_cuda: $*" >&2; exit 1; }
for tool in cmake c++ make; do command -v $tool >/dev/null || die "needs '$tool' on the PATH"; done

TORCH_PREFIX=${ZCNAS_TORCH_PREFIX:-}
if [[ -z "$TORCH_PREFIX" ]]; then
  TORCH_PREFIX=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null) ||
    die "no ZCNAS_TORCH_PREFIX and python3 cannot import torch: name a LibTorch (its share/cmake folder)"
  # Debian's libstdc++ ABI is the C++11 one; a LibTorch built with the old ABI (PyTorch
  # wheels before 2.7) cannot link with Debian's libraries. Refuse it here, not at link time.
  abi=$(python3 -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')
  [[ "$abi" == 1 ]] || die "this PyTorch's LibTorch uses the pre-C++11 std::string ABI; take a cxx11-abi LibTorch (ZCNAS_TORCH_PREFIX)"
  if [[ -z "${TORCH_CUDA_ARCH_LIST:-}" ]]; then
    TORCH_CUDA_ARCH_LIST=$(python3 -c 'import torch; c = torch.cuda.get_device_capability() if torch.cuda.is_available() else None; print(f"{c[0]}.{c[1]}" if c else "")')
    [[ -n "$TORCH_CUDA_ARCH_LIST" ]] && export TORCH_CUDA_ARCH_LIST
  fi
fi
[[ -d "$TORCH_PREFIX" ]] || die "LibTorch prefix '$TORCH_PREFIX' is not a folder"

prefixes="$TORCH_PREFIX"
extra=()
mkdir -p "$BUILD_DIR"
if [[ -n "$DEPS_ARCHIVE" ]]; then
  [[ -f "$DEPS_ARCHIVE" ]] || die "no archive '$DEPS_ARCHIVE' (make it with scripts/gpu/pack_deps.sh)"
  mkdir -p "$BUILD_DIR"
  # Beside the build folder, not in it: exported targets may not point into a build tree.
  deps="$(realpath -m "$BUILD_DIR")-deps"
  rm -rf "$deps" && mkdir -p "$deps"
  tar -C "$deps" -xJf "$DEPS_ARCHIVE" || die "cannot unpack '$DEPS_ARCHIVE'"
  prefixes="$prefixes;$deps/root/usr"
  # The DSL parser generated with the archive (no Java needed; refused if the grammar changed since).
  extra+=(-DZCNAS_GRAMMAR_GENERATED_DIR="$deps/grammar")
  # Debian keeps CMake packages and libraries under lib/<arch>: CMake looks there only if it
  # knows the architecture (it does on Debian and Ubuntu; say it for the others). The
  # unpacked libraries' own dependencies on each other need the loader's path, at link time
  # and when the tests run: $BUILD_DIR/env.sh sets it.
  extra+=(-DCMAKE_LIBRARY_ARCHITECTURE=x86_64-linux-gnu)
  echo "export LD_LIBRARY_PATH=\"$deps/root/usr/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}\"" >"$BUILD_DIR/env.sh"
  # shellcheck disable=SC1091
  source "$BUILD_DIR/env.sh"
else
  : >"$BUILD_DIR/env.sh"
fi
# The CUDA toolkit LibTorch's CMake files look for: nvcc on the PATH, or CUDA's usual home.
if ! command -v nvcc >/dev/null && [[ -x /usr/local/cuda/bin/nvcc ]]; then export PATH="/usr/local/cuda/bin:$PATH"; fi

cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefixes" \
  -DZCNAS_BUILD_BENCH=OFF "${extra[@]}" ${ZCNAS_CMAKE_ARGS:-}
cmake --build "$BUILD_DIR" -j"$JOBS"
"$BUILD_DIR/zcnas" version
# ZCNAS_CPU_ONLY=1: checking this script against a CPU LibTorch, where no device is expected.
if [[ "${ZCNAS_CPU_ONLY:-0}" != 1 ]]; then
  "$BUILD_DIR/zcnas" --device cuda doctor || die "the build does not see a CUDA device (above: what it found)"
fi
