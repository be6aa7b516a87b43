"""dlcv.data: the generated datasets, and the real ones on tiny fixtures in their own formats (no network)."""
import hashlib
import io
import json
import pickle
import socket
import struct
import tarfile
import time
import urllib.error
import urllib.request
import zipfile

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn
from torch.utils.data import DataLoader
from torchvision import tv_tensors
from torchvision.datasets import CIFAR10, CocoCaptions, VOCDetection
from torchvision.datasets import voc as torchvision_voc
from torchvision.models.detection import MaskRCNN
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.faster_rcnn import FastRCNNPredictor, TwoMLPHead
from torchvision.models.detection.mask_rcnn import MaskRCNNHeads, MaskRCNNPredictor
from torchvision.ops import MultiScaleRoIAlign
from torchvision.transforms import v2

from dlcv.data import (CAPTION_WORDS, CIFAR10_CLASSES, DIGITS_CLASSES, SCENE_CLASSES, SHAPE_CLASSES, VOC_CLASSES,
                       CharSequenceDataset, CharVocabulary, DownloadError, Shape, ShapeCaptionsDataset,
                       ShapeScenesDataset, ShapesDataset, Vocabulary, data_home, describe_scene, detection_collate,
                       load_cifar10, load_classification, load_coco_caption_texts, load_coco_captions, load_digits,
                       load_shapes, load_text_corpus, load_voc_detection, make_scenes)
from dlcv.data import coco as coco_module
from dlcv.data.shapes import sample_shapes


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Whatever a test does, nothing reaches the network: file:// URLs need no socket."""
    def refuse(*args, **kwargs):
        raise OSError("the tests never use the network")
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def no_network(*args, **kwargs):
    raise urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))


@pytest.fixture
def offline(monkeypatch):
    """urlopen fails as it does on a machine without a network, and records the socket timeout it ran under."""
    timeouts = []

    def urlopen(*args, **kwargs):
        timeouts.append(socket.getdefaulttimeout())
        no_network()
    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    return timeouts


def assert_fails_at_once_offline(load, timeouts):
    """``load()`` raises DownloadError saying there is no network and where to put the file, at once,
    with every network wait bounded by a timeout (torchvision sets none)."""
    start = time.perf_counter()
    with pytest.raises(DownloadError, match="no network.*put it at"):
        load()
    assert time.perf_counter() - start < 5
    assert timeouts and all(t is not None and t <= 60 for t in timeouts)
    assert socket.getdefaulttimeout() is None, "the timeout is put back afterwards"


@pytest.fixture
def file_urls(monkeypatch):
    """Lets torchvision's real download code fetch file:// URLs: it reads ``response.length``, which
    urllib's HTTP responses have and its file responses lack."""
    urlopen = urllib.request.urlopen

    def urlopen_with_length(*args, **kwargs):
        response = urlopen(*args, **kwargs)
        if not hasattr(response, "length"):
            response.length = int(response.headers["Content-Length"])
        return response
    monkeypatch.setattr("urllib.request.urlopen", urlopen_with_length)


def md5(path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def jpeg(path, pixels: np.ndarray) -> None:
    """Write an (H, W, 3) uint8 array as a JPEG that keeps flat colours and sharp edges."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels).save(path, quality=100, subsampling=0)


def extent(mask: torch.Tensor) -> list[float]:
    """(x1, y1, x2, y2) in pixel edges of the True pixels of an (H, W) mask."""
    rows, cols = torch.nonzero(mask, as_tuple=True)
    return [cols.min().item(), rows.min().item(), cols.max().item() + 1, rows.max().item() + 1]


# --- scikit-learn digits ---------------------------------------------------------------------------

def test_digits_shapes_range_and_split():
    x_train, y_train, x_test, y_test = load_digits()
    assert x_train.shape == (1500, 1, 8, 8) and x_test.shape == (297, 1, 8, 8)
    assert x_train.dtype == torch.float32 and y_train.dtype == torch.int64
    assert 0 <= x_train.min() and x_train.max() == 1
    assert set(y_train.tolist()) == set(range(10))


def test_digits_split_is_deterministic_and_disjoint():
    a, b = load_digits(seed=1), load_digits(seed=1)
    assert all(torch.equal(s, t) for s, t in zip(a, b))
    x_train, _, x_test, _ = a
    train_rows = {tuple(row.tolist()) for row in x_train.flatten(1)}
    overlap = sum(tuple(row.tolist()) in train_rows for row in x_test.flatten(1))
    assert overlap <= 5  # a few digits are pixel-identical in the dataset itself
    assert not torch.equal(load_digits(seed=2)[1], a[1])


def test_digits_rejects_an_impossible_split():
    with pytest.raises(ValueError, match="num_test"):
        load_digits(num_test=1797)


# --- generated shapes: the generator ---------------------------------------------------------------

def test_scenes_are_deterministic_under_a_seed():
    a = make_scenes(6, shapes_per_image=(1, 3), seed=5)
    b = make_scenes(6, shapes_per_image=(1, 3), seed=5)
    c = make_scenes(6, shapes_per_image=(1, 3), seed=6)
    assert torch.equal(a.images, b.images) and a.shapes == b.shapes
    assert all(torch.equal(x, y) for x, y in zip(a.boxes, b.boxes))
    assert not torch.equal(a.images, c.images)


def test_scene_boxes_masks_and_labels_agree():
    scenes = make_scenes(20, image_size=40, shapes_per_image=(2, 4), seed=0)
    assert scenes.images.shape == (20, 3, 40, 40) and scenes.images.dtype == torch.float32
    assert 0 <= scenes.images.min() and scenes.images.max() <= 1
    for shapes, masks, boxes, labels in zip(scenes.shapes, scenes.masks, scenes.boxes, scenes.labels):
        assert len(shapes) == len(masks) == len(boxes) == len(labels) >= 1
        assert masks.sum(0).max() <= 1, "visible masks of one scene must not overlap"
        for shape, mask, box, label in zip(shapes, masks, boxes, labels):
            assert label == SHAPE_CLASSES.index(shape.kind)
            assert box.tolist() == extent(mask)


def test_each_kind_of_shape_has_its_own_area():
    size, centre = 10.0, (20.0, 20.0)
    areas = {}
    for kind in SHAPE_CLASSES:
        rng = np.random.default_rng(0)
        shape = sample_shapes(rng, 40, 1, (size, size))[0]
        shape = type(shape)(kind, "red", centre, size, 0.0)
        areas[kind] = shape.mask(40, 40).sum()
    assert areas["circle"] == pytest.approx(np.pi * size**2, rel=0.05)
    assert areas["square"] == pytest.approx((1.6 * size) ** 2, rel=0.05)
    assert areas["triangle"] == pytest.approx(3 * np.sqrt(3) / 4 * size**2, rel=0.08)
    assert len(set(areas.values())) == len(SHAPE_CLASSES)


def test_load_shapes_classification_split():
    x_train, y_train, x_test, y_test = load_shapes(num_train=200, num_test=50, image_size=24, seed=3)
    assert x_train.shape == (200, 3, 24, 24) and y_train.shape == (200,) and x_test.shape == (50, 3, 24, 24)
    assert set(y_train.tolist()) == set(range(len(SHAPE_CLASSES)))
    assert not torch.equal(x_train[:50], x_test)
    again = load_shapes(num_train=200, num_test=50, image_size=24, seed=3)
    assert torch.equal(again[0], x_train) and torch.equal(again[3], y_test)


def test_sample_shapes_rejects_shapes_that_cannot_fit():
    with pytest.raises(ValueError, match="size_range"):
        sample_shapes(np.random.default_rng(0), 32, 1, (5, 20))


def test_make_scenes_rejects_an_impossible_shape_count():
    with pytest.raises(ValueError, match="shapes_per_image"):
        make_scenes(2, shapes_per_image=(3, 1))


# --- generated shapes: classification Dataset --------------------------------------------------------

def test_shapes_dataset_is_what_load_shapes_returns():
    dataset = ShapesDataset(40, image_size=24, seed=3)
    x_train, y_train, _, _ = load_shapes(num_train=40, num_test=1, image_size=24, seed=3)
    assert torch.equal(dataset.images, x_train) and torch.equal(dataset.labels, y_train)
    assert len(dataset) == 40 and dataset.classes == SHAPE_CLASSES
    image, label = dataset[7]
    assert image.shape == (3, 24, 24) and image.dtype == torch.float32 and isinstance(label, int)
    assert torch.equal(image, x_train[7]) and label == y_train[7]


def test_shapes_dataset_is_deterministic_and_ignores_torch_seed():
    torch.manual_seed(1)
    a = ShapesDataset(10, seed=4)
    torch.manual_seed(2)
    b = ShapesDataset(10, seed=4)
    assert torch.equal(a.images, b.images) and torch.equal(a.labels, b.labels)
    assert not torch.equal(ShapesDataset(10, seed=5).images, a.images)


def test_shapes_dataset_applies_its_transform_to_the_image():
    dataset = ShapesDataset(3, seed=0, transform=v2.RandomHorizontalFlip(p=1.0))
    image, label = dataset[1]
    assert torch.equal(image, dataset.images[1].flip(-1)) and label == dataset.labels[1]


def test_shapes_dataset_batches_with_a_dataloader():
    images, labels = next(iter(DataLoader(ShapesDataset(10, seed=0), batch_size=4)))
    assert images.shape == (4, 3, 32, 32) and labels.dtype == torch.int64


# --- generated shapes: detection and segmentation Dataset ---------------------------------------------

def assert_scene_target_is_consistent(image, target):
    """torchvision's detection layout, each box the extent of its mask, the semantic mask their union."""
    height, width = image.shape[-2:]
    boxes, labels, masks, semantic = target["boxes"], target["labels"], target["masks"], target["semantic_mask"]
    assert isinstance(image, tv_tensors.Image) and image.dtype == torch.float32 and image.shape[0] == 3
    assert isinstance(boxes, tv_tensors.BoundingBoxes) and boxes.format == tv_tensors.BoundingBoxFormat.XYXY
    assert boxes.dtype == torch.float32 and labels.dtype == torch.int64 and masks.dtype == torch.bool
    assert isinstance(masks, tv_tensors.Mask) and semantic.dtype == torch.int64 and semantic.shape == (height, width)
    assert boxes.shape == (len(labels), 4) and masks.shape == (len(labels), height, width)
    assert ((1 <= labels) & (labels <= len(SHAPE_CLASSES))).all(), "0 is the background"
    assert (boxes[:, :2] >= 0).all() and (boxes[:, 2] <= width).all() and (boxes[:, 3] <= height).all()
    assert (boxes[:, 2:] > boxes[:, :2]).all()
    for box, mask in zip(boxes, masks):
        assert box.tolist() == extent(mask)
    expected = torch.zeros(height, width, dtype=torch.int64)
    for label, mask in zip(labels, masks):
        expected[mask] = label
    assert torch.equal(semantic, expected)


def test_scene_samples_follow_torchvision_detection_layout():
    dataset = ShapeScenesDataset(12, image_size=48, shapes_per_image=(1, 4), seed=0)
    assert len(dataset) == 12 and dataset.classes == SCENE_CLASSES == ("background", *SHAPE_CLASSES)
    for index in range(len(dataset)):
        image, target = dataset[index]
        assert image.shape == (3, 48, 48)
        assert_scene_target_is_consistent(image, target)
        kinds = [shape.kind for shape in dataset.scenes.shapes[index]]
        assert [SCENE_CLASSES[label] for label in target["labels"]] == kinds
        assert torch.equal(image, dataset.scenes.images[index])


def test_scene_dataset_is_deterministic_under_a_seed():
    a, b = ShapeScenesDataset(5, seed=2), ShapeScenesDataset(5, seed=2)
    for (image_a, target_a), (image_b, target_b) in zip(a, b):
        assert torch.equal(image_a, image_b)
        assert all(torch.equal(target_a[key], target_b[key]) for key in target_a)
    assert not torch.equal(ShapeScenesDataset(5, seed=3)[0][0], a[0][0])


def test_scene_transforms_move_boxes_and_masks_with_the_image():
    plain = ShapeScenesDataset(4, image_size=40, seed=1)
    flipped = ShapeScenesDataset(4, image_size=40, seed=1, transforms=v2.RandomHorizontalFlip(p=1.0))
    for (image, target), (flipped_image, flipped_target) in zip(plain, flipped):
        assert torch.equal(flipped_image, image.flip(-1))
        assert torch.equal(flipped_target["masks"], target["masks"].flip(-1))
        x1, y1, x2, y2 = target["boxes"].unbind(1)
        assert torch.equal(flipped_target["boxes"], torch.stack([40 - x2, y1, 40 - x1, y2], dim=1))
        assert_scene_target_is_consistent(flipped_image, flipped_target)


def test_a_crop_then_sanitize_keeps_boxes_labels_and_masks_together():
    crop = v2.Compose([v2.CenterCrop(20), v2.SanitizeBoundingBoxes(min_size=1)])
    dataset = ShapeScenesDataset(10, image_size=64, seed=0, transforms=crop)
    whole = ShapeScenesDataset(10, image_size=64, seed=0)
    dropped = 0
    for (image, target), (_, uncropped) in zip(dataset, whole):
        assert image.shape == (3, 20, 20) and target["semantic_mask"].shape == (20, 20)
        assert len(target["boxes"]) == len(target["labels"]) == len(target["masks"])
        assert (target["boxes"][:, 2:] <= 20).all() and (target["boxes"][:, 2:] > target["boxes"][:, :2]).all()
        dropped += len(uncropped["boxes"]) - len(target["boxes"])
    assert dropped > 0, "some shapes lie outside the central crop"


def test_detection_collate_batches_scenes_with_different_numbers_of_boxes():
    dataset = ShapeScenesDataset(8, image_size=32, shapes_per_image=(1, 4), seed=0)
    batches = list(DataLoader(dataset, batch_size=4, collate_fn=detection_collate))
    assert len(batches) == 2
    images, targets = batches[0]
    assert isinstance(images, torch.Tensor) and images.shape == (4, 3, 32, 32)
    assert isinstance(targets, list) and len(targets) == 4
    assert len({len(t["boxes"]) for batch in batches for t in batch[1]}) > 1, "box counts differ between scenes"
    assert torch.equal(images[2], dataset[2][0]) and torch.equal(targets[2]["labels"], dataset[2][1]["labels"])


def test_detection_collate_keeps_images_of_different_sizes_in_a_list():
    small, large = ShapeScenesDataset(1, image_size=32)[0], ShapeScenesDataset(1, image_size=40)[0]
    images, targets = detection_collate([small, large])
    assert isinstance(images, list) and [tuple(i.shape) for i in images] == [(3, 32, 32), (3, 40, 40)]
    assert targets == [small[1], large[1]]


def test_a_torchvision_mask_rcnn_trains_on_collated_scenes():
    """The targets are what torchvision's detection models take (a tiny Mask R-CNN: one training step)."""
    backbone = nn.Sequential(nn.Conv2d(3, 8, 3, stride=4, padding=1), nn.ReLU())
    backbone.out_channels = 8
    model = MaskRCNN(
        backbone, min_size=32, max_size=32, rpn_anchor_generator=AnchorGenerator(((8, 16),), ((1.0,),)),
        box_roi_pool=MultiScaleRoIAlign(["0"], 7, 2), box_head=TwoMLPHead(8 * 7 * 7, 16),
        box_predictor=FastRCNNPredictor(16, len(SCENE_CLASSES)),
        mask_roi_pool=MultiScaleRoIAlign(["0"], 14, 2), mask_head=MaskRCNNHeads(8, [8], 1),
        mask_predictor=MaskRCNNPredictor(8, 8, len(SCENE_CLASSES)),
    )
    images, targets = next(iter(DataLoader(ShapeScenesDataset(4, image_size=32, seed=0), batch_size=4,
                                           collate_fn=detection_collate)))
    losses = model(images, targets)
    assert {"loss_classifier", "loss_box_reg", "loss_mask", "loss_objectness"} <= losses.keys()
    sum(losses.values()).backward()
    assert all(torch.isfinite(loss) for loss in losses.values())


# --- captions ------------------------------------------------------------------------------------------

def shape(kind, colour, x, y, size=8.0):
    return Shape(kind, colour, (x, y), size, 0.0)


def test_describe_scene_names_one_shape_with_its_size():
    assert describe_scene([shape("circle", "red", 30, 30, size=18.0)], 64) == "a red circle"
    assert describe_scene([shape("square", "blue", 30, 30, size=8.0)], 64) == "a small blue square"
    assert describe_scene([shape("cross", "green", 30, 30, size=22.0)], 64) == "a large green cross"


def test_describe_scene_relates_two_shapes_largest_first():
    big_red = shape("circle", "red", 20, 10, size=18.0)
    for (x, y), relation in [((20, 50), "above"), ((20, -30), "below"), ((50, 14), "left of"),
                             ((-10, 14), "right of")]:
        small_blue = shape("square", "blue", x, y, size=8.0)
        assert describe_scene([small_blue, big_red], 64) == f"a red circle {relation} a small blue square"


def test_describe_scene_counts_shapes_of_one_colour_and_kind():
    circles = [shape("circle", "red", 10, 10), shape("circle", "red", 40, 12)]
    assert describe_scene(circles, 64) == "two red circles"
    three = circles + [shape("circle", "red", 20, 40)]
    cross = shape("cross", "yellow", 25, 55, size=6.0)
    assert describe_scene([*three, cross], 64) == "three red circles above a small yellow cross"
    assert describe_scene([cross, shape("triangle", "green", 50, 55, size=5.0), *circles], 64) == (
        "two red circles above a small yellow cross and a small green triangle")


def test_describe_scene_needs_a_shape():
    with pytest.raises(ValueError, match="at least one shape"):
        describe_scene([], 64)


def test_vocabulary_special_tokens_come_first():
    vocab = Vocabulary(CAPTION_WORDS)
    assert vocab.idx_to_word[:4] == ["<NULL>", "<START>", "<END>", "<UNK>"]
    assert [vocab.word_to_idx[w] for w in ("<NULL>", "<START>", "<END>", "<UNK>")] == [0, 1, 2, 3]
    assert len(vocab) == 4 + len(CAPTION_WORDS) == len(vocab.word_to_idx)
    assert all(vocab.idx_to_word[vocab.word_to_idx[w]] == w for w in CAPTION_WORDS)
    with pytest.raises(ValueError, match="repeated.*'a'"):
        Vocabulary(["a", "b", "a"])


def test_encode_decode_round_trip_padding_and_unknown_words():
    vocab = Vocabulary(CAPTION_WORDS)
    caption = "a small red circle left of two blue squares"
    ids = vocab.encode(caption)
    assert ids.dtype == torch.int64 and ids.shape == (len(caption.split()) + 2,)
    assert ids[0] == 1 and ids[-1] == 2 and vocab.decode(ids) == caption
    padded = vocab.encode(caption, max_length=14)
    assert padded.shape == (14,) and padded[:len(ids)].tolist() == ids.tolist() and (padded[len(ids):] == 0).all()
    assert vocab.decode(padded) == caption
    assert vocab.encode("a purple circle").tolist() == [1, vocab.word_to_idx["a"], 3, vocab.word_to_idx["circle"], 2]
    assert vocab.decode(vocab.encode("a purple circle")) == "a <UNK> circle"
    with pytest.raises(ValueError, match="max_length=5"):
        vocab.encode(caption, max_length=5)


def test_decode_stops_at_end_and_skips_null_and_start():
    vocab = Vocabulary(CAPTION_WORDS)
    red, circle = vocab.word_to_idx["red"], vocab.word_to_idx["circle"]
    assert vocab.decode([1, red, 0, circle, 2, red, red]) == "red circle"
    assert vocab.decode(torch.tensor([red, circle])) == "red circle"  # no <END>: every word
    with pytest.raises(ValueError, match="decode_batch"):
        vocab.decode(torch.zeros(2, 3, dtype=torch.int64))


def test_batch_encode_and_decode():
    vocab = Vocabulary(CAPTION_WORDS)
    captions = ["a red circle", "two blue squares above a green cross"]
    ids = vocab.encode_batch(captions)
    assert ids.shape == (2, 9) and ids.dtype == torch.int64 and ids[0, 5:].eq(0).all()
    assert vocab.decode_batch(ids) == captions
    assert vocab.encode_batch(captions, max_length=12).shape == (2, 12)
    assert vocab.encode_batch([], max_length=12).shape == (0, 12)
    with pytest.raises(ValueError, match=r"\(N, T\)"):
        vocab.decode_batch(ids[0])


def test_vocabulary_from_captions_orders_words_by_frequency():
    vocab = Vocabulary.from_captions(["A dog runs.", "A dog sleeps", "a cat runs!"], min_count=2)
    assert vocab.idx_to_word[4:] == ["a", "dog", "runs"]
    assert vocab.decode(vocab.encode("A cat runs")) == "a <UNK> runs"


def test_shape_captions_dataset_samples():
    dataset = ShapeCaptionsDataset(30, image_size=64, seed=0)
    assert len(dataset) == 30 and len(dataset.captions) == 30 and dataset.caption_ids.shape == (30, 17)
    vocab = dataset.vocab
    for index in range(len(dataset)):
        image, ids = dataset[index]
        assert image.shape == (3, 64, 64) and image.dtype == torch.float32
        assert ids.shape == (17,) and ids.dtype == torch.int64 and ids[0] == vocab.word_to_idx["<START>"]
        end = ids.tolist().index(vocab.word_to_idx["<END>"])
        assert (ids[end + 1:] == vocab.word_to_idx["<NULL>"]).all(), "<NULL> after <END>, as CS231n's captions"
        assert vocab.decode(ids) == dataset.captions[index]
        assert dataset.captions[index] == describe_scene(dataset.scenes.shapes[index], 64)
        assert set(dataset.captions[index].split()) <= set(CAPTION_WORDS)
    assert len(set(dataset.captions)) > 20


def test_shape_captions_are_deterministic_under_a_seed():
    a, b = ShapeCaptionsDataset(10, seed=1), ShapeCaptionsDataset(10, seed=1)
    assert a.captions == b.captions and torch.equal(a.caption_ids, b.caption_ids)
    assert torch.equal(a.scenes.images, b.scenes.images)
    assert ShapeCaptionsDataset(10, seed=2).captions != a.captions


def test_shape_captions_max_length_must_fit():
    with pytest.raises(ValueError, match="max_length"):
        ShapeCaptionsDataset(10, seed=0, max_length=5)


# --- the text corpus for character models ------------------------------------------------------------

# The hash of load_text_corpus(): any change to the grammar or to the generator changes it.
CORPUS_SHA256 = "6f015a62a0debdd811d7dc6a5dc473a01e714caefc841e865b2bf477148a3020"


def test_text_corpus_is_deterministic_english_like_text():
    text = load_text_corpus()
    assert hashlib.sha256(text.encode()).hexdigest() == CORPUS_SHA256, "the corpus changed"
    assert 200_000 < len(text) < 500_000 and text.isascii()
    assert "\n\n" in text and '"' in text and " the " in text and "an old" in text and "a old" not in text
    paragraphs = text.strip().split("\n\n")
    assert all(p[0].isupper() or p[0] == '"' for p in paragraphs)
    assert load_text_corpus(num_paragraphs=20, seed=1) != load_text_corpus(num_paragraphs=20, seed=2)
    assert load_text_corpus(num_paragraphs=20, seed=1) == load_text_corpus(num_paragraphs=20, seed=1)


def test_char_vocabulary_round_trip():
    text = load_text_corpus()
    vocab = CharVocabulary(text)
    assert vocab.chars == sorted(set(text)) and len(vocab) == len(vocab.chars) == len(vocab.char_to_idx)
    ids = vocab.encode(text[:500])
    assert ids.dtype == torch.int64 and ids.shape == (500,) and vocab.decode(ids) == text[:500]
    assert vocab.decode(ids.tolist()) == text[:500]
    with pytest.raises(ValueError, match="not in the vocabulary"):
        vocab.encode("Zebra ~")


def test_char_sequence_dataset_targets_are_inputs_shifted_by_one():
    ids = torch.arange(103, dtype=torch.int64)
    dataset = CharSequenceDataset(ids, seq_len=10)
    assert len(dataset) == 10
    first_input, first_target = dataset[0]
    assert first_input.tolist() == list(range(10)) and first_target.tolist() == list(range(1, 11))
    last_input, last_target = dataset[9]
    assert last_input.tolist() == list(range(90, 100)) and last_target[-1] == 100
    inputs, targets = next(iter(DataLoader(dataset, batch_size=4)))
    assert inputs.shape == targets.shape == (4, 10) and torch.equal(inputs[:, 1:], targets[:, :-1])
    with pytest.raises(IndexError):
        dataset[10]
    with pytest.raises(ValueError, match="seq_len"):
        CharSequenceDataset(ids, seq_len=103)
    with pytest.raises(ValueError, match="1-D int64"):
        CharSequenceDataset(ids.float(), seq_len=10)


def test_char_sequence_dataset_on_the_corpus():
    text = load_text_corpus()
    vocab = CharVocabulary(text)
    dataset = CharSequenceDataset(vocab.encode(text), seq_len=64)
    inputs, targets = dataset[100]
    assert vocab.decode(inputs)[1:] == vocab.decode(targets)[:-1]
    assert vocab.decode(inputs) == text[6400:6464]


# --- CIFAR-10, on a tiny fixture in CIFAR's own format ---------------------------------------------------

PER_BATCH = 3
CIFAR_BATCHES = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]


class Python2Pickler(pickle._Pickler):
    """Pickles bytes as Python 2's ``str`` (SHORT_BINSTRING / BINSTRING), as CIFAR-10's batches were written:
    read back with ``encoding="bytes"`` they are bytes, with ``encoding="latin1"`` (torchvision's) str."""

    dispatch = pickle._Pickler.dispatch.copy()

    def save_python2_str(self, obj: bytes):
        if len(obj) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(obj)]) + obj)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(obj)) + obj)
        self.memoize(obj)

    dispatch[bytes] = save_python2_str


def python2_pickle(obj) -> bytes:
    buffer = io.BytesIO()
    Python2Pickler(buffer, protocol=2).dump(obj)
    return buffer.getvalue()


def fixture_batch(index: int) -> dict:
    """A batch as the real archive stores it: a dict of Python 2 str keys (bytes in Python 3)."""
    rng = np.random.default_rng(index)
    data = rng.integers(0, 256, size=(PER_BATCH, 3 * 32 * 32), dtype=np.uint8)
    data[0, :1024] = 255  # the first image: red plane full, green and blue planes empty
    data[0, 1024:] = 0
    labels = [(index + i) % 10 for i in range(PER_BATCH)]
    return {b"batch_label": f"batch {index}".encode(), b"labels": labels, b"data": data,
            b"filenames": [f"img_{index}_{i}.png".encode() for i in range(PER_BATCH)]}


@pytest.fixture
def cifar_archive(tmp_path, monkeypatch):
    """cifar-10-python.tar.gz with 5 training batches, a test batch and the meta file; torchvision's
    md5s of each file (class attributes of CIFAR10) patched to the fixture's."""
    folder = tmp_path / "build" / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    for index, name in enumerate(CIFAR_BATCHES, start=1):
        (folder / name).write_bytes(python2_pickle(fixture_batch(index)))
    meta = {b"label_names": [c.encode() for c in CIFAR10_CLASSES], b"num_cases_per_batch": PER_BATCH}
    (folder / "batches.meta").write_bytes(python2_pickle(meta))
    archive = tmp_path / "cifar-10-python.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname="cifar-10-batches-py")
    checksums = [[name, md5(folder / name)] for name in CIFAR_BATCHES]
    monkeypatch.setattr(CIFAR10, "train_list", checksums[:5])
    monkeypatch.setattr(CIFAR10, "test_list", checksums[5:])
    monkeypatch.setattr(CIFAR10, "meta", {**CIFAR10.meta, "md5": md5(folder / "batches.meta")})
    monkeypatch.setattr(CIFAR10, "url", archive.as_uri())
    monkeypatch.setattr(CIFAR10, "tgz_md5", md5(archive))
    return archive


def extract(archive, root):
    with tarfile.open(archive) as tar:
        tar.extractall(root, filter="data")
    return root


def test_the_fixture_pickles_like_python_2():
    raw = python2_pickle(fixture_batch(1))
    assert list(pickle.loads(raw, encoding="bytes")) == [b"batch_label", b"labels", b"data", b"filenames"]
    as_latin1 = pickle.loads(raw, encoding="latin1")
    assert list(as_latin1) == ["batch_label", "labels", "data", "filenames"]
    assert np.array_equal(as_latin1["data"], fixture_batch(1)[b"data"])


def test_cifar_loads_from_the_cache_without_network(cifar_archive, tmp_path, offline):
    root = extract(cifar_archive, tmp_path / "cache")
    x_train, y_train, x_test, y_test = load_cifar10(root)
    assert not offline, "a cached dataset needs no download"
    assert x_train.shape == (5 * PER_BATCH, 3, 32, 32) and x_test.shape == (PER_BATCH, 3, 32, 32)
    assert x_train.dtype == torch.float32 and x_train.is_contiguous() and y_train.dtype == torch.int64
    assert 0 <= x_train.min() and x_train.max() <= 1
    assert x_train[0, 0].eq(1).all() and x_train[0, 1:].eq(0).all(), "rows are the red, green, blue planes"
    raw = fixture_batch(1)[b"data"][1]
    assert x_train[1, 2, 5, 7] == raw[2 * 1024 + 5 * 32 + 7] / 255, "each plane is 32 rows of 32 pixels"
    assert y_train.tolist()[:PER_BATCH] == [1, 2, 3] and y_test.tolist() == [6, 7, 8]
    sub = load_cifar10(root, num_train=4, num_test=2)
    assert len(sub[0]) == len(sub[1]) == 4 and len(sub[2]) == len(sub[3]) == 2
    assert torch.equal(sub[0], x_train[:4])


def test_cifar_download_goes_through_torchvision(cifar_archive, tmp_path, file_urls):
    """torchvision's own download, checksum and extraction, served from a file:// URL."""
    root = tmp_path / "fresh"
    x_train, y_train, x_test, _ = load_cifar10(root)
    assert x_train.shape == (5 * PER_BATCH, 3, 32, 32) and len(x_test) == PER_BATCH
    assert md5(root / "cifar-10-python.tar.gz") == md5(cifar_archive)
    assert (root / "cifar-10-batches-py" / "test_batch").is_file()


def test_cifar_without_network_fails_at_once(tmp_path, offline):
    assert_fails_at_once_offline(lambda: load_cifar10(tmp_path / "empty"), offline)
    assert not list((tmp_path / "empty").glob("*")), "nothing half-downloaded is left behind"


def test_cifar_missing_without_download(tmp_path, offline):
    with pytest.raises(FileNotFoundError, match="download_if_missing"):
        load_cifar10(tmp_path, download_if_missing=False)
    assert not offline


def test_cifar_corrupted_archive_is_reported_and_deleted(cifar_archive, tmp_path, monkeypatch, file_urls):
    corrupted = tmp_path / "corrupted" / "cifar-10-python.tar.gz"
    corrupted.parent.mkdir()
    data = bytearray(cifar_archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    corrupted.write_bytes(bytes(data))
    monkeypatch.setattr(CIFAR10, "url", corrupted.as_uri())
    root = tmp_path / "fresh"
    with pytest.raises(DownloadError, match="corrupted"):
        load_cifar10(root)
    assert not (root / "cifar-10-python.tar.gz").exists()


def test_cifar_default_cache_is_data_home(cifar_archive):
    extract(cifar_archive, data_home() / "cifar10")
    assert load_cifar10()[0].shape == (5 * PER_BATCH, 3, 32, 32)


# --- PASCAL VOC, on a tiny VOCdevkit built in VOC's own layout ------------------------------------------

VOC_WIDTH, VOC_HEIGHT = 48, 32
# image id -> objects (name, colour, (xmin, ymin, xmax, ymax) as VOC writes them: 1-based, inclusive)
VOC_IMAGES = {
    "2008_000001": [("dog", (255, 0, 0), ("5", "3", "20", "12")), ("person", (0, 255, 0), ("31", "16", "45", "30"))],
    "2011_003353": [("tvmonitor", (0, 0, 255), ("10", "11.70000076293945", "40", "32"))],  # VOC 2012 has decimals
}


def voc_xml(image_id: str, objects) -> str:
    parts = [f"<annotation><folder>VOC2012</folder><filename>{image_id}.jpg</filename>",
             "<source><database>The VOC2008 Database</database><annotation>PASCAL VOC2008</annotation>"
             "<image>flickr</image></source>",
             f"<size><width>{VOC_WIDTH}</width><height>{VOC_HEIGHT}</height><depth>3</depth></size>",
             "<segmented>0</segmented>"]
    for name, _, (xmin, ymin, xmax, ymax) in objects:
        parts.append(f"<object><name>{name}</name><pose>Unspecified</pose><truncated>0</truncated>"
                     f"<difficult>0</difficult><bndbox><xmin>{xmin}</xmin><ymin>{ymin}</ymin>"
                     f"<xmax>{xmax}</xmax><ymax>{ymax}</ymax></bndbox></object>")
    return "\n".join(parts + ["</annotation>"])


@pytest.fixture
def voc_root(tmp_path):
    """VOCdevkit/VOC2012 with Annotations, JPEGImages (each object painted in its colour over its box)
    and ImageSets/Main/train.txt."""
    root = tmp_path / "voc"
    devkit = root / "VOCdevkit" / "VOC2012"
    (devkit / "Annotations").mkdir(parents=True)
    (devkit / "ImageSets" / "Main").mkdir(parents=True)
    for image_id, objects in VOC_IMAGES.items():
        (devkit / "Annotations" / f"{image_id}.xml").write_text(voc_xml(image_id, objects))
        pixels = np.zeros((VOC_HEIGHT, VOC_WIDTH, 3), dtype=np.uint8)
        for _, colour, (xmin, ymin, xmax, ymax) in objects:
            x1, y1 = round(float(xmin)) - 1, round(float(ymin)) - 1
            pixels[y1:round(float(ymax)), x1:round(float(xmax))] = colour
        jpeg(devkit / "JPEGImages" / f"{image_id}.jpg", pixels)
    (devkit / "ImageSets" / "Main" / "train.txt").write_text("\n".join(VOC_IMAGES) + "\n")
    return root


def painted(image: torch.Tensor, channel: int) -> torch.Tensor:
    """Where ``image`` is bright in ``channel`` only (one object's colour)."""
    others = [c for c in range(3) if c != channel]
    return (image[channel] > 0.5) & (image[others] < 0.5).all(0)


def test_voc_samples_have_boxes_in_pixel_edges_and_labels(voc_root, offline):
    dataset = load_voc_detection(voc_root, download=False)
    assert isinstance(dataset, VOCDetection) and len(dataset) == 2 and not offline
    image, target = dataset[0]
    assert isinstance(image, tv_tensors.Image) and image.dtype == torch.float32 and image.shape == (3, 32, 48)
    assert 0 <= image.min() and image.max() <= 1
    assert isinstance(target["boxes"], tv_tensors.BoundingBoxes) and target["boxes"].dtype == torch.float32
    assert target["boxes"].canvas_size == (32, 48)
    assert target["boxes"].tolist() == [[4, 2, 20, 12], [30, 15, 45, 30]], "x1 = xmin - 1, x2 = xmax"
    assert target["labels"].dtype == torch.int64 and target["labels"].tolist() == [12, 15]
    assert [VOC_CLASSES[label] for label in target["labels"]] == ["dog", "person"]
    assert extent(painted(image, 0)) == target["boxes"][0].tolist(), "the box covers the dog's pixels exactly"
    assert extent(painted(image, 1)) == target["boxes"][1].tolist()
    _, target = dataset[1]
    assert target["boxes"].tolist() == [[9, pytest.approx(10.7), 40, 32]] and target["labels"].tolist() == [20]


def test_voc_classes():
    assert len(VOC_CLASSES) == 21 and VOC_CLASSES[0] == "background"
    assert VOC_CLASSES[1] == "aeroplane" and VOC_CLASSES[15] == "person" and VOC_CLASSES[-1] == "tvmonitor"


def test_voc_transforms_move_the_boxes(voc_root):
    dataset = load_voc_detection(voc_root, download=False, transforms=v2.RandomHorizontalFlip(p=1.0))
    image, target = dataset[0]
    assert target["boxes"].tolist() == [[48 - 20, 2, 48 - 4, 12], [48 - 45, 15, 48 - 30, 30]]
    assert extent(painted(image, 0)) == target["boxes"][0].tolist()
    assert target["labels"].tolist() == [12, 15]


def test_voc_batches_with_detection_collate(voc_root):
    images, targets = next(iter(DataLoader(load_voc_detection(voc_root, download=False), batch_size=2,
                                           collate_fn=detection_collate)))
    assert images.shape == (2, 3, 32, 48) and [len(t["boxes"]) for t in targets] == [2, 1]


def test_voc_download_goes_through_torchvision(voc_root, tmp_path, monkeypatch, file_urls):
    archive = tmp_path / "VOCtrainval_11-May-2012.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(voc_root / "VOCdevkit", arcname="VOCdevkit")
    monkeypatch.setitem(torchvision_voc.DATASET_YEAR_DICT, "2012",
                        {**torchvision_voc.DATASET_YEAR_DICT["2012"], "url": archive.as_uri(), "md5": md5(archive)})
    dataset = load_voc_detection()
    assert len(dataset) == 2 and dataset[0][1]["labels"].tolist() == [12, 15]
    assert (data_home() / "voc" / "VOCtrainval_11-May-2012.tar").is_file()


def test_voc_without_network_fails_at_once(tmp_path, offline):
    assert_fails_at_once_offline(lambda: load_voc_detection(tmp_path / "voc"), offline)
    with pytest.raises(FileNotFoundError, match="download=False"):
        load_voc_detection(tmp_path / "voc", download=False)


# --- COCO captions, on a tiny fixture in COCO's own JSON format and archives ---------------------------------

COCO_IMAGES = [{"license": 3, "file_name": "000000000285.jpg", "height": 36, "width": 24, "id": 285},
               {"license": 4, "file_name": "000000000139.jpg", "height": 30, "width": 40, "id": 139}]
COCO_CAPTIONS = [(139, 1, "A woman stands in the dining area at the table."),
                 (285, 2, "A big burly grizzly bear is show with grass in the background."),
                 (139, 3, "A room with chairs, a table, and a woman in it."),
                 (285, 4, "The large brown bear has a black nose.")]


@pytest.fixture
def coco_archives(tmp_path, monkeypatch, file_urls):
    """annotations_trainval2017.zip and val2017.zip as COCO serves them, behind file:// URLs."""
    captions = {"info": {"description": "COCO 2017 Dataset", "version": "1.0", "year": 2017},
                "licenses": [{"url": "http://creativecommons.org/licenses/by-nc-sa/2.0/", "id": 1,
                              "name": "Attribution-NonCommercial-ShareAlike License"}],
                "images": COCO_IMAGES,
                "annotations": [{"image_id": i, "id": a, "caption": c} for i, a, c in COCO_CAPTIONS]}
    served = tmp_path / "served"
    served.mkdir()
    with zipfile.ZipFile(served / "annotations_trainval2017.zip", "w") as archive:
        archive.writestr("annotations/captions_val2017.json", json.dumps(captions))
        archive.writestr("annotations/captions_train2017.json", json.dumps({**captions, "images": [],
                                                                             "annotations": []}))
    with zipfile.ZipFile(served / "val2017.zip", "w") as archive:
        for image in COCO_IMAGES:
            buffer = io.BytesIO()
            Image.new("RGB", (image["width"], image["height"]), (200, 30, 30)).save(buffer, "JPEG")
            archive.writestr(f"val2017/{image['file_name']}", buffer.getvalue())
    for name, path in [("annotations", served / "annotations_trainval2017.zip"), ("val2017", served / "val2017.zip")]:
        monkeypatch.setitem(coco_module.COCO_ARCHIVES, name, (path.as_uri(), md5(path)))
    return served


def test_coco_captions_with_images(coco_archives, tmp_path):
    root = tmp_path / "coco"
    dataset = load_coco_captions(root, "val2017")
    assert isinstance(dataset, CocoCaptions) and len(dataset) == 2 and dataset.ids == [139, 285]
    image, captions = dataset[0]
    assert isinstance(image, tv_tensors.Image) and image.dtype == torch.float32 and image.shape == (3, 30, 40)
    assert 0.7 < image[0].mean() < 0.9 and image[1].mean() < 0.2
    assert captions == [COCO_CAPTIONS[0][2], COCO_CAPTIONS[2][2]], "an image's captions, in the file's order"
    assert dataset[1][1] == [COCO_CAPTIONS[1][2], COCO_CAPTIONS[3][2]]
    resized = load_coco_captions(root, "val2017", transform=v2.Resize((16, 16)))
    assert resized[1][0].shape == (3, 16, 16)


def test_coco_caption_texts_need_no_images(coco_archives, tmp_path):
    root = tmp_path / "coco"
    texts = load_coco_caption_texts(root, "val2017")
    assert list(texts) == [139, 285] and texts[285] == [COCO_CAPTIONS[1][2], COCO_CAPTIONS[3][2]]
    assert (root / "annotations" / "captions_val2017.json").is_file() and not (root / "val2017").exists()
    dataset = load_coco_captions(root, "val2017")
    assert [dataset[i][1] for i in range(len(dataset))] == [texts[i] for i in dataset.ids]
    vocab = Vocabulary.from_captions(c for captions in texts.values() for c in captions)
    assert vocab.idx_to_word[4:6] == ["a", "the"]
    assert load_coco_caption_texts(root, "train2017") == {}


def test_coco_without_network_fails_at_once(tmp_path, offline):
    assert_fails_at_once_offline(lambda: load_coco_caption_texts(tmp_path / "coco"), offline)
    with pytest.raises(FileNotFoundError, match="download=False"):
        load_coco_captions(tmp_path / "coco", download=False)
    with pytest.raises(ValueError, match="val2017"):
        load_coco_caption_texts(tmp_path / "coco", split="test2015")


# --- load_classification: the assignments' data cells ---------------------------------------------------------

def test_load_classification_loads_each_dataset(cifar_archive, capsys, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    x_train, y_train, x_test, y_test, names = load_classification("digits", num_train=100, num_test=20)
    assert x_train.shape == (100, 1, 8, 8) and y_test.shape == (20,) and names == DIGITS_CLASSES
    assert torch.equal(x_train, load_digits()[0][:100])
    x_train, y_train, x_test, y_test, names = load_classification("shapes", num_train=30, num_test=10)
    assert x_train.shape == (30, 3, 32, 32) and len(y_test) == 10 and names == SHAPE_CLASSES
    assert torch.equal(x_train, load_shapes(30, 10)[0])
    extract(cifar_archive, data_home() / "cifar10")
    x_train, y_train, x_test, y_test, names = load_classification("cifar10", num_test=2)
    assert x_train.shape == (5 * PER_BATCH, 3, 32, 32) and len(x_test) == 2 and names == CIFAR10_CLASSES
    assert capsys.readouterr().out == ""


def test_load_classification_uses_the_fallback_while_grading(cifar_archive, capsys, monkeypatch, offline):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    extract(cifar_archive, data_home() / "cifar10")  # even with CIFAR-10 in the cache, grading uses the digits
    *tensors, names = load_classification("cifar10", num_train=5000, num_test=500)
    assert names == DIGITS_CLASSES and tensors[0].shape == (1500, 1, 8, 8) and len(tensors[2]) == 297
    assert "grading" in capsys.readouterr().out
    assert load_classification("shapes")[4] == DIGITS_CLASSES
    assert load_classification("cifar10", num_train=10, num_test=5, fallback="shapes")[4] == SHAPE_CLASSES
    assert not offline, "nothing is downloaded while grading"


def test_load_classification_falls_back_without_network(capsys, monkeypatch, offline):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    *tensors, names = load_classification("cifar10", num_train=50)
    assert names == DIGITS_CLASSES and tensors[0].shape == (50, 1, 8, 8)
    output = capsys.readouterr().out
    assert output.count("\n") == 1 and "cifar10" in output and "no network" in output and "digits" in output


def test_load_classification_rejects_unknown_names():
    with pytest.raises(ValueError, match="digits, shapes, cifar10"):
        load_classification("mnist")
    with pytest.raises(ValueError, match="offline"):
        load_classification("digits", fallback="cifar10")
