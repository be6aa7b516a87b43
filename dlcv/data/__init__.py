"""The course's datasets, offline first. Every tensor is returned on the CPU: move it with ``.to(device)``.

Classification, as ``(x_train, y_train, x_test, y_test)`` tensors, images float32 (N, C, H, W) in [0, 1]:

- :func:`load_digits`: scikit-learn's 8×8 handwritten digits (ship with the package);
- :func:`load_shapes` / :class:`ShapesDataset`: generated coloured shapes, labelled by kind;
- :func:`load_cifar10`: CIFAR-10 through torchvision, downloaded once and cached in :func:`data_home`;
- :func:`load_classification`: one of the three by name, with the offline fallback assignments use
  while grading or without a network.

Detection and segmentation, as Datasets of ``(image, target)`` in torchvision's detection layout
(``target["boxes"]`` (K, 4) float32 x1, y1, x2, y2 in pixel edges, ``target["labels"]`` (K,) int64
with 0 the background), batched by :func:`detection_collate`:

- :class:`ShapeScenesDataset`: generated scenes with instance and semantic masks (:func:`make_scenes`);
- :func:`load_voc_detection`: PASCAL VOC through torchvision, downloaded once.

Captioning: :class:`ShapeCaptionsDataset` (scenes described by :func:`describe_scene`), the word
:class:`Vocabulary` (``<NULL>``, ``<START>``, ``<END>``, ``<UNK>``), and COCO's real captions
(:func:`load_coco_captions`, :func:`load_coco_caption_texts`), downloaded once.

Character language models: :func:`load_text_corpus` (generated English-like text),
:class:`CharVocabulary` and :class:`CharSequenceDataset`.

Generated data are deterministic under a seed (NumPy's PCG64, never PyTorch's global generator).
A download that cannot happen raises :class:`DownloadError` within seconds, saying where to put
the file by hand.
"""
from .captions import CAPTION_WORDS, ShapeCaptionsDataset, Vocabulary, describe_scene, tokenize
from .cifar10 import CIFAR10_CLASSES, load_cifar10
from .classification import CLASSIFICATION_DATASETS, load_classification
from .coco import load_coco_caption_texts, load_coco_captions
from .collate import detection_collate
from .digits import DIGITS_CLASSES, load_digits
from .download import DownloadError, data_home
from .shapes import (SCENE_CLASSES, SHAPE_CLASSES, Shape, ShapeScenes, ShapeScenesDataset, ShapesDataset,
                     load_shapes, make_scenes)
from .text import CharSequenceDataset, CharVocabulary, load_text_corpus
from .voc import VOC_CLASSES, load_voc_detection

__all__ = [
    # classification
    "DIGITS_CLASSES", "SHAPE_CLASSES", "CIFAR10_CLASSES", "CLASSIFICATION_DATASETS", "load_digits", "load_shapes",
    "ShapesDataset", "load_cifar10", "load_classification",
    # detection and segmentation
    "SCENE_CLASSES", "VOC_CLASSES", "Shape", "ShapeScenes", "make_scenes", "ShapeScenesDataset",
    "load_voc_detection", "detection_collate",
    # captioning
    "CAPTION_WORDS", "describe_scene", "tokenize", "Vocabulary", "ShapeCaptionsDataset", "load_coco_captions",
    "load_coco_caption_texts",
    # character language models
    "load_text_corpus", "CharVocabulary", "CharSequenceDataset",
    # downloads
    "DownloadError", "data_home",
]
