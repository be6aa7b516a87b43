"""CIFAR-10: 60 000 real 32×32 colour photos in 10 classes (Krizhevsky, 2009).

Downloaded once (163 MB) into :func:`dlcv.data.data_home` where a network exists (Colab), then read
from the cache. The archive holds Python pickles, ``cifar-10-batches-py/data_batch_1`` … ``_5`` and
``test_batch``: dicts with ``b"data"`` (10000 × 3072 uint8, each row the red, green then blue 32×32
plane) and ``b"labels"``, plus ``batches.meta`` with the class names.
"""
import pickle
import tarfile
from pathlib import Path

import numpy as np
import torch

from .download import data_home, download

__all__ = ["CIFAR10_CLASSES", "CIFAR10_URL", "CIFAR10_MD5", "read_cifar10_batch", "load_cifar10"]

CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
CIFAR10_MD5 = "c58f30108f718f92721af3b95e74349a"
CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
ARCHIVE_DIR = "cifar-10-batches-py"


def read_cifar10_batch(path: Path):
    """One pickled batch as ``(images, labels)``: uint8 (N, 3, 32, 32) and int64 (N,) tensors."""
    with open(path, "rb") as f:
        batch = pickle.load(f, encoding="bytes")  # written by Python 2: keys are bytes
    data = np.asarray(batch[b"data"], dtype=np.uint8)
    if data.ndim != 2 or data.shape[1] != 3 * 32 * 32:
        raise ValueError(f"{path}: expected rows of 3072 bytes, got data of shape {data.shape}")
    labels = torch.as_tensor(np.asarray(batch[b"labels"], dtype=np.int64))
    if len(labels) != len(data):
        raise ValueError(f"{path}: {len(data)} images but {len(labels)} labels")
    return torch.from_numpy(data.reshape(-1, 3, 32, 32).copy()), labels


def load_cifar10(root: Path | None = None, download_if_missing: bool = True,
                 num_train: int | None = None, num_test: int | None = None):
    """CIFAR-10 as ``(x_train, y_train, x_test, y_test)``: float32 (N, 3, 32, 32) in [0, 1], int64 labels.

    ``num_train`` / ``num_test`` keep the first images of each split (a subsample, as the kNN
    assignment uses). Raises :class:`~dlcv.data.DownloadError` when the archive is not cached and
    cannot be downloaded, and FileNotFoundError when it is missing and downloading is off.
    """
    root = Path(root) if root is not None else data_home() / "cifar10"
    folder = root / ARCHIVE_DIR
    if not folder.is_dir():
        archive = root / "cifar-10-python.tar.gz"
        if not archive.exists() and not download_if_missing:
            raise FileNotFoundError(f"CIFAR-10 is not in {root}, and download_if_missing=False")
        download(CIFAR10_URL, archive, md5=CIFAR10_MD5)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(root, filter="data")
    train = [read_cifar10_batch(folder / f"data_batch_{i}") for i in range(1, 6)]
    x_train, y_train = torch.cat([x for x, _ in train]), torch.cat([y for _, y in train])
    x_test, y_test = read_cifar10_batch(folder / "test_batch")
    return (x_train[:num_train].float() / 255, y_train[:num_train],
            x_test[:num_test].float() / 255, y_test[:num_test])
