import torch

import dlcv


def test_device_prefers_cuda_when_present(monkeypatch):
    monkeypatch.delenv("DLCV_DEVICE", raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert dlcv.device() == torch.device("cuda")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert dlcv.device() == torch.device("cpu")


def test_device_override(monkeypatch):
    monkeypatch.setenv("DLCV_DEVICE", "cpu")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert dlcv.device() == torch.device("cpu")


def test_seed_everything_repeats_every_generator():
    import random

    import numpy as np

    def draw():
        return random.random(), np.random.rand(), torch.rand(3).tolist()

    dlcv.seed_everything(3)
    first = draw()
    dlcv.seed_everything(3)
    assert draw() == first
    dlcv.seed_everything(4)
    assert draw() != first


def test_runtime_summary_names_torch_and_device():
    summary = dlcv.runtime_summary()
    assert torch.__version__ in summary and dlcv.device().type in summary


def test_time_function_returns_seconds_per_call():
    import time

    seconds = dlcv.time_function(time.sleep, 0.01, min_run_time=0.05)
    assert 0.009 < seconds < 0.5


def test_seed_everything_makes_cudnn_deterministic(monkeypatch):
    monkeypatch.setattr(torch.backends.cudnn, "deterministic", False)
    monkeypatch.setattr(torch.backends.cudnn, "benchmark", True)
    dlcv.seed_everything(0)
    assert torch.backends.cudnn.deterministic and not torch.backends.cudnn.benchmark


def test_grading_follows_nbgraders_environment_variable(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert not dlcv.grading()
    for mode in ("autograde", "validate"):
        monkeypatch.setenv("NBGRADER_EXECUTION", mode)
        assert dlcv.grading()


def test_version_comes_from_the_installed_package():
    from importlib.metadata import version

    assert dlcv.__version__ == version("dlcv")
    assert dlcv.runtime_summary().startswith(f"dlcv {dlcv.__version__}, PyTorch {torch.__version__} on ")


def test_for_device_picks_the_gpu_configuration_only_on_a_gpu(monkeypatch, capsys):
    small, large = {"epochs": 2}, {"epochs": 20}
    monkeypatch.setenv("DLCV_DEVICE", "cpu")
    assert dlcv.for_device(cpu=small, cuda=large) is small
    assert "CPU configuration" in capsys.readouterr().out
    monkeypatch.setenv("DLCV_DEVICE", "cuda")
    assert dlcv.for_device(cpu=small, cuda=large, what="recipe") is large
    assert "GPU recipe, {'epochs': 20}" in capsys.readouterr().out
