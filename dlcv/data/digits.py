"""scikit-learn's handwritten digits: 1797 real 8×8 images that ship with the package (no download)."""
import torch
from sklearn import datasets

__all__ = ["DIGITS_CLASSES", "load_digits"]

DIGITS_CLASSES = [str(d) for d in range(10)]


def load_digits(num_test: int = 297, seed: int = 0, dtype: torch.dtype = torch.float32):
    """The digits, split at random (fixed by ``seed``) into a training and a test set.

    Returns:
        ``(x_train, y_train, x_test, y_test)``: images of shape (N, 1, 8, 8) with values in [0, 1]
        (the originals count 0 to 16 ink pixels per cell) and int64 labels 0–9. Tensors are on the
        CPU: move them with ``.to(dlcv.device())``.
    """
    digits = datasets.load_digits()
    images = torch.as_tensor(digits.images, dtype=dtype).unsqueeze(1) / 16
    labels = torch.as_tensor(digits.target, dtype=torch.int64)
    if not 0 < num_test < len(labels):
        raise ValueError(f"num_test must be between 1 and {len(labels) - 1}, got {num_test}")
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(seed))
    test, train = order[:num_test], order[num_test:]
    return images[train], labels[train], images[test], labels[test]
