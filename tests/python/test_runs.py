"""zcnas.load_space / score / evaluate / search / combine: the CLI's runs from Python."""

import csv
import subprocess

import numpy as np
import pytest
import torch

import zcnas
from conftest import HERE, ROOT

NB201 = str(ROOT / "spaces" / "nasbench201.zc")


def test_a_space_samples_enumerates_and_builds_networks(zcnas_binary):
    space = zcnas.load_space(NB201)
    assert space.name == "nasbench201" and space.size == 15625
    archs = space.sample(5, seed=3)
    cli = subprocess.run([zcnas_binary, "space", "sample", NB201, "-n", "5", "--seed", "3"], check=True,
                         capture_output=True, text=True).stdout.split()
    assert archs == cli
    assert len(zcnas.load_space(str(HERE / "tiny_resnet.zc")).enumerate()) == 2

    net = space.network(archs[0], seed=0)
    x = torch.randn(2, 3, 32, 32)
    assert net(x).shape == (2, 10)
    assert net.parameter_count() == sum(p.numel() for p in net.parameters() if p.requires_grad)
    # its parameters are the network's own: a step of an optimiser changes what zcnas computes
    before = net(x).detach()
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    net(x).sum().backward()
    opt.step()
    assert not torch.allclose(before, net(x).detach())


def test_dsl_mistakes_carry_their_location(tmp_path):
    bad = tmp_path / "bad.zc"
    bad.write_text("space s {\n  input = [3, 32, 32];\n  w in { 8, 16 \n}\n")
    with pytest.raises(zcnas.BadInput, match=r"bad\.zc:\d+:\d+: "):
        zcnas.load_space(str(bad))
    with pytest.raises(zcnas.BadInput, match="not an architecture"):
        zcnas.load_space(NB201).network("|conv~0|")


def test_score_matches_the_cli_and_reuses_the_store(tmp_path, store, zcnas_binary):
    archs = zcnas.load_space(NB201).sample(3, seed=1)
    result = zcnas.score(NB201, archs=archs, proxies=["synflow", "nwot"], store=store)
    assert result.report["architectures"] == 3 and result.report["computed"] == 6
    again = zcnas.score(NB201, archs=archs, proxies=["synflow", "nwot"], store=store)
    assert again.report["reused"] == 6 and again.report["computed"] == 0

    listed = tmp_path / "archs.txt"
    listed.write_text("\n".join(archs) + "\n")
    out = tmp_path / "cli.csv"
    subprocess.run([zcnas_binary, "score", NB201, "--archs", str(listed), "--proxies", "synflow,nwot",
                    "--no-store", "-o", str(out)], check=True, capture_output=True)
    with open(out) as f:
        cli = {(r["arch"], r["proxy"]): float(r["score"]) if r["status"] == "ok" else float("nan")
               for r in csv.DictReader(f)}
    names, proxies, matrix = result.wide()
    assert len(cli) == matrix.size
    for i, a in enumerate(names):
        for j, p in enumerate(proxies):
            assert matrix[i, j] == pytest.approx(cli[(a, p)], rel=1e-12, nan_ok=True)
    assert result.protocol["dataset"]["name"] == "cifar10"


def test_score_takes_the_task_of_a_multi_task_space(store):
    micro = str(ROOT / "spaces" / "transnas_micro.zc")
    result = zcnas.score(micro, archs=["64-41414-3_13_213"], proxies=["params"], task="jigsaw",
                         dataset="imagenet", batch_size=2, store=store)
    assert result.protocol["task"]["name"] == "jigsaw"
    assert result.protocol["network"]["input_shape"] == [27, 64, 64]
    with pytest.raises(zcnas.BadInput, match="its tasks: class_object"):
        zcnas.score(micro, archs=["64-41414-3_13_213"], proxies=["params"], task="jigsw", dataset="imagenet",
                    batch_size=2, store=store)


def test_tables_without_pandas_are_numpy_columns(monkeypatch, store):
    import zcnas._tables

    monkeypatch.setattr(zcnas._tables, "_pandas", None)
    archs = zcnas.load_space(NB201).sample(2, seed=5)
    result = zcnas.score(NB201, archs=archs, proxies=["params"], store=store)
    assert isinstance(result.table, dict)
    assert result.table["score"].dtype == np.float64 and list(result.table["arch"]) == archs
    names, proxies, matrix = result.wide()
    assert names == archs and proxies == ["params"] and matrix.shape == (2, 1)


def test_evaluate_returns_the_report_as_python_values():
    report = zcnas.evaluate(scores=str(ROOT / "data" / "naslib_zc" / "zc_nasbench201.json"), task="cifar10",
                            label="val_accuracy", proxies=["synflow", "jacov"], bootstrap=50)
    text = repr(report)
    assert "synflow" in text and "jacov" in text
    with pytest.raises(zcnas.BadInput, match="cifar-10"):
        zcnas.evaluate(scores=str(ROOT / "data" / "naslib_zc" / "zc_nasbench201.json"), task="cifar-10",
                       label="val_accuracy")


def test_search_runs_and_resumes(tmp_path):
    config = ROOT / "examples" / "search" / "nb201_cifar10_libra.toml"
    out = tmp_path / "search"
    first = zcnas.search(config, evaluations=60, out=out, fresh=True, store="off")
    assert first.report["candidates"] == 60 and first.best
    assert len(first.trajectory["arch"]) == 60
    resumed = zcnas.search(config, evaluations=80, out=out, store="off")
    assert resumed.report["candidates"] == 80
    assert list(resumed.trajectory["arch"])[:60] == list(first.trajectory["arch"])


def test_combine_ranks_with_a_combiner_plugin():
    scores = {"a": [1.0, 2.0, 3.0, 4.0], "b": [10.0, 30.0, 20.0, 40.0]}
    combined, explanation = zcnas.combine(scores, "mean_rank")
    assert list(np.argsort(combined)) == [0, 1, 2, 3] or list(np.argsort(combined)) == [0, 2, 1, 3]
    assert np.argmax(combined) == 3 and np.argmin(combined) == 0
    assert explanation
    with pytest.raises(zcnas.BadInput, match="combiner"):
        zcnas.combine(scores, "no_such_combiner")


def test_ctrl_c_stops_a_score_that_resumes_from_the_store(tmp_path, store):
    """SIGINT during zcnas.score: KeyboardInterrupt after the architecture at hand, every
    result so far in the store, the same call then computes only the rest."""
    import os
    import signal
    import sys
    import time

    script = tmp_path / "long_score.py"
    script.write_text(
        "import sys, zcnas\n"
        "space = zcnas.load_space(sys.argv[1])\n"
        "try:\n"
        "    zcnas.score(space, sample=16, sample_seed=7, proxies=['snip', 'nwot'], store=sys.argv[2],\n"
        "                out=sys.argv[3], threads=1, quiet=True)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted', flush=True)\n"
        "    sys.exit(3)\n")
    out = tmp_path / "scores.csv"
    proc = subprocess.Popen([sys.executable, str(script), NB201, store, str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and (not out.exists() or len(out.read_text().splitlines()) < 7):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 3 and "interrupted" in stdout, (proc.returncode, stdout, stderr)
    rows = len(out.read_text().splitlines()) - 1
    assert 6 <= rows < 32

    again = zcnas.score(NB201, sample=16, sample_seed=7, proxies=["snip", "nwot"], store=store, threads=1)
    assert again.report["reused"] >= rows and again.report["reused"] + again.report["computed"] == 32
