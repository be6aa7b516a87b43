"""The course's datasets. All return ``(x_train, y_train, x_test, y_test)`` tensors on the CPU.

Offline: :func:`load_digits` (ships with scikit-learn) and :func:`load_shapes` (generated).
Downloaded once and cached: :func:`load_cifar10`.
"""
from .cifar10 import CIFAR10_CLASSES, load_cifar10, read_cifar10_batch
from .digits import DIGITS_CLASSES, load_digits
from .download import DownloadError, data_home, download
from .shapes import SHAPE_CLASSES, Shape, ShapeScenes, load_shapes, make_scenes

__all__ = ["CIFAR10_CLASSES", "DIGITS_CLASSES", "SHAPE_CLASSES", "DownloadError", "Shape", "ShapeScenes",
           "data_home", "download", "load_cifar10", "load_digits", "load_shapes", "make_scenes",
           "read_cifar10_batch"]
