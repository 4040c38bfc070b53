"""zcnas from Python: zero-cost proxies on your own torch.nn.Module, and zcnas's runs
(score, evaluate, search) over DSL spaces, with the plugins, run store and protocol of the CLI.

    import torch, zcnas
    scores = zcnas.score_module(my_model, proxies=["synflow", "zico"], dataset="cifar10")
    scores["synflow"], scores.status["zico"].error, scores.protocol["batch_rows"]

    space = zcnas.load_space("spaces/nasbench201.zc")
    archs = space.sample(20, seed=1)
    result = zcnas.score(space, archs=archs, proxies=["synflow", "zico"])
    result.table          # pandas DataFrame when pandas is installed, else numpy columns

Every call takes the CLI's run settings as keywords: config (a run TOML), store (a file,
"off" or False), device, seed, threads, batchnorm ("train"/"eval"), isolate, proxy_timeout,
pass_chunk (sub-batch passes, as --pass-chunk), plugin_path, verbose, quiet. Errors are zcnas.Error (zcnas.BadInput for the user's to fix)
with the CLI's messages: file:line:col for a DSL or TOML mistake, the plugin for a refusal.
"""

import json as _json
import math as _math
import os as _os
import tempfile as _tempfile
from typing import NamedTuple as _NamedTuple

import torch  # PyTorch's types must be loaded before the extension hands tensors over

from . import _paths
from . import _zcnas
from ._tables import read_table as _read_table, wide_scores as _wide_scores
from ._zcnas import BadInput, Error

__version__ = _zcnas.version
__all__ = ["score_module", "load_space", "score", "evaluate", "search", "combine", "plugins", "Error", "BadInput",
           "ModuleScores", "ProxyScore", "Space", "SpaceNetwork", "ScoreResult", "SearchResult"]

_zcnas.set_program_dir(_os.environ.get("ZCNAS_PROGRAM_DIR", _paths.PROGRAM_DIR))


def plugins(**settings):
    """The loaded plugins: a list of {name, kind, version, path}."""
    return _zcnas.plugins(**settings)


class ProxyScore(_NamedTuple):
    """One proxy's result: its score (NaN when it failed), and why it failed."""
    score: float
    ok: bool
    error: str
    not_applicable: bool
    seconds: float


class ModuleScores:
    """What score_module() returns: scores by proxy name, each one's status, and the protocol
    (dataset, batch rows, seed, BatchNorm mode, plugin versions: the record beside a score CSV)."""

    def __init__(self, raw):
        self.status = {o["proxy"]: ProxyScore(o["score"], o["ok"], o["error"], o["not_applicable"], o["seconds"])
                       for o in raw["outcomes"]}
        self.scores = {name: s.score for name, s in self.status.items()}
        self.protocol = _json.loads(raw["protocol"])
        self.layers = list(raw["layers"])
        self.activation_sites = raw["activation_sites"]
        self.parameters = raw["parameters"]

    def __getitem__(self, proxy):
        return self.scores[proxy]

    def __iter__(self):
        return iter(self.scores)

    @property
    def failed(self):
        """{proxy: reason} for the proxies that gave no score."""
        return {n: s.error for n, s in self.status.items() if not s.ok}

    def __repr__(self):
        cells = ", ".join(f"{n}={s:.6g}" if not _math.isnan(s) else f"{n}=failed" for n, s in self.scores.items())
        return f"ModuleScores({cells})"


def score_module(module, proxies=None, dataset="cifar10", batch_size=64, seed=0, device="cpu", *, batches=0,
                 input_size=0, blocks=(), factory=None, **settings):
    """Scores your own torch.nn.Module with proxy plugins (default: every loaded proxy).

    The network's weighted layers and activation sites are its Conv2d / Linear and
    ReLU / GELU / ReLU6 / SiLU submodules, in the order one forward pass runs them (activations
    computed through torch.nn.functional are not seen); gradients flow through its own
    parameters, on `seed`'s batches of `dataset` (those `zcnas score` draws). The module's
    weights are left as they were. Proxies that read AZ-NAS's block boundaries need `blocks`,
    the submodule names whose outputs end a block; TE-NAS's linear regions build a thin variant
    of the network and need `factory(seed, settings) -> torch.nn.Module` (settings: the DSL
    space settings the proxy changes, for tenas_lr {"stem": [1], "stages": [1, 2],
    "cells_per_stage": [1], "input": [1, 4, 4]}: one channel wide, on one-channel 4 x 4 crops);
    without them those proxies fail with the reason in .status.

    Layer order is the order forward() calls the layers: proxies that redraw weights (zen,
    AZ-NAS, vkdnw) draw layer by layer in it, so a module that runs a shortcut before its
    residual branch is, for them, another network than a DSL block written the other way round.
    """
    with _left_as_it_was(module):
        raw = _zcnas.score_module(module, list(proxies or []), dataset, batch_size, batches, input_size,
                                  list(blocks), factory, seed=seed, device=device, **settings)
    return ModuleScores(raw)


class _left_as_it_was:
    """Scoring runs passes in train mode (BatchNorm's running statistics move), leaves gradients
    and may move the module to the scoring device: all of it is put back afterwards."""

    def __init__(self, module):
        self.module = module

    def __enter__(self):
        if not isinstance(self.module, torch.nn.Module):
            return self
        self.flags = [(m, m.training) for m in self.module.modules()]
        self.tensors = [(t, t.detach().clone()) for t in self.module.state_dict(keep_vars=True).values()]
        self.grads = [(p, p.grad) for p in self.module.parameters()]
        return self

    def __exit__(self, *exc):
        if not isinstance(self.module, torch.nn.Module):
            return False
        with torch.no_grad():
            for t, saved in self.tensors:
                if t.device != saved.device or t.dtype != saved.dtype:
                    t.data = saved
                else:
                    t.copy_(saved)
        for p, g in self.grads:
            p.grad = g
        for m, flag in self.flags:
            m.training = flag
        return False


class SpaceNetwork(torch.nn.Module):
    """A network of a DSL space as a torch.nn.Module: its parameters are the network's own
    tensors (train it, read them, load a state_dict into them); forward() runs zcnas's network."""

    def __init__(self, network, space, arch):
        super().__init__()
        self._net = network
        self.space_name, self.arch = space, arch
        self._adopt()

    def _adopt(self):
        # The network's own tensors, not copies: an optimiser steps what zcnas computes with.
        self._parameters.clear()
        self._buffers.clear()
        for name, t in self._net.named_parameters():
            self._parameters[name] = t
        for name, t in self._net.named_buffers():
            self._buffers[name] = t

    def forward(self, x):
        return self._net.forward(x)

    def train(self, mode=True):
        super().train(mode)
        self._net.train(mode)
        return self

    def to(self, device):
        """Moves the network (device only: a dtype change would leave zcnas's modules behind)."""
        self._net.to(str(torch.device(device)))
        self._adopt()
        return self

    def layers(self):
        """The weighted layers in forward order: {name, kind, depth, shape}."""
        return self._net.layers()

    def parameter_count(self):
        """Trainable parameters (BatchNorm's affine included), as zcnas counts them."""
        return self._net.parameter_count()

    def extra_repr(self):
        return f"space={self.space_name!r}, arch={self.arch!r}, parameters={self.parameter_count():,}"


class Space:
    """A search space of a .zc file."""

    def __init__(self, raw, settings):
        self._raw, self._settings = raw, settings
        self.name, self.family, self.file = raw.name, raw.family, raw.file

    @property
    def size(self):
        """The number of valid architectures, exactly."""
        return int(self._raw.size)

    def sample(self, n, seed=0, unique=True, within_constraints=False):
        """n seeded random architectures (canonical strings), as `zcnas space sample`."""
        return self._raw.sample(n, seed, unique, within_constraints)

    def enumerate(self):
        """Every architecture of a finite space, in the space's fixed order."""
        return self._raw.enumerate()

    def canonical(self, arch):
        """`arch` in the space's canonical spelling (BadInput when it is not one of the space)."""
        return self._raw.canonical(arch)

    def network(self, arch, seed=None):
        """The network of `arch`, initialised with `seed` (default: the settings' seed, 0)."""
        return SpaceNetwork(self._raw.network(arch, seed), self.name, self.canonical(arch))

    def __repr__(self):
        return f"Space({self.name!r}, family={self.family!r}, size={self._raw.size}, file={self.file!r})"


def load_space(path, name="", **settings):
    """The space `name` of the .zc file at `path` (its only one when name is empty)."""
    return Space(_zcnas.load_space(path, name, **settings), settings)


class ScoreResult:
    """What score() returns: the long score table (arch, proxy, score, seconds, status, error),
    the counts (computed, reused from the store, failed) and the protocol."""

    def __init__(self, report, table, protocol, path):
        self.report, self.table, self.protocol, self.path = report, table, protocol, path

    def wide(self):
        """(architectures, proxies, matrix): matrix[i, j] = proxy j on architecture i, NaN where it failed."""
        return _wide_scores(self.table)

    def __repr__(self):
        r = self.report
        return (f"ScoreResult({r['architectures']} architectures, {r['computed']} computed, {r['reused']} reused, "
                f"{r['failures']} failed)")


def _space_args(space):
    if isinstance(space, Space):
        return space.file, space.name
    return str(space), ""


def score(space, archs=None, *, sample=None, sample_seed=0, enumerate=False, proxies=None, dataset="cifar10",
          batch_size=64, batches=0, input_size=0, task="", out=None, json=None, **settings):
    """`zcnas score`: architectures of `space` (a Space or a .zc path) scored with proxies.

    Give exactly one of archs (canonical strings), sample (a count, with sample_seed) or
    enumerate=True; `task` picks the head of a multi-task space (TransNAS: "jigsaw", ...). The CSV is written to `out` (default: a temporary file) as it goes, results
    come from and go to the run store as in the CLI (store=... / store="off"). Ctrl-C stops after
    the architecture at hand with everything done so far stored (KeyboardInterrupt)."""
    file, name = _space_args(space)
    with _tempfile.TemporaryDirectory(prefix="zcnas-") as tmp:
        archs_file = ""
        if archs is not None:
            if isinstance(archs, str):
                archs = [archs]
            archs_file = _os.path.join(tmp, "archs.txt")
            with open(archs_file, "w") as f:
                f.write("".join(a + "\n" for a in archs))
        path = out or _os.path.join(tmp, "scores.csv")
        report = _zcnas.score(file, name, list(proxies or []), archs_file, int(sample or 0), sample_seed,
                              bool(enumerate), dataset, batch_size, batches, input_size, task, path, json or "",
                              **settings)
        table = _read_table(path)
        with open(path + ".protocol.json") as f:
            protocol = _json.load(f)
    return ScoreResult(report, table, protocol, out)


def evaluate(experiments=None, *, scores=None, truth=None, proxies=None, combiners=None, task="", name="",
             label="", truth_key="", truth_column="", labelled=(), seeds=(), bootstrap=1000, top_percent=10,
             top_k=10, out=None, **settings):
    """`zcnas evaluate`: proxies, expressions and combiners against ground truth.

    Experiments are TOML files (a path or a list), or one experiment from the keywords (scores
    files, truth, proxies, combiners, ...). Returns the report as plain Python values (the JSON
    `zcnas evaluate --json` writes); `out` also writes the markdown report there."""
    if isinstance(experiments, (str, _os.PathLike)):
        experiments = [experiments]
    if isinstance(scores, (str, _os.PathLike)):
        scores = [scores]
    with _tempfile.TemporaryDirectory(prefix="zcnas-") as tmp:
        path = _os.path.join(tmp, "evaluation.json")
        _zcnas.evaluate([str(e) for e in experiments or []], [str(s) for s in scores or []], task, name, label,
                        list(proxies or []), str(truth or ""), truth_key, truth_column, list(combiners or []),
                        list(labelled), list(seeds), bootstrap, top_percent, top_k, path,
                        str(out) if out else _os.path.join(tmp, "evaluation.md"), **settings)
        with open(path) as f:
            return _json.load(f)


def combine(scores, combiner="log_rank", *, labels=None, labelled=None, params=None, proxies=None, **settings):
    """Fuses proxy scores with a combiner plugin into one score per row (higher is better).

    `scores`: a ModuleScores list (one per network), a {proxy: sequence} mapping, a pandas
    DataFrame of proxy columns, or a ScoreResult. A rank rule (log_rank, mean_rank) needs no
    labels; a fitted one (libra, xgboost, single_best) is fitted on the rows `labelled` (indices)
    with their `labels`, then applied to every row. Returns (scores as a numpy array, the
    combiner's explanation)."""
    import numpy as np

    if isinstance(scores, ScoreResult):
        archs, names, matrix = scores.wide()
        columns = {n: matrix[:, j] for j, n in enumerate(names)}
    elif isinstance(scores, (list, tuple)) and scores and isinstance(scores[0], ModuleScores):
        names = list(scores[0].scores)
        columns = {n: [s.scores.get(n, float("nan")) for s in scores] for n in names}
        archs = [str(i) for i in range(len(scores))]
    else:
        columns = {str(k): list(v) for k, v in dict(scores).items()}
        archs = None
    if proxies is not None:
        columns = {n: columns[n] for n in proxies}
    names = list(columns)
    rows = len(next(iter(columns.values()))) if columns else 0
    archs = archs if archs is not None else [str(i) for i in range(rows)]
    params_count = []
    if isinstance(scores, (list, tuple)) and scores and isinstance(scores[0], ModuleScores):
        params_count = [float(s.parameters) for s in scores]
    out, explanation = _zcnas.combine(combiner, dict(params or {}), list(archs), names,
                                      [[float(x) for x in columns[n]] for n in names], params_count,
                                      list(labelled or []), [float(y) for y in (labels or [])], **settings)
    return np.array(out), explanation


class SearchResult:
    """What search() returns: the report (best architecture, its fitness and true accuracy,
    why it stopped) and the trajectory table (one row per candidate)."""

    def __init__(self, report, trajectory):
        self.report, self.trajectory = report, trajectory
        self.best, self.best_fitness, self.out = report["best"], report["best_fitness"], report["out"]

    def __repr__(self):
        return (f"SearchResult(best={self.best!r}, fitness={self.best_fitness:.6g}, "
                f"candidates={self.report['candidates']}, out={self.out!r})")


def search(config, *, seed=None, evaluations=None, time_limit=None, out="", fresh=False, **settings):
    """`zcnas search`: the search TOML `config`, resumed from `out` when a run was interrupted
    there (fresh=True starts anew). Ctrl-C stops after the candidate in flight (KeyboardInterrupt)."""
    report = _zcnas.search(str(config), seed, evaluations, time_limit, str(out), fresh, **settings)
    trajectory_file = _os.path.join(report["out"], "trajectory.csv")
    trajectory = _read_table(trajectory_file) if _os.path.exists(trajectory_file) else None
    return SearchResult(report, trajectory)
