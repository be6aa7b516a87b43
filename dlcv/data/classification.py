"""One call for an assignment's data cell: a classification dataset by name, offline data when grading."""
from ..runtime import grading
from .cifar10 import CIFAR10_CLASSES, load_cifar10
from .digits import DIGITS_CLASSES, load_digits
from .download import DownloadError
from .shapes import SHAPE_CLASSES, load_shapes

__all__ = ["CLASSIFICATION_DATASETS", "load_classification"]

OFFLINE = ("digits", "shapes")
CLASSIFICATION_DATASETS = (*OFFLINE, "cifar10")


def load_classification(name: str, *, num_train: int | None = None, num_test: int | None = None,
                        fallback: str = "digits"):
    """``(x_train, y_train, x_test, y_test, class_names)`` of the dataset ``name``: "digits", "shapes" or "cifar10".

    Images are float32 (N, C, H, W) in [0, 1] and labels int64, on the CPU: the digits (1500 + 297,
    1 × 8 × 8, :func:`load_digits`), the shapes (2000 + 500, 3 × 32 × 32, :func:`load_shapes`) or
    CIFAR-10 (50 000 + 10 000, 3 × 32 × 32, :func:`load_cifar10`). ``num_train`` / ``num_test`` keep
    the first that many images of each split of the digits and CIFAR-10 (all of them if there are
    fewer) and generate that many shapes; None keeps the sizes above.

    The dataset ``fallback`` (an offline one) is loaded instead, after one line saying so, while
    nbgrader grades the notebook (``NBGRADER_EXECUTION`` is set: grading is offline and fast,
    whatever the student chose) and when ``name`` needs a download that fails (no network).
    """
    if name not in CLASSIFICATION_DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(CLASSIFICATION_DATASETS)}")
    if fallback not in OFFLINE:
        raise ValueError(f"fallback must be an offline dataset, one of {', '.join(OFFLINE)}; got {fallback!r}")
    if name != fallback and grading():
        print(f"nbgrader is grading this notebook: using {fallback} instead of {name}")
        name = fallback
    try:
        return load_by_name(name, num_train, num_test)
    except DownloadError as error:
        print(f"{name} needs a download and this machine has no network: using {fallback} instead ({error})")
        return load_by_name(fallback, num_train, num_test)


def load_by_name(name: str, num_train: int | None, num_test: int | None):
    if name == "cifar10":
        return *load_cifar10(num_train=num_train, num_test=num_test), CIFAR10_CLASSES
    if name == "shapes":  # generated: exactly as many images as asked for, load_shapes' defaults otherwise
        sizes = {"num_train": num_train, "num_test": num_test}
        return *load_shapes(**{key: n for key, n in sizes.items() if n is not None}), SHAPE_CLASSES
    x_train, y_train, x_test, y_test = load_digits()
    return x_train[:num_train], y_train[:num_train], x_test[:num_test], y_test[:num_test], DIGITS_CLASSES
