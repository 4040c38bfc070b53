#!/usr/bin/env python3
"""zcnas's TransNAS macro autoencoder against NASLib's own model code (what Suite-Zero scored).

NASLib (automl/NASLib, commit 0b51bc184622a98317ea1048b2daf7dd1150f243) builds TransNAS networks
with TransNAS-Bench-101's code: naslib/search_spaces/transbench101/tnb101/model_builder.py
(create_model), models/net_infer/net_macro.py (MacroNet, with its _kaiming_init of the
encoder), models/net_infer/cell_micro.py (ResNetBasicblock, whose shortcut
`nn.BatchNorm2d(planes, affine, track_running_stats)` gets eps = momentum = 1 by position) and
models/decoder.py (GenerativeDecoder, PyTorch's default init). Needs python3-torch, that
checkout (NASLIB), and for `same-weights` zcnas's Python module (build/python).

  naslib_check.py same-weights NASLIB N
      zcnas's network of the first N 4-layer networks of the sample with its weights copied
      into NASLib's model: largest output difference and grad_norm of both, with NASLib's
      shortcut eps as written (1) and set to 1e-5 (zcnas's).
  naslib_check.py grad-norm NASLIB N OUT.csv
      grad_norm and snip of NASLib's model on N(0, 1) inputs (batch 8, L1 loss to the input,
      zcnas's `-d gaussian`), for the first N sample networks Suite-Zero scored, with its
      init or PyTorch's default and its shortcut eps or 1e-5; compare with
      `zcnas score ... --task autoencoder -d gaussian -b 8 -p grad_norm,snip --proxy-layers conv-linear`
      with compare.
  naslib_check.py compare OUT.csv ZCNAS_SCORES.csv
      Spearman of each column with Suite-Zero's score, the truth and zcnas's.
"""
import csv
import sys
import tempfile
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "bench"))
from agreement import spearman  # noqa: E402
from common.score_files import read_scores  # noqa: E402

SUITE = ROOT / "bench/results/transnas/macro_autoencoder_conv_linear_suite_scores.csv"
SAMPLE = HERE / "sample_macro_300.txt"
VARIANTS = [("naslib", True), ("naslib", False), ("default", True), ("default", False)]  # init, shortcut eps 1


def naslib(path):
    # model_builder imports torchvision for resnet50, which the macro space never builds.
    tv = types.ModuleType("torchvision")
    tv.models = types.ModuleType("torchvision.models")
    sys.modules.update({"torchvision": tv, "torchvision.models": tv.models})
    sys.path.insert(0, str(Path(path) / "naslib/search_spaces/transbench101"))
    from tnb101.model_builder import create_model
    return create_model


def code(arch):  # blocks=4;block[0]=1;... -> 64-1...-basic
    return "64-" + "".join(kv.split("=")[1] for kv in arch.split(";")[1:]) + "-basic"


def set_shortcut_eps(model, eps):
    import torch.nn as nn
    for m in model.encoder.modules():
        if isinstance(m, nn.BatchNorm2d) and m.eps == 1.0:
            m.eps, m.momentum = eps, 0.1


def weighted(model):
    import torch.nn as nn
    return [m for m in list(model.encoder.modules()) + list(model.decoder.modules())
            if isinstance(m, (nn.Conv2d, nn.Linear)) and m.weight.grad is not None]


def same_weights(path, n):
    import torch
    import torch.nn as nn
    sys.path.insert(0, str(ROOT / "build/python"))
    import zcnas
    create_model = naslib(path)
    # The Python module builds a space's network at its declared task, and the superset's
    # six-down-sampling codes fail the autoencoder's check: a copy declared for the
    # autoencoder with 4 layers.
    tmp = Path(tempfile.mkdtemp())
    (tmp / "transnas_tasks.zc").write_text((ROOT / "spaces/transnas_tasks.zc").read_text())
    text = (ROOT / "spaces/transnas_macro.zc").read_text()
    text = text.replace("task    = class_object;", "task    = autoencoder;\n  output  = [3, 256, 256];")
    (tmp / "transnas_macro.zc").write_text(text.replace("blocks in { 4, 5, 6 };", "blocks in { 4 };"))
    space = zcnas.load_space(str(tmp / "transnas_macro.zc"))
    archs = [a for a in SAMPLE.read_text().split() if a.startswith("blocks=4;")][:n]
    x = torch.randn(8, 3, 256, 256, generator=torch.Generator().manual_seed(0))
    for arch in archs:
        net = space.network(arch, seed=0)
        ours = list(net.named_parameters())
        row = [arch]
        for eps in (None, 1e-5):
            model = create_model(code(arch), "autoencoder")
            theirs = list(model.encoder.parameters()) + list(model.decoder.parameters())
            assert len(ours) == len(theirs)
            with torch.no_grad():
                for (_, a), b in zip(ours, theirs):
                    b.copy_(a)
            if eps:
                set_shortcut_eps(model, eps)
            model.train()
            net.train(True)
            y, z = model(x), net.forward(x)
            nn.L1Loss()(y, x).backward()
            gz = torch.autograd.grad(nn.L1Loss()(z, x), [t for _, t in ours], allow_unused=True)
            # the same layers on both sides: parameters correspond one to one, in order
            index = {id(t): i for i, t in enumerate(theirs)}
            gn_ours = sum(gz[index[id(m.weight)]].norm().item() for m in weighted(model))
            row += [f"eps {eps or 1}: max |out diff| {(y - z).abs().max().item():.3g}",
                    f"grad_norm {sum(m.weight.grad.norm().item() for m in weighted(model)):.6g} (NASLib) "
                    f"{gn_ours:.6g} (zcnas)"]
        print(" | ".join(row), flush=True)


def grad_norm(path, n, out):
    import torch
    import torch.nn as nn
    torch.set_num_threads(1)
    create_model = naslib(path)
    suite = {r["arch"]: r for r in csv.DictReader(open(SUITE))}
    archs = [a for a in SAMPLE.read_text().split() if a in suite][:n]
    x = torch.randn(8, 3, 256, 256, generator=torch.Generator().manual_seed(0))
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["arch"] + [f"{p}_{i}_eps{'1' if q else '1e-5'}" for i, q in VARIANTS for p in ("grad_norm", "snip")])
        for arch in archs:
            row = [arch]
            for init, quirk in VARIANTS:
                torch.manual_seed(0)
                model = create_model(code(arch), "autoencoder")
                if init == "default":
                    for m in model.encoder.modules():
                        if isinstance(m, (nn.Conv2d, nn.BatchNorm2d)):
                            m.reset_parameters()
                if not quirk:
                    set_shortcut_eps(model, 1e-5)
                model.train()
                nn.L1Loss()(model(x), x).backward()
                layers = weighted(model)
                row += [sum(m.weight.grad.norm().item() for m in layers),
                        sum((m.weight.grad * m.weight).abs().sum().item() for m in layers)]
            w.writerow(row)
            f.flush()
            print(arch, flush=True)


def compare(out, zcnas_scores):
    suite = {r["arch"]: r for r in csv.DictReader(open(SUITE))}
    truth = {r["arch"]: float(r["autoencoder"]) for r in csv.DictReader(open(HERE / "truth_macro.csv"))
             if r.get("autoencoder")}
    ours = read_scores(zcnas_scores)
    rows = list(csv.DictReader(open(out)))
    print("| scores | proxy | networks | rho with Suite-Zero's | rho with the truth (SSIM) | rho with zcnas's |")
    print("|---|---|---|---|---|---|")
    for proxy in ("grad_norm", "snip"):
        rr = [r for r in rows if r["arch"] in ours.get(proxy, {})]
        s = [float(suite[r["arch"]][proxy]) for r in rr]
        t = [truth[r["arch"]] for r in rr]
        z = [ours[proxy][r["arch"]] for r in rr]
        print(f"| Suite-Zero | {proxy} | {len(rr)} | 1 | {spearman(s, t):.3f} | {spearman(s, z):.3f} |")
        print(f"| zcnas ({Path(zcnas_scores).name}) | {proxy} | {len(rr)} | {spearman(z, s):.3f} | {spearman(z, t):.3f} | 1 |")
        for col in [c for c in rows[0] if c.startswith(proxy + "_")]:
            v = [float(r[col]) for r in rr]
            print(f"| NASLib's model, {col[len(proxy) + 1:]} | {proxy} | {len(rr)} | {spearman(v, s):.3f} | "
                  f"{spearman(v, t):.3f} | {spearman(v, z):.3f} |")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd = sys.argv[1]
    if cmd == "same-weights":
        same_weights(sys.argv[2], int(sys.argv[3]))
    elif cmd == "grad-norm":
        grad_norm(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif cmd == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
