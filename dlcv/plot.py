"""Figures more than one chapter draws."""
import matplotlib.pyplot as plt
import torch
from matplotlib.colors import ListedColormap

__all__ = ["CLASS_COLOURS", "show_images", "plot_decision_regions"]

# One colour per class, the same in every figure of the course (matplotlib's tab10).
CLASS_COLOURS = ListedColormap(plt.get_cmap("tab10").colors)


def show_images(images, labels=None, class_names=None, ncols: int = 10, size: float = 1.2, title=None):
    """A grid of images with optional captions.

    Args:
        images: (N, C, H, W) or (N, H, W) tensor or array, values in [0, 1]; C is 1 or 3.
        labels: N integer labels (shown through ``class_names`` when given) or N strings.
    Returns:
        The matplotlib figure.
    """
    images = torch.as_tensor(images).detach().cpu()
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
        image = images[i].permute(1, 2, 0).clamp(0, 1).numpy()
        ax.imshow(image.squeeze(-1) if image.shape[-1] == 1 else image, cmap="gray", vmin=0, vmax=1)
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
        predict: takes an (M, 2) float tensor of query points, returns M integer labels.
        points: (N, 2) tensor of training points; labels: N integer labels.
    """
    points = torch.as_tensor(points).detach().cpu()
    labels = torch.as_tensor(labels).detach().cpu()
    num_classes = num_classes or int(labels.max()) + 1
    low, high = points.min(0).values - padding, points.max(0).values + padding
    xs = torch.linspace(low[0].item(), high[0].item(), resolution)
    ys = torch.linspace(low[1].item(), high[1].item(), resolution)
    grid_y, grid_x = torch.meshgrid(ys, xs, indexing="ij")
    grid = torch.stack([grid_x.reshape(-1), grid_y.reshape(-1)], dim=1).to(points.dtype)
    regions = torch.as_tensor(predict(grid)).cpu().reshape(resolution, resolution)
    cmap = ListedColormap(CLASS_COLOURS.colors[:num_classes])
    extent = (xs[0].item(), xs[-1].item(), ys[0].item(), ys[-1].item())
    ax.imshow(regions.numpy(), origin="lower", extent=extent, cmap=cmap,
              vmin=-0.5, vmax=num_classes - 0.5, alpha=0.35, aspect="auto", interpolation="nearest")
    ax.scatter(points[:, 0], points[:, 1], c=labels.numpy(), cmap=cmap, vmin=-0.5, vmax=num_classes - 0.5,
               edgecolors="black", linewidths=0.6, s=28)
    ax.set_xlim(extent[:2])
    ax.set_ylim(extent[2:])
    return ax

