"""dlcv.models: the course's trained network, deterministic, cached in memory and on disk, returned fresh."""
import pytest
import torch
from torch import nn

import dlcv
from dlcv import models
from dlcv.models import DigitsCNN, trained_digits_cnn


@pytest.fixture(autouse=True)
def forget_trained(monkeypatch):
    """Every test starts with no weights in memory (the disk cache is in tmp_path, see conftest.py)."""
    monkeypatch.setattr(models, "_trained", {})


def test_the_network_has_the_documented_layout():
    model = DigitsCNN()
    x = torch.rand(5, 1, 8, 8)
    assert model(x).shape == (5, 10) and model.embed(x).shape == (5, 64)
    assert model.features(x).shape == (5, 64, 2, 2)
    assert all(isinstance(layer, (nn.Conv2d, nn.ReLU, nn.MaxPool2d)) for layer in model.features)
    assert DigitsCNN(num_classes=2, width=4, embedding_dim=7).embed(x).shape == (5, 7)
    # Every nonlinearity is an nn.ReLU module (hooks reach them), none in place.
    relus = [module for module in model.modules() if isinstance(module, nn.ReLU)]
    assert len(relus) == 4 and not any(relu.inplace for relu in relus)


def test_training_is_deterministic_and_accurate():
    model, report = trained_digits_cnn(width=8, epochs=3, cache=False, progress=False, device="cpu")
    assert report["source"] == "trained" and report["trained_on"] == "cpu" and report["seconds"] > 0
    assert report["test_accuracy"] > 0.85, report
    assert not model.training
    models._trained.clear()
    again, _ = trained_digits_cnn(width=8, epochs=3, cache=False, progress=False, device="cpu")
    for (name, value), other in zip(model.state_dict().items(), again.state_dict().values()):
        assert torch.equal(value, other), f"{name} differs between two trainings with the same seed"


def test_each_call_returns_a_fresh_copy_from_memory():
    first, _ = trained_digits_cnn(width=4, epochs=1, cache=False, progress=False, device="cpu")
    expected = {name: value.clone() for name, value in first.state_dict().items()}
    with torch.no_grad():
        first.features[0].weight.zero_()  # a caller that changes its model changes nothing for the next one
    second, report = trained_digits_cnn(width=4, epochs=1, cache=False, progress=False, device="cpu")
    assert report["source"] == "memory" and report["seconds"] == 0.0
    assert second is not first
    assert all(torch.equal(value, expected[name]) for name, value in second.state_dict().items())


def test_weights_are_cached_on_disk_and_loaded_next_time(tmp_path):
    model, report = trained_digits_cnn(width=4, epochs=1, seed=3, progress=False, device="cpu")
    files = list((dlcv.data.data_home() / "models").glob("*.pt"))
    assert len(files) == 1 and "w4-e1-s3-cpu" in files[0].name
    models._trained.clear()
    loaded, loaded_report = trained_digits_cnn(width=4, epochs=1, seed=3, progress=False, device="cpu")
    assert loaded_report["source"] == "disk" and loaded_report["test_accuracy"] == report["test_accuracy"]
    assert all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), loaded.state_dict().values()))


def test_an_unwritable_cache_still_gives_the_weights(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("DLCV_DATA", str(blocker))
    model, report = trained_digits_cnn(width=4, epochs=1, progress=False, device="cpu")
    assert report["source"] == "trained" and isinstance(model, DigitsCNN)
    assert "could not cache the trained weights" in capsys.readouterr().out
