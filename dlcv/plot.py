"""Figures more than one chapter draws.

Conventions, the same in every function:

- Tensors may live on any device and may require grad; they are detached and copied to the CPU.
- An image is (3, H, W) or (1, H, W) or (H, W), float in [0, 1] (clipped) or uint8 in [0, 255].
- A box is (x1, y1, x2, y2) in pixel *edges*, as in torchvision and ``dlcv.data``: a box covering
  pixel columns 3, 4 and 5 has x1 = 3 and x2 = 6. ``imshow`` centres pixel (i, j) at (j, i), so its
  left edge is at j − 0.5, and a box's rectangle starts at (x1 − 0.5, y1 − 0.5).
- Colours: one per class, the same in every figure of the course: boxes and masks of class c get
  ``CLASS_COLOURS.colors[c % 10]``.

Functions that draw into given axes (``show_boxes(ax, ...)``) return the axes; functions that make
their own figure (``show_images``, ``show_filters``, ``plot_history``) return the figure.
"""
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from matplotlib.colors import ListedColormap
from matplotlib.patches import Rectangle
from torchvision.utils import draw_segmentation_masks, make_grid

__all__ = ["CLASS_COLOURS", "draw_graph", "show_images", "plot_decision_regions", "show_boxes", "show_masks", "show_heatmap",
           "show_filters", "show_attention", "plot_history"]

# One colour per class, the same in every figure of the course (matplotlib's tab10).
CLASS_COLOURS = ListedColormap(plt.get_cmap("tab10").colors)


def _class_colour(label: int) -> tuple[float, float, float]:
    return CLASS_COLOURS.colors[int(label) % len(CLASS_COLOURS.colors)]


def _cpu(values) -> torch.Tensor:
    return torch.as_tensor(values).detach().cpu()


def _image_array(image) -> np.ndarray:
    """(H, W, 3) or (H, W) float array in [0, 1], for imshow, from any image the module accepts."""
    image = _cpu(image)
    if image.ndim == 3 and image.shape[0] in (1, 3):
        image = image.permute(1, 2, 0).squeeze(-1)
    elif image.ndim != 2:
        raise ValueError(f"an image must be (3, H, W), (1, H, W) or (H, W), got shape {tuple(image.shape)}")
    image = image.float() / 255 if image.dtype == torch.uint8 else image.float().clamp(0, 1)
    return image.numpy()


def _imshow(ax, image) -> np.ndarray:
    """Draw an image on ax without axes; return the array drawn."""
    array = _image_array(image)
    ax.imshow(array, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    ax.axis("off")
    return array


def _check_length(name: str, values, count: int):
    if values is not None and len(values) != count:
        raise ValueError(f"{name} must have one entry per box or mask ({count}), got {len(values)}")


def show_images(images, labels=None, class_names=None, ncols: int = 10, size: float = 1.2, title=None):
    """A grid of images with optional captions.

    Args:
        images: (N, C, H, W) or (N, H, W) tensor or array, float in [0, 1] or uint8; C is 1 or 3.
        labels: N integer labels (shown through ``class_names`` when given) or N strings.
    Returns:
        The matplotlib figure.
    """
    images = _cpu(images)
    if images.ndim == 3:
        images = images.unsqueeze(1)
    if images.ndim != 4 or images.shape[1] not in (1, 3):
        raise ValueError(f"images must be (N, C, H, W) with C in (1, 3), got shape {tuple(images.shape)}")
    n = len(images)
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows * 1.15), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        _imshow(ax, images[i])
        if labels is not None:
            label = labels[i].item() if torch.is_tensor(labels[i]) else labels[i]
            ax.set_title(class_names[label] if class_names is not None else str(label), fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_decision_regions(ax, predict, points, labels, resolution: int = 200, padding: float = 0.5,
                          num_classes: int | None = None):
    """Colour the plane by the class ``predict`` gives each point, and draw the labelled ``points`` on top.

    Args:
        ax: matplotlib axes.
        predict: takes an (M, 2) float tensor of query points on the CPU, returns M integer labels
            (on any device), e.g. ``lambda grid: dlcv.train.predict(model, grid)`` for a classifier.
        points: (N, 2) tensor of training points; labels: N integer labels.
    """
    points = _cpu(points)
    labels = _cpu(labels)
    num_classes = num_classes or int(labels.max()) + 1
    low, high = points.min(0).values - padding, points.max(0).values + padding
    xs = torch.linspace(low[0].item(), high[0].item(), resolution)
    ys = torch.linspace(low[1].item(), high[1].item(), resolution)
    grid_y, grid_x = torch.meshgrid(ys, xs, indexing="ij")
    grid = torch.stack([grid_x.reshape(-1), grid_y.reshape(-1)], dim=1).to(points.dtype)
    regions = _cpu(predict(grid)).reshape(resolution, resolution)
    cmap = ListedColormap(CLASS_COLOURS.colors[:num_classes])
    extent = (xs[0].item(), xs[-1].item(), ys[0].item(), ys[-1].item())
    ax.imshow(regions.numpy(), origin="lower", extent=extent, cmap=cmap,
              vmin=-0.5, vmax=num_classes - 0.5, alpha=0.35, aspect="auto", interpolation="nearest")
    ax.scatter(points[:, 0], points[:, 1], c=labels.numpy(), cmap=cmap, vmin=-0.5, vmax=num_classes - 0.5,
               edgecolors="black", linewidths=0.6, s=28)
    ax.set_xlim(extent[:2])
    ax.set_ylim(extent[2:])
    return ax


def show_boxes(ax, image, boxes, labels=None, scores=None, class_names=None, colour=None,
               linewidth: float = 2.0, linestyle: str = "-", fontsize: float = 8):
    """Draw an image and boxes on it, each captioned with its class and score.

    Args:
        ax: matplotlib axes.
        image: an image (see the module's conventions), or None to draw on what ``ax`` shows already
            (a second set of boxes, e.g. predictions over ground truth).
        boxes: (K, 4) boxes (x1, y1, x2, y2) in pixel edges.
        labels: K integer class labels: a box's colour is its class's ``CLASS_COLOURS`` entry, its
            caption the class name (``class_names[label]``) or number.
        scores: K confidences, appended to the caption with two decimals.
        colour: one matplotlib colour for every box, instead of the class colours.
    Returns:
        ax. Each box is a ``Rectangle`` patch, each caption a text artist.
    """
    boxes = _cpu(boxes).float()
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise ValueError(f"boxes must be (K, 4) as (x1, y1, x2, y2), got shape {tuple(boxes.shape)}")
    labels = None if labels is None else _cpu(labels).tolist()
    scores = None if scores is None else _cpu(scores).tolist()
    _check_length("labels", labels, len(boxes))
    _check_length("scores", scores, len(boxes))
    if image is not None:
        _imshow(ax, image)
    for k, (x1, y1, x2, y2) in enumerate(boxes.tolist()):
        label = None if labels is None else int(labels[k])
        edge = colour or _class_colour(0 if label is None else label)
        ax.add_patch(Rectangle((x1 - 0.5, y1 - 0.5), x2 - x1, y2 - y1, fill=False, edgecolor=edge,
                               linewidth=linewidth, linestyle=linestyle))
        caption = [] if label is None else [class_names[label] if class_names is not None else str(label)]
        if scores is not None:
            caption.append(f"{scores[k]:.2f}")
        if caption:
            ax.text(x1 - 0.5, y1 - 0.5, " ".join(caption), fontsize=fontsize, color="white", va="bottom",
                    bbox={"facecolor": edge, "edgecolor": "none", "pad": 1, "alpha": 0.85})
    return ax


def show_masks(ax, image, masks, labels=None, alpha: float = 0.5, background: int | None = None):
    """Draw an image with segmentation masks blended over it (``torchvision.utils.draw_segmentation_masks``).

    Args:
        ax: matplotlib axes.
        image: an image (see the module's conventions), (3, H, W) or gray.
        masks: instance masks (K, H, W) bool, or a semantic mask (H, W) of integer class labels.
        labels: for instance masks, K class labels that pick the colours (mask k gets colour k when
            None); none for a semantic mask, whose values are the classes.
        alpha: the masks' opacity, 0 (invisible) to 1 (opaque).
        background: the class of a semantic mask that is left uncoloured (e.g. 0 when class 0 is the
            background); None colours every class.
    Returns:
        ax. Pixels covered by two instance masks are drawn black (torchvision's choice).
    """
    array = _image_array(image)
    pixels = torch.from_numpy(array)
    pixels = pixels.permute(2, 0, 1) if pixels.ndim == 3 else pixels.expand(3, *pixels.shape)
    masks = _cpu(masks)
    if masks.shape[-2:] != pixels.shape[-2:] or masks.ndim not in (2, 3):
        raise ValueError(f"masks must be (K, H, W) bool or (H, W) labels for a {tuple(pixels.shape[-2:])} image, "
                         f"got shape {tuple(masks.shape)}")
    if masks.ndim == 2:
        if masks.is_floating_point() or masks.dtype == torch.bool:
            raise ValueError(f"a semantic mask holds integer class labels, got dtype {masks.dtype}")
        if labels is not None:
            raise ValueError("labels are for instance masks; a semantic mask's values are its classes")
        labels = [c for c in masks.unique().tolist() if c != background]
        masks = masks == torch.tensor(labels, dtype=masks.dtype).view(-1, 1, 1)  # (K, H, W), one per class
    elif masks.dtype != torch.bool:
        raise ValueError(f"instance masks must be bool, got dtype {masks.dtype}")
    _check_length("labels", labels, len(masks))
    classes = range(len(masks)) if labels is None else [int(label) for label in labels]
    # a uint8 image with 0-255 colours: older torchvision versions (Colab's may be one) take no float images
    colours = [tuple(round(255 * v) for v in _class_colour(c)) for c in classes]
    if colours:  # torchvision warns when there is no mask
        pixels = draw_segmentation_masks((255 * pixels).round().to(torch.uint8), masks, alpha=alpha, colors=colours)
    _imshow(ax, pixels)
    return ax


def show_heatmap(ax, image, heatmap, alpha: float = 0.5, cmap: str = "inferno", vmin=None, vmax=None):
    """Draw an image with a heatmap over it (occlusion, saliency, class activation maps).

    Args:
        ax: matplotlib axes.
        image: an image (see the module's conventions) of size H × W.
        heatmap: (h, w) floats, any size: upsampled bilinearly to H × W (``F.interpolate``,
            ``align_corners=False``, so each heatmap cell covers an equal part of the image).
        alpha: the heatmap's opacity; vmin, vmax: its colour range (the heatmap's own by default).
    Returns:
        ax. ``ax.images[-1]`` is the heatmap, for ``fig.colorbar(ax.images[-1], ax=ax)``.
    """
    array = _imshow(ax, image)
    heatmap = _cpu(heatmap).float()
    if heatmap.ndim != 2:
        raise ValueError(f"heatmap must be (h, w), got shape {tuple(heatmap.shape)}")
    upsampled = F.interpolate(heatmap[None, None], size=array.shape[:2], mode="bilinear", align_corners=False)[0, 0]
    ax.imshow(upsampled.numpy(), cmap=cmap, alpha=alpha, vmin=vmin, vmax=vmax, interpolation="nearest")
    return ax


def show_filters(weights, ncols: int = 8, size: float = 0.6, title=None):
    """The filters of a convolution as small images, each scaled to its own [min, max] (``make_grid``).

    Args:
        weights: (F, C, h, w) with C = 3 (shown in colour) or 1 (gray), e.g. ``conv.weight``.
        ncols: filters per row; size: inches per filter.
    Returns:
        The figure: one image of the whole grid, the filters separated by white lines.
    """
    weights = _cpu(weights).float()
    if weights.ndim != 4 or weights.shape[1] not in (1, 3):
        raise ValueError(f"weights must be (F, C, h, w) with C in (1, 3) (a first layer), "
                         f"got shape {tuple(weights.shape)}")
    grid = make_grid(weights, nrow=ncols, padding=1, normalize=True, scale_each=True, pad_value=1.0)
    nrows = -(-len(weights) // ncols)
    fig, ax = plt.subplots(figsize=(size * min(ncols, len(weights)), size * nrows))
    _imshow(ax, grid)
    if title:
        ax.set_title(title)
    return fig


def show_attention(ax, weights, query_labels=None, key_labels=None, mask=None, cmap: str = "viridis"):
    """An attention matrix as a heatmap: one row per query, one column per key.

    Args:
        ax: matplotlib axes.
        weights: (Lq, Lk) attention weights (each row sums to 1 after a softmax).
        query_labels, key_labels: Lq and Lk tick labels (words, positions).
        mask: (Lq, Lk) bool, True where attending is allowed (the course's one convention, as the
            boolean ``attn_mask`` of ``F.scaled_dot_product_attention``); cells where it is False are
            drawn light grey. A causal mask: ``torch.ones(L, L, dtype=torch.bool).tril()``.
    Returns:
        ax.
    """
    weights = _cpu(weights).float()
    if weights.ndim != 2:
        raise ValueError(f"weights must be (Lq, Lk), got shape {tuple(weights.shape)}")
    values = weights.numpy()
    if mask is not None:
        mask = _cpu(mask)
        if mask.shape != weights.shape or mask.dtype != torch.bool:
            raise ValueError(f"mask must be bool of shape {tuple(weights.shape)}, got {mask.dtype} {tuple(mask.shape)}")
        values = np.ma.masked_array(values, mask=~mask.numpy())
    ax.imshow(values, cmap=plt.get_cmap(cmap).with_extremes(bad="lightgrey"), interpolation="nearest")
    for name, labels, length, set_ticks in [("query_labels", query_labels, weights.shape[0], ax.set_yticks),
                                            ("key_labels", key_labels, weights.shape[1], ax.set_xticks)]:
        if labels is not None:
            if len(labels) != length:
                raise ValueError(f"{name} must have {length} entries, got {len(labels)}")
            set_ticks(range(length), [str(label) for label in labels])
    if key_labels is not None:
        ax.tick_params(axis="x", labelrotation=90)
    ax.set_xlabel("key")
    ax.set_ylabel("query")
    return ax


def plot_history(history, title=None):
    """Training curves: loss, and accuracy when it was measured, per epoch, training and validation.

    Args:
        history: a ``dlcv.train.History`` (anything with ``.records``, a list of per-epoch dicts), or
            a dict of per-epoch lists with any of the keys ``train_loss``, ``val_loss``,
            ``train_accuracy``, ``val_accuracy`` (and ``epoch``; 1, 2, ... otherwise). Missing values
            (None) are skipped.
    Returns:
        The figure: one panel for the loss, a second for the accuracy when there is any.
    """
    if hasattr(history, "records"):
        history = {key: [record.get(key) for record in history.records]
                   for key in ("epoch", "train_loss", "val_loss", "train_accuracy", "val_accuracy")}
    if not isinstance(history, Mapping):
        raise TypeError(f"history must be a History or a dict of per-epoch lists, got {type(history).__name__}")
    curves = {key: values for key, values in history.items() if key != "epoch" and values is not None
              and any(value is not None for value in values)}
    panels = [quantity for quantity in ("loss", "accuracy") if {f"train_{quantity}", f"val_{quantity}"} & set(curves)]
    if not panels:
        raise ValueError(f"history has no loss or accuracy to plot; its keys: {sorted(history)}")
    # 7 inches is the book's text column at 100 dpi: a wider figure is shrunk and its labels with it
    fig, axes = plt.subplots(1, len(panels), figsize=(3.5 * len(panels), 3), squeeze=False)
    for ax, quantity in zip(axes[0], panels):
        for split, style in [("train", "o-"), ("val", "s--")]:
            values = curves.get(f"{split}_{quantity}")
            if values is None:
                continue
            epochs = history.get("epoch") or range(1, len(values) + 1)
            kept = [(e, v) for e, v in zip(epochs, values) if v is not None]
            ax.plot(*zip(*kept), style, markersize=3, label="training" if split == "train" else "validation")
        ax.set(xlabel="epoch", ylabel=quantity)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# The computational graphs of the backpropagation chapters.
def draw_graph(
    ax, nodes, edges, title=None, fmt="{:.2f}", radius=0.32, fontsize=10
):
    """Draw a computational graph.

    nodes: {name: (x, y, label, kind)}, kind "op" (a circle) or "var"
        (plain text: inputs, outputs).
    edges: [(source, target, value, gradient)]; the value is written in
        green above the edge, the gradient in red below it (at the middle
        of the edge, or nearer the source for an input). Numbers are
        formatted with `fmt`, strings are written as they are; None writes
        nothing.
    """
    xs, ys = [v[0] for v in nodes.values()], [v[1] for v in nodes.values()]
    ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    ax.apply_aspect()  # fix the data-to-screen transform now
    renderer = ax.figure.canvas.get_renderer()
    to_data = ax.transData.inverted()

    for cx, cy, label, kind in nodes.values():
        if kind == "op":
            ax.add_patch(
                plt.Circle(
                    (cx, cy),
                    radius,
                    facecolor="white",
                    edgecolor="black",
                    zorder=2,
                )
            )
        ax.text(
            cx,
            cy,
            label,
            ha="center",
            va="center",
            fontsize=fontsize,
            zorder=3,
            fontweight="bold" if kind == "var" else "normal",
        )

    for source, target, value, gradient in edges:
        (x0, y0, _, kind0), (x1, y1, _, kind1) = nodes[source], nodes[target]
        unit = np.array([x1 - x0, y1 - y0]) / np.hypot(x1 - x0, y1 - y0)
        start = np.array([x0, y0]) + unit * (
            radius if kind0 == "op" else 0.22
        )
        end = np.array([x1, y1]) - unit * (radius if kind1 == "op" else 0.22)
        ax.annotate(
            "",
            xy=end,
            xytext=start,
            arrowprops=dict(
                arrowstyle="-|>", color="black", lw=1.2, shrinkA=0, shrinkB=0
            ),
        )
        # labels of an input's edge sit nearer the source
        middle = start + (0.4 if kind0 == "var" else 0.5) * (end - start)
        slope = abs(unit[1]) / max(abs(unit[0]), 1e-9)
        for text, side, colour, va in (
            (value, 1, "tab:green", "bottom"),
            (gradient, -1, "tab:red", "top"),
        ):
            if text is None:
                continue
            text = fmt.format(text) if not isinstance(text, str) else text
            label = ax.text(
                *middle,
                text,
                color=colour,
                ha="center",
                va=va,
                fontsize=fontsize - 1,
                fontweight="bold",
            )
            # lift the label clear of a sloping edge
            box = label.get_window_extent(renderer)
            half_width = (
                to_data.transform((box.x1, box.y0))[0]
                - to_data.transform((box.x0, box.y0))[0]
            ) / 2
            label.set_position(
                (middle[0], middle[1] + side * (0.06 + slope * half_width))
            )
