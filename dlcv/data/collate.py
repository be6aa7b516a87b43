"""Batching detection samples, whose targets hold a different number of boxes per image."""
import torch

__all__ = ["detection_collate"]


def detection_collate(batch: list[tuple[torch.Tensor, dict]]):
    """``collate_fn`` for a DataLoader over ``(image, target)`` samples (:class:`ShapeScenesDataset`, VOC).

    Returns ``(images, targets)``: the images stacked into an (N, 3, H, W) tensor when they share
    a size, else a list of (3, H, W) tensors, and ``targets`` a list of the N target dicts as they
    are. Both forms are what :mod:`torchvision.models.detection` models take.
    """
    images, targets = zip(*batch)
    if all(image.shape == images[0].shape for image in images):
        return torch.stack(images), list(targets)
    return list(images), list(targets)
