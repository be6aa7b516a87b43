"""A deterministic dataset of coloured shapes on noisy backgrounds, generated, never downloaded.

One generator serves the whole course. A *scene* is a list of :class:`Shape` records rendered into an
image; the renderer also returns each shape's visible mask and bounding box. Classification uses
scenes of one shape (the label is its kind); detection and segmentation use several shapes per scene
with their boxes and masks; captioning describes the records in words. The same seed always gives
the same images, on every platform (NumPy's PCG64 generator, no PyTorch randomness).
"""
from dataclasses import dataclass

import numpy as np
import torch
from torch.utils.data import Dataset
from torchvision import tv_tensors

__all__ = ["SHAPE_CLASSES", "SCENE_CLASSES", "COLOURS", "Shape", "ShapeScenes", "sample_shapes", "render_scene",
           "make_scenes", "load_shapes", "ShapesDataset", "ShapeScenesDataset"]

SHAPE_CLASSES = ("circle", "square", "triangle", "cross")
SCENE_CLASSES = ("background", *SHAPE_CLASSES)  # detection labels: 0 is the background, as torchvision's models need
TEST_SEED_OFFSET = 1_000_003  # load_shapes' test images: a stream independent of the training seed's
COLOURS = {
    "red": (0.90, 0.20, 0.15),
    "green": (0.20, 0.75, 0.25),
    "blue": (0.20, 0.40, 0.95),
    "yellow": (0.95, 0.85, 0.20),
}


@dataclass(frozen=True)
class Shape:
    """One shape of a scene, in pixel units: centre (x, y), half-extent ``size``, rotation in radians."""

    kind: str
    colour: str
    centre: tuple[float, float]
    size: float
    angle: float

    @property
    def label(self) -> int:
        return SHAPE_CLASSES.index(self.kind)

    def mask(self, height: int, width: int) -> np.ndarray:
        """Boolean (height, width) array: which pixel centres lie inside the shape."""
        y, x = np.mgrid[0:height, 0:width] + 0.5
        cos, sin = np.cos(self.angle), np.sin(self.angle)
        dx, dy = x - self.centre[0], y - self.centre[1]
        u, v = cos * dx + sin * dy, -sin * dx + cos * dy  # coordinates in the shape's own frame
        s = self.size
        if self.kind == "circle":
            return u**2 + v**2 <= s**2
        if self.kind == "square":
            return np.maximum(abs(u), abs(v)) <= 0.8 * s  # 0.8: about the circle's area
        if self.kind == "cross":
            bar = s / 3
            return ((abs(u) <= s) & (abs(v) <= bar)) | ((abs(v) <= s) & (abs(u) <= bar))
        if self.kind == "triangle":
            # Equilateral with circumradius s: inside all three edges, each at distance s/2 from the centre.
            normals = np.deg2rad([-90.0, 30.0, 150.0])
            return np.all([u * np.cos(a) + v * np.sin(a) <= s / 2 for a in normals], axis=0)
        raise ValueError(f"unknown shape kind {self.kind!r}; expected one of {SHAPE_CLASSES}")


@dataclass
class ShapeScenes:
    """Rendered scenes. ``images`` is (N, 3, H, W) float32 in [0, 1]; the lists hold one entry per image:
    its shapes, their visible masks (n, H, W) bool, boxes (n, 4) float32 as (x1, y1, x2, y2) pixel
    edges, and labels (n,) int64. A shape hidden entirely by later ones is dropped."""

    images: torch.Tensor
    shapes: list[list[Shape]]
    masks: list[torch.Tensor]
    boxes: list[torch.Tensor]
    labels: list[torch.Tensor]

    def __len__(self) -> int:
        return len(self.images)


def sample_shapes(rng: np.random.Generator, image_size: int, num_shapes: int,
                  size_range: tuple[float, float]) -> list[Shape]:
    """``num_shapes`` random shapes lying wholly inside a square image of side ``image_size``."""
    low, high = size_range
    if not 0 < low <= high <= image_size / 2:
        raise ValueError(f"size_range {size_range} must satisfy 0 < low <= high <= image_size / 2")
    shapes = []
    for _ in range(num_shapes):
        size = rng.uniform(low, high)
        shapes.append(Shape(
            kind=SHAPE_CLASSES[rng.integers(len(SHAPE_CLASSES))],
            colour=list(COLOURS)[rng.integers(len(COLOURS))],
            centre=(rng.uniform(size, image_size - size), rng.uniform(size, image_size - size)),
            size=size,
            angle=rng.uniform(0, 2 * np.pi),
        ))
    return shapes


def render_scene(shapes: list[Shape], image_size: int, rng: np.random.Generator, noise: float = 0.08):
    """Paint ``shapes`` in order (later ones on top) over a random dark background with pixel noise.

    Returns ``(image, masks)``: a (3, H, W) float32 array in [0, 1] and one visible mask per shape.
    """
    background = rng.uniform(0.0, 0.35, size=3)
    image = np.broadcast_to(background[:, None, None], (3, image_size, image_size)).copy()
    masks = []
    for shape in shapes:
        mask = shape.mask(image_size, image_size)
        colour = np.clip(np.array(COLOURS[shape.colour]) + rng.normal(0, 0.05, size=3), 0, 1)
        image[:, mask] = colour[:, None]
        masks = [m & ~mask for m in masks] + [mask]  # the new shape hides what lies beneath it
    image = np.clip(image + rng.normal(0, noise, size=image.shape), 0, 1)
    return image.astype(np.float32), masks


def mask_box(mask: np.ndarray) -> list[float]:
    rows, cols = np.nonzero(mask)
    return [cols.min(), rows.min(), cols.max() + 1, rows.max() + 1]


def make_scenes(num_images: int, image_size: int = 32, shapes_per_image: tuple[int, int] = (1, 1),
                size_range: tuple[float, float] | None = None, seed: int = 0) -> ShapeScenes:
    """Render ``num_images`` scenes of between ``shapes_per_image[0]`` and ``[1]`` shapes each."""
    if not 0 <= shapes_per_image[0] <= shapes_per_image[1]:
        raise ValueError(f"shapes_per_image {shapes_per_image} must be (low, high) with 0 <= low <= high")
    rng = np.random.default_rng(seed)
    size_range = size_range or (image_size * 0.18, image_size * 0.38)
    images, all_shapes, all_masks, all_boxes, all_labels = [], [], [], [], []
    for _ in range(num_images):
        count = rng.integers(shapes_per_image[0], shapes_per_image[1] + 1)
        shapes = sample_shapes(rng, image_size, count, size_range)
        image, masks = render_scene(shapes, image_size, rng)
        visible = [i for i, m in enumerate(masks) if m.any()]
        images.append(image)
        all_shapes.append([shapes[i] for i in visible])
        all_masks.append(torch.as_tensor(np.array([masks[i] for i in visible])).reshape(-1, image_size, image_size))
        all_boxes.append(torch.tensor([mask_box(masks[i]) for i in visible], dtype=torch.float32).reshape(-1, 4))
        all_labels.append(torch.tensor([shapes[i].label for i in visible], dtype=torch.int64))
    return ShapeScenes(torch.as_tensor(np.array(images)), all_shapes, all_masks, all_boxes, all_labels)


def load_shapes(num_train: int = 2000, num_test: int = 500, image_size: int = 32, seed: int = 0):
    """Shape classification: one shape per image, labelled by its kind (:data:`SHAPE_CLASSES`).

    Returns ``(x_train, y_train, x_test, y_test)``: images (N, 3, image_size, image_size) float32
    in [0, 1] and int64 labels, those of :class:`ShapesDataset` ``(num_train, image_size, seed)`` and
    ``(num_test, image_size, seed + 1_000_003)``, independent streams of ``seed``.
    """
    train = ShapesDataset(num_train, image_size, seed)
    test = ShapesDataset(num_test, image_size, seed + TEST_SEED_OFFSET)
    return train.images, train.labels, test.images, test.labels


class ShapesDataset(Dataset):
    """Shape classification as a Dataset: ``num_images`` images of one shape each, labelled by its kind.

    A sample is ``(image, label)``: a float32 (3, image_size, image_size) tensor in [0, 1] (passed
    through ``transform`` when one is given) and an int, the index of the shape's kind in
    :data:`SHAPE_CLASSES`. All images are in ``images`` (N, 3, H, W) and their labels in ``labels``
    (N,) int64; the i-th are those of ``make_scenes(num_images, image_size, seed=seed)``.
    """

    classes = SHAPE_CLASSES

    def __init__(self, num_images: int, image_size: int = 32, seed: int = 0, transform=None):
        scenes = make_scenes(num_images, image_size, seed=seed)
        self.images = scenes.images
        self.labels = torch.cat(scenes.labels)
        self.transform = transform

    def __len__(self) -> int:
        return len(self.images)

    def __getitem__(self, index: int):
        image = self.images[index]
        return (self.transform(image) if self.transform else image), int(self.labels[index])


class ShapeScenesDataset(Dataset):
    """Detection and segmentation scenes: ``num_images`` images of ``shapes_per_image[0]`` to ``[1]`` shapes.

    A sample is ``(image, target)`` in the layout of :mod:`torchvision.models.detection`, K being the
    number of visible shapes (a shape hidden entirely by later ones is dropped):

    - ``image``: float32 (3, H, W) :class:`~torchvision.tv_tensors.Image` in [0, 1];
    - ``target["boxes"]``: float32 (K, 4) :class:`~torchvision.tv_tensors.BoundingBoxes`, (x1, y1, x2, y2)
      in pixel edges: a box spans pixels x1 to x2 - 1, so a one-pixel box at column 3 has x1 = 3, x2 = 4;
      each box is exactly the extent of its mask;
    - ``target["labels"]``: int64 (K,) in 1..4, indices into :data:`SCENE_CLASSES` (0 is the background),
      that is the :data:`SHAPE_CLASSES` index + 1;
    - ``target["masks"]``: bool (K, H, W) :class:`~torchvision.tv_tensors.Mask`, the visible pixels of
      each shape (they never overlap);
    - ``target["semantic_mask"]``: int64 (H, W) :class:`~torchvision.tv_tensors.Mask`, 0 on the
      background and each shape's label on its visible pixels.

    ``transforms``, a :mod:`torchvision.transforms.v2` transform, is applied to the image and the target
    together: boxes and masks follow flips, crops and resizes. A crop can leave empty boxes: end it
    with ``v2.SanitizeBoundingBoxes()``, which drops them with their labels and masks (older
    torchvision releases fail there on ``semantic_mask``, pytorch/vision#9248). The scenes are those
    of ``make_scenes(num_images, image_size, shapes_per_image, size_range, seed)``, kept in
    ``scenes`` with their :class:`Shape` records. Tensors are on the CPU.
    """

    classes = SCENE_CLASSES

    def __init__(self, num_images: int, image_size: int = 64, shapes_per_image: tuple[int, int] = (1, 4),
                 seed: int = 0, transforms=None, size_range: tuple[float, float] | None = None):
        self.scenes = make_scenes(num_images, image_size, shapes_per_image, size_range, seed)
        self.transforms = transforms

    def __len__(self) -> int:
        return len(self.scenes)

    def __getitem__(self, index: int):
        image = tv_tensors.Image(self.scenes.images[index])
        boxes, masks = self.scenes.boxes[index], self.scenes.masks[index]
        labels = self.scenes.labels[index] + 1  # 0 is the background
        target = {
            "boxes": tv_tensors.BoundingBoxes(boxes, format="XYXY", canvas_size=tuple(image.shape[-2:])),
            "labels": labels,
            "masks": tv_tensors.Mask(masks),
            "semantic_mask": tv_tensors.Mask((masks * labels[:, None, None]).sum(0)),  # visible masks never overlap
        }
        return self.transforms(image, target) if self.transforms else (image, target)
