"""Where tensors live, how to make a run repeatable, and what this runtime is."""
import os
import random
import sys
from contextlib import contextmanager
from importlib import metadata

import numpy as np
import torch

__all__ = ["device", "for_device", "in_colab", "grading", "seed_everything", "runtime_summary"]

try:
    __version__ = metadata.version("dlcv")  # pyproject.toml is the one place the version is written
except metadata.PackageNotFoundError:  # imported from a source tree that was never pip-installed
    __version__ = "0+unknown"


def device() -> torch.device:
    """The device the course's tensor code runs on: CUDA when present, else the CPU.

    The environment variable ``DLCV_DEVICE`` (for example ``cpu``) overrides the choice, which is how
    a GPU runtime reproduces a CPU result.
    """
    override = os.environ.get("DLCV_DEVICE")
    if override:
        return torch.device(override)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def for_device(*, cpu, cuda, what: str = "configuration"):
    """``cuda`` on a GPU, ``cpu`` elsewhere, after a line saying which was chosen.

    A chapter that trains runs a larger configuration on a GPU (Colab) and a small one that fits the CPU
    build's budget, and says which it ran::

        config = dlcv.for_device(cpu=dict(epochs=3, width=16), cuda=dict(epochs=30, width=64))
    """
    dev = device()
    chosen = cuda if dev.type == "cuda" else cpu
    print(f"On {dev.type}: the {'GPU' if dev.type == 'cuda' else 'CPU'} {what}, {chosen}")
    return chosen


def in_colab() -> bool:
    """True inside Google Colab (its package is imported by every Colab kernel)."""
    return "google.colab" in sys.modules


def grading() -> bool:
    """True while nbgrader executes the notebook (to grade or validate it), which sets ``NBGRADER_EXECUTION``.

    Code that exists for the student's own run (long training, downloads) skips itself with
    ``if not dlcv.grading(): ...`` (an assignment's locked cells use ``%%skip_when_graded``, which
    asks this function), so a submission grades in seconds.
    """
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def seed_everything(seed: int) -> None:
    """Seed Python's, NumPy's and PyTorch's generators (every CUDA device's too) and make cuDNN deterministic.

    cuDNN: ``torch.backends.cudnn.deterministic = True`` (it picks deterministic convolution
    algorithms) and ``benchmark = False`` (it stops timing algorithms and keeping the fastest, whose
    choice can change from run to run). Both stay set for the rest of the session.

    Not covered:

    - ``torch.use_deterministic_algorithms`` is left alone: it makes operations without a
      deterministic CUDA kernel raise, among them the backward passes of ``nn.AdaptiveAvgPool2d``
      (every ResNet has one) and of bilinear ``F.interpolate``, and it needs the environment variable
      ``CUBLAS_WORKSPACE_CONFIG`` set before CUDA starts. Without it, those kernels (they add with
      atomics) can differ in the last bits from run to run on a GPU; CPU kernels are deterministic
      as a rule.
    - ``DataLoader`` worker processes: give the loader ``generator=torch.Generator().manual_seed(seed)``
      so shuffling repeats, and a ``worker_init_fn`` if workers draw from NumPy or ``random``.
    - Generators made elsewhere with their own seed (``torch.Generator``, ``np.random.default_rng``).
    """
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False


def _model_device(model: torch.nn.Module, default: torch.device) -> torch.device:
    """The device of the model's parameters, or ``default`` for a model that has none."""
    parameter = next(model.parameters(), None)
    return default if parameter is None else parameter.device


@contextmanager
def _eval_mode(model: torch.nn.Module):
    """Put every module of ``model`` in eval mode, then give each its own mode back (mixed modes too)."""
    modes = [(module, module.training) for module in model.modules()]
    model.eval()
    try:
        yield model
    finally:
        for module, training in modes:
            module.training = training


def runtime_summary() -> str:
    """One line saying which dlcv and PyTorch run here and on what, for the top of a notebook.

    For example ``dlcv 0.2.0, PyTorch 2.5.1+cu121 on cuda (Tesla T4) in Colab``.
    """
    dev = device()
    where = f"{dev.type} ({torch.cuda.get_device_name(dev)})" if dev.type == "cuda" else dev.type
    return f"dlcv {__version__}, PyTorch {torch.__version__} on {where}" + (" in Colab" if in_colab() else "")
