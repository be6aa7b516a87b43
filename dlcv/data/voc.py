"""PASCAL VOC detection (Everingham et al., 2010): real photos with boxes of 20 classes, through torchvision.

Downloaded once (``VOCtrainval_11-May-2012.tar``, 2 GB) into :func:`dlcv.data.data_home` where a
network exists (Colab), then read from the cache by :class:`torchvision.datasets.VOCDetection`: the
folder ``VOCdevkit/VOC2012`` with ``Annotations/*.xml``, ``JPEGImages/*.jpg`` and the image lists
``ImageSets/Main/{train,val,trainval}.txt``.
"""
from pathlib import Path

import torch
from PIL import Image
from torchvision import tv_tensors
from torchvision.datasets import VOCDetection
from torchvision.datasets.voc import DATASET_YEAR_DICT
from torchvision.transforms import v2
from torchvision.transforms.v2 import functional as F

from .download import data_home, download_guard

__all__ = ["VOC_CLASSES", "load_voc_detection"]

VOC_CLASSES = ("background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair",
               "cow", "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa",
               "train", "tvmonitor")


def load_voc_detection(root: Path | None = None, year: str = "2012", image_set: str = "train",
                       download: bool = True, transforms=None) -> VOCDetection:
    """PASCAL VOC's detection images ``image_set`` ("train", "val" or "trainval"; "test" for 2007).

    Returns a :class:`torchvision.datasets.VOCDetection` whose samples are ``(image, target)``:

    - ``image``: a float32 (3, H, W) :class:`~torchvision.tv_tensors.Image` in [0, 1];
    - ``target["boxes"]``: float32 (K, 4) :class:`~torchvision.tv_tensors.BoundingBoxes`, (x1, y1, x2, y2)
      in pixel edges from 0, the course's and torchvision's convention: a box over pixel columns
      5 to 9 has x1 = 5 and x2 = 10. VOC's XML counts pixels from 1 and includes the last one, so
      x1 = xmin - 1, y1 = ymin - 1, x2 = xmax, y2 = ymax;
    - ``target["labels"]``: int64 (K,) indices into :data:`VOC_CLASSES` (1 to 20; 0 is the background).

    Objects marked *difficult* are included. ``transforms``, a :mod:`torchvision.transforms.v2`
    transform, is applied to the image and the target together, so boxes follow flips, crops and
    resizes. ``root`` defaults to ``data_home() / "voc"``. Raises :class:`~dlcv.data.DownloadError`
    when the data is not cached and cannot be downloaded (in seconds without a network), and
    FileNotFoundError when it is not cached and ``download`` is False.
    """
    root = Path(root) if root is not None else data_home() / "voc"
    to_course = v2.Compose([voc_sample, transforms]) if transforms is not None else voc_sample
    try:
        return VOCDetection(root, year, image_set, transforms=to_course)
    except RuntimeError:  # torchvision: "Dataset not found or corrupted."
        archive = DATASET_YEAR_DICT["2007-test" if (year, image_set) == ("2007", "test") else year]
        if not download:
            raise FileNotFoundError(f"PASCAL VOC {year} is not in {root / archive['base_dir']}, "
                                    "and download=False") from None
    with download_guard(archive["url"], root / archive["filename"], archive["md5"]):
        return VOCDetection(root, year, image_set, download=True, transforms=to_course)


def voc_sample(image: Image.Image, annotation: dict):
    """VOCDetection's raw sample (a PIL image and its parsed XML) as an image tensor and ``{"boxes", "labels"}``.

    torchvision's ``wrap_dataset_for_transforms_v2`` does the same but reads coordinates with
    ``int()``, which fails on the few VOC 2012 files that have decimals (2011_003353.xml's
    ``<ymin>45.70000076293945</ymin>``), and keeps the XML's 1-based numbers.
    """
    objects = annotation["annotation"]["object"]
    corners = [[float(obj["bndbox"][key]) for key in ("xmin", "ymin", "xmax", "ymax")] for obj in objects]
    boxes = torch.tensor(corners, dtype=torch.float32).reshape(-1, 4) - torch.tensor([1.0, 1.0, 0.0, 0.0])
    image = F.to_dtype(F.to_image(image), torch.float32, scale=True)
    target = {
        "boxes": tv_tensors.BoundingBoxes(boxes, format="XYXY", canvas_size=tuple(image.shape[-2:])),
        "labels": torch.tensor([VOC_CLASSES.index(obj["name"]) for obj in objects], dtype=torch.int64),
    }
    return image, target
