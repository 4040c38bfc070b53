"""zcnas.score_module on a user's own torch.nn.Module."""

import math

import pytest
import torch
import torch.nn as nn

import zcnas
from conftest import HERE, rows
from tiny_resnet import TinyResNet

SPACE = str(HERE / "tiny_resnet.zc")


def copy_weights(source, module):
    """The DSL network's tensors into `module`, pairing both in forward order by shape."""
    src_p, dst_p = list(source.named_parameters()), list(module.named_parameters())
    src_b, dst_b = list(source.named_buffers()), list(module.named_buffers())
    assert len(src_p) == len(dst_p) and len(src_b) == len(dst_b)
    with torch.no_grad():
        for (sn, s), (dn, d) in list(zip(src_p, dst_p)) + list(zip(src_b, dst_b)):
            assert s.shape == d.shape, (sn, dn)
            d.copy_(s)


def test_the_same_network_as_a_space_and_as_a_module_scores_the_same(store):
    space = zcnas.load_space(SPACE)
    dsl = space.network("w=8", seed=0)
    module = TinyResNet(width=8)
    copy_weights(dsl, module)
    assert dsl.parameter_count() == sum(p.numel() for p in module.parameters())

    from_space = {r["proxy"]: r for r in rows(zcnas.score(space, archs=["w=8"], store=store).table)}
    mine = zcnas.score_module(module, blocks=["block1", "block2"], store="off")

    assert set(mine.scores) == set(from_space)
    compared = 0
    for name, theirs in from_space.items():
        ours = mine.status[name]
        if theirs["status"] != "ok":
            # TE-NAS's thin variant: a space builds it, a module needs a factory (below)
            assert name == "tenas_lr" and not ours.ok and "factory" in ours.error
            continue
        assert ours.ok, (name, ours.error)
        assert ours.score == pytest.approx(float(theirs["score"]), rel=1e-4, abs=1e-9), name
        compared += 1
    assert compared >= 24  # every proxy of the pool but the thin-variant one
    assert mine.protocol["batch_rows"]  # the protocol records the very images used
    assert len(mine.layers) == len(dsl.layers()) == 7


def test_a_factory_gives_tenas_lr_its_thin_variant():
    asked = []

    def factory(seed, settings):
        # TE-NAS's thin copy: one channel wide, on 1 x 4 x 4 crops
        asked.append(settings)
        return TinyResNet(width=settings["stem"][0], in_channels=settings["input"][0])

    s = zcnas.score_module(TinyResNet(), proxies=["tenas_lr"], factory=factory, store="off")
    assert s.status["tenas_lr"].ok, s.status["tenas_lr"].error
    assert s["tenas_lr"] > 0
    assert asked and asked[0]["input"] == [1, 4, 4]


def test_the_module_is_left_as_it_was():
    torch.manual_seed(0)
    module = TinyResNet()
    module.train(False)
    before = {k: v.clone() for k, v in module.state_dict().items()}
    identity = [id(p) for p in module.parameters()]
    zcnas.score_module(module, proxies=["synflow", "zen", "snip", "grasp", "zico"], store="off")
    assert identity == [id(p) for p in module.parameters()]
    assert all(p.grad is None for p in module.parameters())
    after = module.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)
    assert all(p.dtype == torch.float32 for p in module.parameters())
    assert not module.training
    assert all(not m._forward_hooks and not m._forward_pre_hooks for m in module.modules())


class OutOfOrder(nn.Module):
    """Registers its classifier first: the layer list follows forward(), not registration."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 10)
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.fc(self.act(self.conv(x)).mean((2, 3)))


def test_layers_are_listed_in_forward_order():
    s = zcnas.score_module(OutOfOrder(), proxies=["params", "flops"], store="off")
    assert s.layers == ["conv", "fc"]
    assert s["params"] == 3 * 4 * 9 + 4 + 4 * 10 + 10
    # Suite-Zero's convention: conv MACs (32 x 32 positions, bias included), the linear layer's,
    # and one per activation element
    assert s["flops"] == 32 * 32 * 4 * (3 * 9 + 1) + 10 * (4 + 1) + 4 * 32 * 32


def test_proxy_failures_and_bad_input_are_reported():
    class Wordy(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 10)

        def forward(self, x):
            return "logits"

    with pytest.raises(zcnas.BadInput, match="forward\\(\\) returned <class 'str'>, not a tensor"):
        zcnas.score_module(Wordy(), proxies=["params"], store="off")

    class Broken(TinyResNet):
        calls = 0

        def forward(self, x):
            Broken.calls += 1
            if Broken.calls > 1:  # the measuring pass works, the proxies' passes do not
                raise ValueError("out of cheese")
            return super().forward(x)

    s = zcnas.score_module(Broken(), proxies=["snip", "params"], store="off")
    assert not s.status["snip"].ok and "ValueError: out of cheese" in s.status["snip"].error
    assert "Traceback" not in s.status["snip"].error and s.status["params"].ok
    with pytest.raises(zcnas.BadInput, match="synflw.*synflow"):
        zcnas.score_module(TinyResNet(), proxies=["synflw"], store="off")
    with pytest.raises(zcnas.BadInput, match="torch.nn.Module"):
        zcnas.score_module(object(), proxies=["params"], store="off")
    with pytest.raises(zcnas.BadInput, match="blocks"):
        zcnas.score_module(TinyResNet(), proxies=["params"], blocks=["nope"], store="off")
    with pytest.raises(zcnas.BadInput, match="unknown setting 'stor'"):
        zcnas.score_module(TinyResNet(), proxies=["params"], stor="off")


def test_az_nas_needs_blocks_and_says_so():
    s = zcnas.score_module(TinyResNet(), proxies=["az_progressivity"], store="off")
    with_blocks = zcnas.score_module(TinyResNet(), proxies=["az_progressivity"], blocks=["block1", "block2"],
                                     store="off")
    assert not s.status["az_progressivity"].ok and "block" in s.status["az_progressivity"].error
    assert math.isnan(s["az_progressivity"])
    assert with_blocks.status["az_progressivity"].ok, with_blocks.status["az_progressivity"].error
    assert math.isfinite(with_blocks["az_progressivity"])
