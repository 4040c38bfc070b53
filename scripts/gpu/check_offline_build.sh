#!/usr/bin/env bash
# Checks scripts/gpu/build_cuda.sh with an archive from scripts/gpu/pack_deps.sh where no GPU
# is needed: in a private mount namespace (root; util-linux unshare) it hides the headers and
# CMake packages of the Debian -dev packages zcnas builds against, and the antlr4 tool, so that
# the build can only succeed from the archive, then builds against Debian's CPU LibTorch.
#
#   sudo scripts/gpu/check_offline_build.sh gpu-deps.tar.xz [CLONE_DIR] [extra cmake args]
#   e.g. ... gpu-deps.tar.xz /tmp/zc -DCMAKE_CXX_STANDARD=20     # also the C++20 LibTorch >= 2.13 needs
#
# CLONE_DIR (default: a fresh clone in a temporary folder) gets build-cuda/ and build-cuda-deps/;
# then: source CLONE_DIR/build-cuda/env.sh; ctest --test-dir CLONE_DIR/build-cuda -LE 'slow|fuzz|gpu'.
set -euo pipefail
ARCHIVE=$(realpath "${1:?usage: check_offline_build.sh gpu-deps.tar.xz [CLONE_DIR] [cmake args]}")
CLONE=${2:-$(mktemp -d)}
shift $(($# >= 2 ? 2 : 1))
repo=$(cd "$(dirname "$0")/../.." && pwd)
[[ -d "$CLONE/.git" ]] || git clone -q "$repo" "$CLONE"

# shellcheck disable=SC2016
exec unshare -m bash -c '
set -euo pipefail
empty_dir=$(mktemp -d); empty_file=$(mktemp)
declare -A hidden
for p in libantlr4-runtime-dev libboost1.74-dev libboost-filesystem1.74-dev libtomlplusplus-dev libspdlog-dev \
         libfmt-dev libcli11-dev nlohmann-json3-dev libcsv-dev libsqlite3-dev libpng-dev zlib1g-dev \
         libjpeg62-turbo-dev catch2; do
  while read -r f; do
    case "$f" in
      /usr/include/x86_64-linux-gnu) continue ;;
      /usr/include/x86_64-linux-gnu/*) t=$f ;;
      /usr/include/*) t=$(cut -d/ -f1-4 <<<"$f") ;;
      /usr/lib/x86_64-linux-gnu/cmake/*|/usr/lib/cmake/*|/usr/share/cmake/*)
        t=$(sed -E "s|(/usr/(lib/x86_64-linux-gnu\|lib\|share)/cmake/[^/]+).*|\1|" <<<"$f") ;;
      *) continue ;;
    esac
    [[ -n "${hidden[$t]:-}" ]] && continue
    hidden[$t]=1
    if [[ -d "$t" && ! -L "$t" ]]; then mount --bind "$empty_dir" "$t"
    elif [[ -f "$t" && ! -L "$t" ]]; then mount --bind "$empty_file" "$t"; fi
  done < <(dpkg -L "$p")
done
[[ -e /usr/bin/antlr4 ]] && mount --bind "$empty_file" /usr/bin/antlr4
echo "check_offline_build: ${#hidden[@]} paths hidden (e.g. /usr/include/boost now holds $(ls /usr/include/boost | wc -l) entries)"
cd "$1"
ZCNAS_CPU_ONLY=1 ZCNAS_TORCH_PREFIX=/usr/lib/x86_64-linux-gnu/cmake/Torch ZCNAS_CMAKE_ARGS="${*:3}" \
  bash scripts/gpu/build_cuda.sh "$2"
' check_offline_build "$CLONE" "$ARCHIVE" "$@"
