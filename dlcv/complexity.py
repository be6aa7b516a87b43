"""How big and how costly a model is: parameters, multiply-adds, FLOPs, and a per-layer table.

Counting conventions differ, so each function says which it uses. A multiply-add (MAC) is one
multiplication and one addition; ``torch.utils.flop_counter`` counts it as 2 FLOPs, while papers
often report multiply-adds and call them FLOPs (ResNet-18's "1.8 GFLOPs" are 1.8 G multiply-adds,
3.6 G FLOPs).
"""
import torch
import torchinfo
from torch import nn
from torch.utils.flop_counter import FlopCounterMode
from torchinfo.enums import Units

from .runtime import _eval_mode, _model_device

__all__ = ["summary", "count_parameters", "count_flops"]


def summary(model: nn.Module, input_size, **kwargs) -> torchinfo.ModelStatistics:
    """A table of the model's layers: output shape, parameters and multiply-adds, from torchinfo.

    Args:
        model: runs one forward pass on a random float32 input on the model's device, in eval mode,
            without gradients; every module gets its mode back.
        input_size: the input's shape with the batch dimension, e.g. ``(1, 3, 224, 224)``.
        kwargs: passed to ``torchinfo.summary`` (``depth=``, ``col_names=``, ``dtypes=``, ...).
    Returns:
        torchinfo's ``ModelStatistics``: printing it (or leaving it last in a cell) shows the table;
        ``.total_params``, ``.trainable_params`` and ``.total_mult_adds`` hold the totals. torchinfo's
        multiply-adds include biases (a Conv2d with bias: C_out·H_out·W_out·(C_in·k·k + 1)), so they
        are a little more than half of :func:`count_flops`.
    """
    kwargs = {"col_names": ("output_size", "num_params", "mult_adds"), "depth": 3, "verbose": 0,
              # torchinfo would otherwise move a CPU model to the GPU when one is present
              "device": _model_device(model, torch.device("cpu")), **kwargs}
    with _eval_mode(model):  # torchinfo restores only the top module's mode
        statistics = torchinfo.summary(model, input_size, **kwargs)
    # Exact totals: torchinfo's rounded units print as "Units.GIGABYTES" on Python 3.11+ (and are not bytes).
    statistics.formatting.macs_units = Units.NONE
    return statistics


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    """The number of scalars in the model's parameters (each shared parameter counted once).

    ``trainable_only=True`` counts only those with ``requires_grad`` (e.g. after freezing a backbone).
    Buffers such as batch norm's running statistics are not parameters and are not counted.
    """
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def count_flops(model: nn.Module, *inputs: torch.Tensor) -> int:
    """FLOPs of one forward pass ``model(*inputs)``, counted by ``torch.utils.flop_counter.FlopCounterMode``.

    A multiply-add counts as 2 FLOPs, so a Conv2d costs 2·C_out·H_out·W_out·C_in·k·k for a batch of
    one, a Linear 2·in·out per example. Only matrix products, convolutions and attention are counted:
    not biases, activations, pooling or normalization. Papers often report multiply-adds, half this
    number. The count grows with the batch size of ``inputs``.

    The inputs are moved to the model's device; the model runs in eval mode without gradients, and
    every module gets its mode back.
    """
    device = _model_device(model, torch.device("cpu"))
    with _eval_mode(model), torch.no_grad(), FlopCounterMode(display=False) as counter:
        model(*(x.to(device) for x in inputs))
    return counter.get_total_flops()
