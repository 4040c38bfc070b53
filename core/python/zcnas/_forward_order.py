"""The order in which a module's submodules first run, measured on one pass of zeros."""

import torch


def forward_order(module, input_shape):
    """({id(submodule): position} for the submodules one forward pass of zeros reaches, its output).

    Eval mode and no gradients, so that nothing about the module changes (BatchNorm keeps
    its running statistics); its training flag is restored.
    """
    order = {}

    def first_call(mod, _inputs):
        order.setdefault(id(mod), len(order))

    handles = [m.register_forward_pre_hook(first_call) for m in module.modules()]
    was_training = module.training
    try:
        param = next(module.parameters(), None)
        options = {"device": param.device, "dtype": param.dtype} if param is not None else {}
        module.eval()
        with torch.no_grad():
            output = module(torch.zeros([2] + list(input_shape), **options))
    finally:
        module.train(was_training)
        for h in handles:
            h.remove()
    return order, output
