import hashlib
import pickle
import tarfile
import urllib.error

import numpy as np
import pytest
import torch

from dlcv.data import (CIFAR10_CLASSES, SHAPE_CLASSES, DownloadError, download, load_cifar10, load_digits,
                       load_shapes, make_scenes, read_cifar10_batch)
from dlcv.data import cifar10 as cifar10_module
from dlcv.data.shapes import sample_shapes


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


# --- generated shapes --------------------------------------------------------------------------------

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
            rows, cols = torch.nonzero(mask, as_tuple=True)
            assert box.tolist() == [cols.min(), rows.min(), cols.max() + 1, rows.max() + 1]


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


# --- CIFAR-10, on a tiny fixture in CIFAR's own format ---------------------------------------------------

PER_BATCH = 3


def fixture_batch(index: int) -> dict:
    """A batch as the real archive stores it: a Python 2 pickle of a dict with bytes keys."""
    rng = np.random.default_rng(index)
    data = rng.integers(0, 256, size=(PER_BATCH, 3 * 32 * 32), dtype=np.uint8)
    data[0, :1024] = 255  # the first image: red plane full, green and blue planes empty
    data[0, 1024:] = 0
    labels = [(index + i) % 10 for i in range(PER_BATCH)]
    return {b"batch_label": f"batch {index}".encode(), b"labels": labels, b"data": data,
            b"filenames": [f"img_{index}_{i}.png".encode() for i in range(PER_BATCH)]}


@pytest.fixture
def cifar_archive(tmp_path):
    """cifar-10-python.tar.gz with 5 training batches, a test batch and the meta file."""
    folder = tmp_path / "build" / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for index, name in enumerate(names, start=1):
        (folder / name).write_bytes(pickle.dumps(fixture_batch(index), protocol=2))
    meta = {b"label_names": [c.encode() for c in CIFAR10_CLASSES], b"num_cases_per_batch": PER_BATCH}
    (folder / "batches.meta").write_bytes(pickle.dumps(meta, protocol=2))
    archive = tmp_path / "cifar-10-python.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname="cifar-10-batches-py")
    return archive


def test_read_batch_keeps_cifar_layout(cifar_archive, tmp_path):
    with tarfile.open(cifar_archive) as tar:
        tar.extractall(tmp_path / "x", filter="data")
    images, labels = read_cifar10_batch(tmp_path / "x" / "cifar-10-batches-py" / "data_batch_2")
    assert images.shape == (PER_BATCH, 3, 32, 32) and images.dtype == torch.uint8
    assert labels.tolist() == [2, 3, 4] and labels.dtype == torch.int64
    assert (images[0, 0] == 255).all() and (images[0, 1:] == 0).all(), "rows are red, green, blue planes"
    raw = fixture_batch(2)[b"data"][1]
    assert images[1, 2, 5, 7] == raw[2 * 1024 + 5 * 32 + 7], "each plane is 32 rows of 32 pixels"


def test_load_from_cache_without_network(cifar_archive, tmp_path, monkeypatch):
    with tarfile.open(cifar_archive) as tar:
        tar.extractall(tmp_path / "cache", filter="data")
    monkeypatch.setattr("urllib.request.urlopen", no_network)
    x_train, y_train, x_test, y_test = load_cifar10(tmp_path / "cache")
    assert x_train.shape == (5 * PER_BATCH, 3, 32, 32) and x_test.shape == (PER_BATCH, 3, 32, 32)
    assert x_train.dtype == torch.float32 and x_train.max() <= 1 and x_train[0, 0].eq(1).all()
    assert y_train.tolist()[:PER_BATCH] == [1, 2, 3] and y_test.tolist() == [6, 7, 8]
    sub = load_cifar10(tmp_path / "cache", num_train=4, num_test=2)
    assert len(sub[0]) == 4 and len(sub[3]) == 2


def test_download_then_load(cifar_archive, tmp_path, monkeypatch):
    """The real download path (urlopen, progress, checksum, extraction), served from a file:// URL."""
    monkeypatch.setattr(cifar10_module, "CIFAR10_URL", cifar_archive.as_uri())
    monkeypatch.setattr(cifar10_module, "CIFAR10_MD5", hashlib.md5(cifar_archive.read_bytes()).hexdigest())
    root = tmp_path / "fresh"
    x_train, *_ = load_cifar10(root)
    assert x_train.shape == (5 * PER_BATCH, 3, 32, 32)
    assert (root / "cifar-10-python.tar.gz").exists() and not list(root.glob("*.part"))


def no_network(*args, **kwargs):
    raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")


def test_no_network_gives_a_clear_error_not_a_hang(tmp_path, monkeypatch):
    monkeypatch.setattr("urllib.request.urlopen", no_network)
    with pytest.raises(DownloadError, match="no network.*put it at"):
        load_cifar10(tmp_path / "empty")
    assert not list((tmp_path / "empty").glob("*"))


def test_missing_dataset_without_download(tmp_path):
    with pytest.raises(FileNotFoundError, match="download_if_missing"):
        load_cifar10(tmp_path, download_if_missing=False)


def test_corrupted_download_is_not_kept(cifar_archive, tmp_path):
    with pytest.raises(DownloadError, match="corrupted"):
        download(cifar_archive.as_uri(), tmp_path / "copy.tar.gz", md5="0" * 32)
    assert not list(tmp_path.glob("copy*"))


def test_download_skips_a_file_already_there(cifar_archive, monkeypatch):
    monkeypatch.setattr("urllib.request.urlopen", no_network)
    md5 = hashlib.md5(cifar_archive.read_bytes()).hexdigest()
    assert download("https://example.invalid/x", cifar_archive, md5=md5) == cifar_archive


def test_malformed_batch_is_reported(tmp_path):
    bad = tmp_path / "data_batch_1"
    bad.write_bytes(pickle.dumps({b"data": np.zeros((2, 100), np.uint8), b"labels": [0, 1]}, protocol=2))
    with pytest.raises(ValueError, match="3072"):
        read_cifar10_batch(bad)
