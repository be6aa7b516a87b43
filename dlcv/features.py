"""Hand-designed image features: what computer vision fed its linear
classifiers before deep learning.

The chapter *Image features* teaches each of them; assignment 1 trains its
linear classifier on them (like the ``features.py`` that CS231n's assignment 1
provides). None of them learns: they are fixed recipes, and only the
classifier on top is trained.

- :func:`rgb_to_hsv` and :func:`hue_histogram`: the colours of an image,
  wherever they are;
- :func:`image_gradients`, :func:`hog_cells` and :func:`hog_features`: the
  histogram of oriented gradients (HoG) of Dalal and Triggs (2005), the
  orientations of the edges region by region;
- :func:`image_patches` and :func:`bag_of_words`: a bag of visual words
  (Csurka et al., 2004), how often each typical small pattern of a codebook
  occurs, wherever it occurs.

Conventions, as in ``torchvision.ops``: images are floating (N, C, H, W)
tensors, RGB in [0, 1] where colour matters; every function is vectorized over
the batch, returns its result on the images' device with their floating dtype,
never modifies its inputs, and raises ``ValueError`` (``TypeError`` for an
integer tensor) naming the shape it got when the input does not fit.
"""

import math

import torch
import torch.nn.functional as F

__all__ = [
    "rgb_to_hsv",
    "hue_histogram",
    "image_gradients",
    "hog_cells",
    "hog_features",
    "image_patches",
    "bag_of_words",
]

# The Sobel filter for the horizontal gradient g_x (right minus left),
# normalized so that on a ramp that rises by s per pixel it returns s. Its
# transpose gives g_y (below minus above).
SOBEL_X = (
    torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]) / 8
)


def _check_images(images, name: str, channels: int | None = None) -> None:
    if not torch.is_tensor(images):
        raise TypeError(
            f"{name}: images must be a tensor, got {type(images).__name__}"
        )
    if not images.is_floating_point():
        raise TypeError(
            f"{name}: images must be a float (N, C, H, W) tensor in [0, 1], "
            f"got {images.dtype}"
        )
    if images.dim() != 4:
        raise ValueError(
            f"{name}: images must be (N, C, H, W), "
            f"got shape {tuple(images.shape)}"
        )
    if channels is not None and images.shape[1] != channels:
        raise ValueError(
            f"{name}: images must have {channels} channels (RGB), "
            f"got shape {tuple(images.shape)}"
        )


def rgb_to_hsv(
    images: torch.Tensor,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Hue, saturation and value of RGB images.

    Args:
        images: (N, 3, H, W) floating tensor, RGB in [0, 1].

    Returns:
        ``(hue, saturation, value)``, each (N, H, W) with the images' dtype
        and device: hue in [0, 1), the position on the colour wheel as a
        fraction of a turn (red 0, yellow 1/6, green 1/3, blue 2/3);
        saturation ``(max - min) / max``, 0 for grey (and for black); value
        ``max`` over the channels. The hue of a grey pixel is 0 (it has none).
    """
    _check_images(images, "rgb_to_hsv", channels=3)
    value, brightest = images.max(dim=1)
    spread = value - images.min(dim=1).values
    r, g, b = images.unbind(dim=1)
    safe = spread.clamp(
        min=1e-8
    )  # grey pixels: every difference below is 0 anyway
    sextant = torch.where(
        brightest == 0,
        ((g - b) / safe) % 6,
        torch.where(brightest == 1, (b - r) / safe + 2, (r - g) / safe + 4),
    )
    hue = sextant / 6
    saturation = spread / value.clamp(min=1e-8)
    return hue, saturation, value


def hue_histogram(images: torch.Tensor, bins: int = 24) -> torch.Tensor:
    """Colour histogram: the distribution of hue, each pixel weighted by
    saturation × value.

    Args:
        images: (N, 3, H, W) floating tensor, RGB in [0, 1].
        bins: the number of equal bins of the colour wheel; bin k holds hues
            in [k / bins, (k + 1) / bins).

    Returns:
        (N, bins) tensor with the images' dtype and device: the sum of the
        weights saturation × value of each bin's pixels, divided by the number
        of pixels H × W. Dark and grey pixels, whose hue means little, weigh
        little; an image of one saturated bright colour puts 1 in its bin.
    """
    _check_images(images, "hue_histogram", channels=3)
    if bins < 1:
        raise ValueError(
            f"hue_histogram: bins must be at least 1, got {bins}"
        )
    hue, saturation, value = rgb_to_hsv(images)
    index = (hue * bins).long().clamp(max=bins - 1).flatten(1)
    weight = (saturation * value).flatten(1)
    histogram = images.new_zeros(len(images), bins).scatter_add_(
        1, index, weight
    )
    return histogram / index.shape[1]


def image_gradients(
    images: torch.Tensor,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Sobel gradients, at every pixel those of the channel where the gradient
    is strongest.

    Args:
        images: (N, C, H, W) floating tensor (any number of channels).

    Returns:
        ``(gx, gy)``, each (N, H, W) with the images' dtype and device: g_x to
        the right and g_y downwards, from the Sobel filters divided by 8 (on a
        ramp rising by s per pixel they return s), with the border replicated.
        At each pixel both come from the channel with the largest gradient
        magnitude, as Dalal and Triggs do for colour images (the first such
        channel on ties).
    """
    _check_images(images, "image_gradients")
    channels = images.shape[1]
    sobel = SOBEL_X.to(device=images.device, dtype=images.dtype)
    # g_x and g_y filters for every channel: (2C, 1, 3, 3).
    kernels = torch.stack([sobel, sobel.T])[:, None].repeat(channels, 1, 1, 1)
    padded = F.pad(images, (1, 1, 1, 1), mode="replicate")
    # grads is (N, C, 2, H, W): g_x and g_y of every channel.
    grads = F.conv2d(padded, kernels, groups=channels)
    grads = grads.unflatten(1, (channels, 2))
    # The squared magnitude picks the same channel as the magnitude, and is
    # much faster than norm(dim=2) over an axis of size 2.
    squared = grads[:, :, 0] ** 2 + grads[:, :, 1] ** 2  # (N, C, H, W)
    strongest = squared.argmax(dim=1)[:, None, None]  # (N, 1, 1, H, W)
    gx, gy = grads.gather(1, strongest.expand(-1, 1, 2, -1, -1))[:, 0].unbind(
        dim=1
    )
    return gx, gy


def _check_cells(
    images, name: str, cell: int, bins: int, min_cells: int
) -> None:
    _check_images(images, name)
    if cell < 1 or bins < 1:
        raise ValueError(
            f"{name}: cell and bins must be at least 1, "
            f"got cell={cell}, bins={bins}"
        )
    height, width = images.shape[-2:]
    if (
        height % cell
        or width % cell
        or height < min_cells * cell
        or width < min_cells * cell
    ):
        raise ValueError(
            f"{name}: H and W must be multiples of cell={cell}, "
            f"at least {min_cells} cells each, "
            f"got shape {tuple(images.shape)}"
        )


def hog_cells(
    images: torch.Tensor, cell: int = 8, bins: int = 9
) -> torch.Tensor:
    """Orientation histograms of the cells of a HoG, before grouping into
    blocks.

    Args:
        images: (N, C, H, W) floating tensor, H and W multiples of ``cell``.
        cell: the side of a square cell, in pixels.
        bins: the number of equal orientation bins of [0°, 180°); bin k holds
            orientations in [k · 180° / bins, (k + 1) · 180° / bins).

    Returns:
        (N, bins, H / cell, W / cell) tensor with the images' dtype and
        device: for each cell, the sum of the gradient magnitudes sqrt(g_x² +
        g_y²) of its pixels in each bin of their unsigned orientation
        atan2(g_y, g_x) mod 180° (an edge from dark to bright counts as one
        from bright to dark). Each pixel votes for one bin, with no
        interpolation between bins or cells.
    """
    _check_cells(images, "hog_cells", cell, bins, min_cells=1)
    gx, gy = image_gradients(images)
    magnitude = torch.sqrt(gx**2 + gy**2)
    orientation = torch.atan2(gy, gx) % math.pi  # unsigned: [0, pi)
    index = (orientation / math.pi * bins).long().clamp(max=bins - 1)
    votes = images.new_zeros(len(images), bins, *magnitude.shape[1:])
    # votes is (N, bins, H, W), one vote per pixel.
    votes.scatter_(1, index[:, None], magnitude[:, None])
    return F.avg_pool2d(votes, cell) * cell**2  # the sum over each cell


def hog_features(
    images: torch.Tensor, cell: int = 8, bins: int = 9, eps: float = 1e-2
) -> torch.Tensor:
    """Histogram of oriented gradients (Dalal and Triggs, 2005): cells grouped
    in normalized blocks.

    Args:
        images: (N, C, H, W) floating tensor, H and W multiples of ``cell``,
            at least 2 cells each.
        cell: the side of a square cell, in pixels (8: 4 × 4 cells for 32 × 32
            images).
        bins: the number of orientation bins per cell (see :func:`hog_cells`).
        eps: added to each block's L2 norm before dividing, so that flat
            blocks stay near 0.

    Returns:
        (N, (H / cell - 1) · (W / cell - 1) · 4 · bins) tensor with the
        images' dtype and device (324 numbers for 32 × 32 images with the
        defaults): every overlapping block of 2 × 2 neighbouring cells, blocks
        in row-major order, each block's 4 · bins numbers divided by their L2
        norm + eps. Within a block the numbers run bin by bin, and within a
        bin over the block's four cells in row-major order (the layout of
        ``F.unfold``).
    """
    _check_cells(images, "hog_features", cell, bins, min_cells=2)
    cells = hog_cells(images, cell, bins)
    # Every 2 x 2 block of cells as a row: (N, blocks, 4 * bins).
    blocks = F.unfold(cells, kernel_size=2).transpose(1, 2)
    blocks = blocks / (blocks.norm(dim=-1, keepdim=True) + eps)
    return blocks.flatten(1)


def image_patches(
    images: torch.Tensor, size: int = 8, stride: int = 2, offset: float = 0.5
) -> torch.Tensor:
    """Small grey-scale patches, each centred and scaled so that it describes
    a pattern, not a brightness.

    Args:
        images: (N, C, H, W) floating tensor, H and W at least ``size``.
        size: the side of a square patch, in pixels.
        stride: the step between neighbouring patches, in pixels.
        offset: added to each patch's length before dividing by it, so that
            faint patches (noise) stay short instead of being blown up to
            length 1.

    Returns:
        (N, P, size · size) tensor with the images' dtype and device, P = ((H
        - size) // stride + 1) · ((W - size) // stride + 1) patches per image
        in row-major order, each of the mean of the channels, minus the
        patch's own mean, divided by its L2 norm + offset (so of length below
        1).
    """
    _check_images(images, "image_patches")
    if (
        size < 1
        or stride < 1
        or images.shape[-2] < size
        or images.shape[-1] < size
    ):
        raise ValueError(
            "image_patches: need size >= 1, stride >= 1, H and W >= size, "
            f"got size={size}, stride={stride}, shape {tuple(images.shape)}"
        )
    grey = images.mean(dim=1, keepdim=True)
    patches = F.unfold(grey, kernel_size=size, stride=stride).transpose(1, 2)
    patches = patches - patches.mean(dim=-1, keepdim=True)
    return patches / (patches.norm(dim=-1, keepdim=True) + offset)


def bag_of_words(
    images: torch.Tensor,
    codebook: torch.Tensor,
    size: int = 8,
    stride: int = 2,
    offset: float = 0.5,
) -> torch.Tensor:
    """Bag of visual words: the fraction of each image's patches that are
    nearest to each codeword.

    Args:
        images: (N, C, H, W) floating tensor.
        codebook: (K, size · size) tensor of K visual words (for instance
            k-means centres of the training images' :func:`image_patches`), on
            the images' device.
        size, stride, offset: those of :func:`image_patches`, the ones the
            codebook was made with.

    Returns:
        (N, K) tensor with the images' dtype and device; row i counts, for
        each word, the patches of image i whose nearest word (in Euclidean
        distance, the first one on ties) it is, divided by the number of
        patches, so that each row sums to 1.
    """
    patches = image_patches(images, size, stride, offset)
    if codebook.dim() != 2 or codebook.shape[1] != size * size:
        raise ValueError(
            "bag_of_words: codebook must be (K, size * size) = "
            f"(K, {size * size}), got shape {tuple(codebook.shape)}"
        )
    codebook = codebook.to(patches.dtype)
    # ||p - c||² = ||p||² - 2 p·c + ||c||², so the nearest word c maximizes
    # p·c - ||c||² / 2. closeness is (N, P, K).
    closeness = patches @ codebook.T - 0.5 * (codebook**2).sum(dim=1)
    words = closeness.argmax(dim=-1)  # (N, P)
    counts = patches.new_zeros(len(patches), len(codebook))
    counts.scatter_add_(1, words, torch.ones_like(words, dtype=counts.dtype))
    return counts / words.shape[1]
