import os

import matplotlib
import pytest
import torch

matplotlib.use("Agg")  # tests draw figures without a screen


def pytest_collection_modifyitems(config, items):
    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA device")
    for item in items:
        if "gpu" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def seeded():
    """Every test draws the same random numbers on every run."""
    torch.manual_seed(0)


@pytest.fixture(autouse=True)
def no_dataset_cache_outside_tmp(tmp_path, monkeypatch):
    """No test reads or fills the user's dataset cache."""
    monkeypatch.setenv("DLCV_DATA", str(tmp_path / "dlcv-data"))


os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet debugger warnings from kernels
