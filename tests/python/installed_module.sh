#!/usr/bin/env bash
# `cmake --install` into a fresh prefix, then the package imported from there alone: it finds
# its shared libraries, the installed plugins, spaces and data, and scores a module.
#   installed_module.sh BUILD_DIR PYTHON
set -euo pipefail
build=$1 python=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
site=$(find "$prefix" -type d -name zcnas -path "*dist-packages*" | head -1)
[[ -n "$site" ]] || { echo "no zcnas package under $prefix" >&2; exit 1; }
cd "$prefix"  # nothing of the build or source tree on the way
env -u ZCNAS_PLUGIN_PATH -u ZCNAS_BUILD_DIR PYTHONPATH="$(dirname "$site")" "$python" - "$prefix" <<'PY'
import sys, torch, zcnas
prefix = sys.argv[1]
assert zcnas.__file__.startswith(prefix), zcnas.__file__
plugins = zcnas.plugins()
assert plugins and all(p["path"].startswith(prefix) for p in plugins), plugins[:2]
space = zcnas.load_space(prefix + "/share/zcnas/spaces/nasbench201.zc")
arch = space.sample(1, seed=0)[0]
net = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1),
                          torch.nn.Flatten(), torch.nn.Linear(4, 10))
s = zcnas.score_module(net, proxies=["params", "nwot"], store="off")
assert s["params"] == 3 * 4 * 9 + 4 + 50 and s.status["nwot"].ok, s.status
assert s.protocol["dataset"]["source"].startswith(prefix), s.protocol["dataset"]
print(f"installed: {len(plugins)} plugins from {prefix}, {space.name} ({arch}), score_module ok")
PY
