"""The course's trained network: a small CNN on the digits that part VI's chapters and ``a6_understanding`` share.

Visualizing a network needs a trained one, and the book builds without a network connection, so
nothing pretrained can be downloaded. :func:`trained_digits_cnn` trains :class:`DigitsCNN` on
scikit-learn's digits (:func:`dlcv.data.load_digits`, offline) in seconds on a CPU, deterministically
(seeded with :func:`dlcv.seed_everything`), and keeps the weights:

- in this process, so a second call with the same arguments returns a fresh copy at once;
- on disk (``cache=True``), under ``dlcv.data.data_home() / "models"``, so the next chapter or the
  next session loads them instead of training again.

In Colab a chapter can use a torchvision model with pretrained ImageNet weights instead
(``torchvision.models.vgg16(weights="DEFAULT")``, downloaded there); the methods are the same.
"""
import copy
import os
import time

import torch
import torch.nn.functional as F
from torch import nn

from . import runtime
from .data import data_home, load_digits
from .train import accuracy, fit, predict

__all__ = ["DigitsCNN", "trained_digits_cnn"]


class DigitsCNN(nn.Module):
    """A small CNN for (N, 1, 8, 8) images in [0, 1], 10 classes by default.

    ``features`` holds only ``nn.Conv2d``, ``nn.ReLU`` and ``nn.MaxPool2d`` layers (what ZFNet's deconvnet
    inverts), and every nonlinearity of the network is an ``nn.ReLU`` module (which hooks can reach)::

        features   conv 3×3 (1 → w)  ReLU  conv 3×3 (w → 2w)  ReLU  max pool 2  conv 3×3 (2w → 4w)  ReLU  max pool 2
                   8×8                       8×8                      4×4         4×4                       2×2
        embedding  flatten (4w · 2 · 2)  linear → embedding_dim  ReLU
        classifier linear embedding_dim → num_classes

    ``embed(x)`` is the (N, embedding_dim) feature vector of the last hidden layer; ``forward(x)``
    the (N, num_classes) class scores.
    """

    def __init__(self, num_classes: int = 10, width: int = 16, embedding_dim: int = 64):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, width, 3, padding=1), nn.ReLU(),
            nn.Conv2d(width, 2 * width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(2 * width, 4 * width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.embedding = nn.Sequential(nn.Flatten(), nn.Linear(4 * width * 2 * 2, embedding_dim), nn.ReLU())
        self.classifier = nn.Linear(embedding_dim, num_classes)

    def embed(self, x: torch.Tensor) -> torch.Tensor:
        return self.embedding(self.features(x))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.embed(x))


_trained = {}  # arguments -> (CPU state dict, report): this process's copies


def trained_digits_cnn(width: int = 16, epochs: int = 8, seed: int = 0, *, cache: bool = True, device=None,
                       progress: bool = True):
    """A :class:`DigitsCNN` trained on the digits' 1500 training images, and a report on it.

    Adam (learning rate 3·10⁻³), minibatches of 64 in an order fixed by ``seed``, ``epochs`` epochs,
    after ``dlcv.seed_everything(seed)`` (which also fixes the initial weights): the same arguments
    give the same weights on the same machine and device. Trained once per process and argument set;
    with ``cache`` the weights are also saved to, and next time loaded from,
    ``data_home() / "models"`` (a file that cannot be written is left unwritten: the weights are
    still returned).

    Returns:
        ``(model, report)``: a new model on ``device`` (``dlcv.device()`` by default) in eval mode, and
        a dict with ``test_accuracy`` (on the digits' 297 test images), ``seconds`` (the training
        time; 0 when the weights came from a cache), ``trained_on`` (the device type it was trained
        on) and ``source`` ("trained", "memory" or "disk").
    """
    device = runtime.device() if device is None else torch.device(device)
    key = (width, epochs, seed, device.type)
    source = "memory"
    if key not in _trained:
        path = data_home() / "models" / f"digits_cnn-w{width}-e{epochs}-s{seed}-{device.type}.pt"
        if cache and path.exists():
            saved = torch.load(path, map_location="cpu", weights_only=True)
            _trained[key], source = (saved["state"], saved["report"]), "disk"
        else:
            _trained[key], source = _train(width, epochs, seed, device, progress), "trained"
            if cache:
                _save(path, *_trained[key])
    state, report = _trained[key]
    model = DigitsCNN(width=width)
    model.load_state_dict(copy.deepcopy(state))
    report = {**report, "source": source, "seconds": report["seconds"] if source == "trained" else 0.0}
    return model.to(device).eval(), report


def _train(width: int, epochs: int, seed: int, device: torch.device, progress: bool):
    x_train, y_train, x_test, y_test = load_digits()
    runtime.seed_everything(seed)
    model = DigitsCNN(width=width)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    began = time.perf_counter()
    fit(model, (x_train, y_train), F.cross_entropy, optimizer, epochs, batch_size=64, seed=seed, device=device,
        progress=progress)
    seconds = time.perf_counter() - began
    test_accuracy = accuracy(predict(model, x_test.to(device)), y_test.to(device))
    state = {name: value.detach().cpu().clone() for name, value in model.state_dict().items()}
    return state, {"test_accuracy": test_accuracy, "seconds": seconds, "trained_on": device.type}


def _save(path, state, report) -> None:
    """Write the weights atomically (a temporary file renamed over the target), or not at all."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        torch.save({"state": state, "report": report}, temporary)
        os.replace(temporary, path)
    except OSError as error:  # a read-only home, a sandbox that forbids the folder: the weights are in memory
        print(f"dlcv: could not cache the trained weights at {path} ({error})")
