"""CIFAR-10: 60 000 real 32×32 colour photos in 10 classes (Krizhevsky, 2009), through torchvision.

Downloaded once (163 MB, ``cifar-10-python.tar.gz``) into :func:`dlcv.data.data_home` where a network
exists (Colab), then read from the cache by :class:`torchvision.datasets.CIFAR10`, which checks the
md5 of the archive and of every batch file.
"""
from pathlib import Path

import torch
from torchvision.datasets import CIFAR10

from .download import data_home, download_guard

__all__ = ["CIFAR10_CLASSES", "load_cifar10"]

CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def load_cifar10(root: Path | None = None, download_if_missing: bool = True,
                 num_train: int | None = None, num_test: int | None = None):
    """CIFAR-10 as ``(x_train, y_train, x_test, y_test)``: float32 (N, 3, 32, 32) in [0, 1], int64 labels.

    ``root`` (default ``data_home() / "cifar10"``) holds the archive and its extracted folder
    ``cifar-10-batches-py``. ``num_train`` / ``num_test`` keep the first images of each split (a
    subsample, as the kNN assignment uses). Tensors are on the CPU.

    Raises :class:`~dlcv.data.DownloadError` when the data is not cached and cannot be downloaded (in
    seconds when there is no network; the message says where to put the archive), and
    FileNotFoundError when it is not cached and ``download_if_missing`` is False.
    """
    root = Path(root) if root is not None else data_home() / "cifar10"
    try:
        train = CIFAR10(root, train=True)
    except RuntimeError:  # torchvision: "Dataset not found or corrupted."
        if not download_if_missing:
            raise FileNotFoundError(f"CIFAR-10 is not in {root}, and download_if_missing=False") from None
        with download_guard(CIFAR10.url, root / CIFAR10.filename, CIFAR10.tgz_md5):
            train = CIFAR10(root, train=True, download=True)
    test = CIFAR10(root, train=False)
    x_train, y_train = to_tensors(train, num_train)
    x_test, y_test = to_tensors(test, num_test)
    return x_train, y_train, x_test, y_test


def to_tensors(dataset: CIFAR10, count: int | None):
    """The first ``count`` images of ``dataset`` as float32 (N, 3, 32, 32) in [0, 1], and int64 labels."""
    images = torch.from_numpy(dataset.data[:count]).permute(0, 3, 1, 2)  # torchvision keeps them (N, H, W, C)
    return images.contiguous().float() / 255, torch.tensor(dataset.targets[:count], dtype=torch.int64)
