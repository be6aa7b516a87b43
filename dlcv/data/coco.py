"""COCO captions (Chen et al., 2015): real photos with five English captions each, in COCO's official format.

The annotations are ``annotations/captions_{train,val}2017.json`` from COCO's annotation archive
(241 MB): a JSON object with ``images`` (``{"id", "file_name", "width", "height", ...}``) and
``annotations`` (``{"id", "image_id", "caption"}``). The images are the folders ``train2017/`` (18 GB)
and ``val2017/`` (5000 images, 778 MB) of their own archives. Everything is downloaded once into
``data_home() / "coco"`` where a network exists, and read with pycocotools (through
:class:`torchvision.datasets.CocoCaptions`), which Colab has and dlcv does not install.
"""
from pathlib import Path

import torch
from torchvision.datasets import CocoCaptions
from torchvision.datasets.utils import download_and_extract_archive
from torchvision.transforms import v2

from .download import data_home, download_guard

__all__ = ["COCO_ARCHIVES", "COCO_SPLITS", "load_coco_captions", "load_coco_caption_texts"]

COCO_SPLITS = ("train2017", "val2017")
COCO_ARCHIVES = {  # what each archive unpacks into: (url, md5)
    "annotations": ("http://images.cocodataset.org/annotations/annotations_trainval2017.zip",
                    "f4bbac642086de4f52a3fdda2de5fa2c"),
    "train2017": ("http://images.cocodataset.org/zips/train2017.zip", "cced6f7f71b7629ddf16f17bbcfab6b2"),
    "val2017": ("http://images.cocodataset.org/zips/val2017.zip", "442b8da7639aecaf257c1dceb8ba8c80"),
}


def load_coco_captions(root: Path | None = None, split: str = "val2017", download: bool = True,
                       transform=None) -> CocoCaptions:
    """COCO's captioned images of ``split``: a :class:`torchvision.datasets.CocoCaptions`.

    Samples are ``(image, captions)``: a float32 (3, H, W) :class:`~torchvision.tv_tensors.Image` in
    [0, 1] (sizes vary: pass e.g. ``transform=v2.Resize((224, 224))``, applied after the conversion)
    and the image's captions, a list of str (usually five). Images are in increasing order of their
    COCO id (``dataset.ids``). Downloads the annotations and the split's images when missing;
    see :func:`load_coco_caption_texts` for the captions alone.
    """
    root = Path(root) if root is not None else data_home() / "coco"
    annotations = caption_file(root, split, download)
    images = extracted(root, split, download)
    to_tensor = [v2.ToImage(), v2.ToDtype(torch.float32, scale=True)]
    return CocoCaptions(images, annotations, transform=v2.Compose(to_tensor + ([transform] if transform else [])))


def load_coco_caption_texts(root: Path | None = None, split: str = "val2017",
                            download: bool = True) -> dict[int, list[str]]:
    """The captions of ``split`` without its images: ``{image id: [caption, ...]}``, ids in increasing order.

    Only the annotation archive is downloaded: enough to build a vocabulary
    (:meth:`dlcv.data.Vocabulary.from_captions`). The captions of an image come in the order of the
    JSON file, the order :func:`load_coco_captions` gives them in.
    """
    from pycocotools.coco import COCO  # imported here, as torchvision does: dlcv does not require it

    root = Path(root) if root is not None else data_home() / "coco"
    coco = COCO(caption_file(root, split, download))
    return {image_id: [ann["caption"] for ann in coco.imgToAnns[image_id]] for image_id in sorted(coco.imgs)}


def caption_file(root: Path, split: str, download: bool) -> Path:
    """``annotations/captions_{split}.json`` under ``root``, downloaded with the annotation archive if missing."""
    if split not in COCO_SPLITS:
        raise ValueError(f"unknown COCO split {split!r}; expected one of {COCO_SPLITS}")
    path = extracted(root, "annotations", download) / f"captions_{split}.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing from {root / 'annotations'}")
    return path


def extracted(root: Path, name: str, download: bool) -> Path:
    """The folder ``root / name`` that archive ``name`` of :data:`COCO_ARCHIVES` unpacks into, fetched if missing."""
    folder = root / name
    if folder.is_dir():
        return folder
    if not download:
        raise FileNotFoundError(f"{folder} is missing, and download=False")
    url, md5 = COCO_ARCHIVES[name]
    archive = root / Path(url).name
    with download_guard(url, archive, md5):
        download_and_extract_archive(url, root, md5=md5)
    if not folder.is_dir():
        raise FileNotFoundError(f"{archive} did not unpack into {folder}")
    return folder
