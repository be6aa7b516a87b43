"""Where tensors live, and how to make a run repeatable."""
import os
import random
import sys

import numpy as np
import torch

__all__ = ["device", "in_colab", "seed_everything", "runtime_summary"]


def device() -> torch.device:
    """The device the course's tensor code runs on: CUDA when present, else the CPU.

    The environment variable ``DLCV_DEVICE`` (for example ``cpu``) overrides the choice, which is how
    a GPU runtime reproduces a CPU result.
    """
    override = os.environ.get("DLCV_DEVICE")
    if override:
        return torch.device(override)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def in_colab() -> bool:
    """True inside Google Colab (its package is imported by every Colab kernel)."""
    return "google.colab" in sys.modules


def seed_everything(seed: int) -> None:
    """Seed Python's, NumPy's and PyTorch's generators (CUDA's too) so a run can be repeated."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device


def runtime_summary() -> str:
    """One line saying which PyTorch runs here and on what, e.g. for the top of a notebook."""
    dev = device()
    where = f"{dev.type} ({torch.cuda.get_device_name(dev)})" if dev.type == "cuda" else dev.type
    return f"PyTorch {torch.__version__} on {where}" + (" in Colab" if in_colab() else "")
