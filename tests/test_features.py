"""dlcv.features: shapes, small cases checked by hand, dtype and device, and clear errors."""
import math

import pytest
import torch

from dlcv import features

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def step_image(size=16, flip=False, dtype=torch.float32):
    """(1, 3, size, size): black on the left half, white on the right (or the other way round)."""
    image = torch.zeros(1, 3, size, size, dtype=dtype)
    image[..., size // 2:] = 1.0
    return 1.0 - image if flip else image


def test_hsv_of_pure_colours():
    colours = torch.tensor([[1.0, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0.5, 0.5, 0.5], [0, 0, 0]])
    hue, saturation, value = features.rgb_to_hsv(colours[:, :, None, None])
    torch.testing.assert_close(hue.flatten(), torch.tensor([0, 1 / 3, 2 / 3, 1 / 6, 0, 0]))
    torch.testing.assert_close(saturation.flatten(), torch.tensor([1.0, 1, 1, 1, 0, 0]))
    torch.testing.assert_close(value.flatten(), torch.tensor([1.0, 1, 1, 1, 0.5, 0]))


def test_hue_histogram_by_hand():
    # A 2 x 2 image: two pure red pixels, one half-bright green, one grey.
    image = torch.tensor([[[1.0, 1.0], [0.0, 0.5]],
                          [[0.0, 0.0], [0.5, 0.5]],
                          [[0.0, 0.0], [0.0, 0.5]]])[None]
    histogram = features.hue_histogram(image, bins=6)
    # red: weight 1 each, bin 0; green (0, 0.5, 0): saturation 1 x value 0.5, hue 1/3 -> bin 2; grey: 0.
    torch.testing.assert_close(histogram, torch.tensor([[2.0, 0, 0.5, 0, 0, 0]]) / 4)


def test_sobel_gradient_of_a_ramp():
    ramp = torch.linspace(0, 1, 16).expand(1, 3, 16, 16)
    gx, gy = features.image_gradients(ramp)
    assert gx.shape == gy.shape == (1, 16, 16)
    torch.testing.assert_close(gx[0, :, 1:-1], torch.full((16, 14), 1 / 15))
    assert gy.abs().max() < 1e-6


@pytest.mark.parametrize("flip", [False, True])
def test_hog_of_a_vertical_edge_by_hand(flip):
    # Columns 7 and 8 see the step: g_x = (1 + 2 + 1) / 8 = 1/2 (or -1/2), orientation 0° either way.
    # With 8 x 8 cells each of the four cells gets 8 rows x 1/2 = 4 in bin 0; the one block has
    # length sqrt(4 * 4²) = 8 and holds 4 / (8 + eps) at its four bin-0 entries, which come first.
    cells = features.hog_cells(step_image(flip=flip))
    expected_cells = torch.zeros(1, 9, 2, 2)
    expected_cells[:, 0] = 4.0
    torch.testing.assert_close(cells, expected_cells)
    descriptor = features.hog_features(step_image(flip=flip), eps=1e-2)
    expected = torch.zeros(1, 36)
    expected[0, :4] = 4 / (8 + 1e-2)
    torch.testing.assert_close(descriptor, expected)


def test_hog_shapes_and_layout():
    images = torch.rand(5, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    assert features.hog_cells(images).shape == (5, 9, 4, 4)
    descriptor = features.hog_features(images)
    assert descriptor.shape == (5, 3 * 3 * 4 * 9)
    blocks = descriptor.view(5, 9, 36)
    assert (blocks.norm(dim=-1) < 1).all()  # L2 norm / (norm + eps)
    # The first block is the cells (0, 0), (0, 1), (1, 0), (1, 1), bin by bin.
    cells = features.hog_cells(images)
    first = cells[:, :, :2, :2].flatten(1)
    torch.testing.assert_close(blocks[:, 0], first / (first.norm(dim=1, keepdim=True) + 1e-2))


def test_bag_of_words_by_hand():
    images = torch.rand(3, 3, 16, 16, generator=torch.Generator().manual_seed(1))
    patches = features.image_patches(images)
    assert patches.shape == (3, 25, 64)
    assert (patches.norm(dim=-1) < 1).all()
    torch.testing.assert_close(patches.mean(dim=-1), torch.zeros(3, 25), atol=1e-6, rtol=0)
    codebook = patches[0, :4].clone()  # the first four patches of image 0 are words 0 to 3
    bag = features.bag_of_words(images, codebook)
    assert bag.shape == (3, 4)
    torch.testing.assert_close(bag.sum(dim=1), torch.ones(3))
    nearest = torch.cdist(patches, codebook[None].expand(3, -1, -1)).argmin(dim=-1)
    torch.testing.assert_close(bag, torch.nn.functional.one_hot(nearest, 4).float().mean(dim=1))
    assert bag[0].min() >= 1 / 25  # each word is its own patch's nearest


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_device_and_dtype_are_kept_and_inputs_unchanged(device, dtype):
    images = torch.rand(4, 3, 16, 16, generator=torch.Generator().manual_seed(2), dtype=dtype).to(device)
    before = images.clone()
    codebook = torch.randn(5, 64, dtype=dtype, device=device)
    results = [*features.rgb_to_hsv(images), features.hue_histogram(images), *features.image_gradients(images),
               features.hog_cells(images), features.hog_features(images), features.image_patches(images),
               features.bag_of_words(images, codebook)]
    for result in results:
        assert result.device.type == device and result.dtype == dtype
    assert torch.equal(images, before)
    if device == "cuda":  # the same numbers as on the CPU
        torch.testing.assert_close(features.hog_features(images).cpu(), features.hog_features(images.cpu()))


def test_grey_images_have_gradients_too():
    grey = step_image()[:, :1]
    assert features.hog_features(grey).shape == (1, 36)


@pytest.mark.parametrize("call, message", [
    (lambda: features.hue_histogram(torch.rand(2, 1, 8, 8)), "3 channels"),
    (lambda: features.hue_histogram(torch.rand(3, 8, 8)), r"\(N, C, H, W\)"),
    (lambda: features.hog_features(torch.rand(2, 3, 30, 32)), "multiples of cell=8"),
    (lambda: features.hog_features(torch.rand(2, 3, 8, 8)), "at least 2 cells"),
    (lambda: features.image_patches(torch.rand(1, 3, 4, 4)), "H and W >= size"),
    (lambda: features.bag_of_words(torch.rand(1, 3, 16, 16), torch.rand(5, 16)), r"\(K, size \* size\)"),
])
def test_bad_input_is_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_integer_images_are_a_type_error():
    with pytest.raises(TypeError, match="float"):
        features.hog_features(torch.zeros(1, 3, 16, 16, dtype=torch.uint8))


def test_orientations_fold_into_half_a_turn():
    # A horizontal edge (dark above, bright below): g_y > 0, orientation 90°, the middle bin of 9.
    image = step_image().transpose(-1, -2)
    cells = features.hog_cells(image)
    assert cells[0, 4].sum() == pytest.approx(4 * 4) and cells.sum() == pytest.approx(4 * 4)
    assert math.isclose(cells[0, 4, 0, 0].item(), 4.0)
