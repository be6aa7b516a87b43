"""Training a model, evaluating it and predicting with it: the one loop the chapters and assignments share.

``fit`` runs epochs of minibatch gradient descent and returns a :class:`History`::

    history = dlcv.train.fit(model, train_loader, F.cross_entropy, optimizer, epochs=10, val_data=val_loader,
                             checkpoint="/content/drive/MyDrive/dlcv/convnet.pt")
    history.plot()

Data is a ``DataLoader`` (or any iterable of ``(inputs, targets)`` batches), or a pair of tensors
``(x, y)`` for small problems held in memory, used whole (``batch_size=None``) or in shuffled
minibatches. The loss is ``loss_fn(outputs, targets)``. Accuracy is measured whenever the outputs
are class scores (N, C) and the targets class labels (N,) int64; other tasks (regression, detection)
have none.
"""
import math
import os
import time
from collections.abc import Mapping

import torch
from torch import nn

from . import plot, runtime
from .progressbar import progress as progress_bar
from .runtime import _eval_mode, _model_device

__all__ = ["History", "fit", "evaluate", "predict", "accuracy", "standardize"]

# The keys of every record of a History, in order; extra metrics add train_<name> and val_<name>.
FIELDS = ("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds")


class History:
    """What :func:`fit` measured: ``records``, a list with one dict per epoch.

    Each record has the keys of ``FIELDS``: ``epoch`` (1, 2, ...), ``train_loss`` and
    ``train_accuracy`` (means over the epoch's batches, weighted by their sizes, measured while the
    weights changed, in train mode), ``val_loss`` and ``val_accuracy`` (on ``val_data`` after the
    epoch, in eval mode), ``lr`` (the first parameter group's learning rate at the epoch's start)
    and ``seconds`` (the epoch's wall time, validation included); then ``train_<name>`` and
    ``val_<name>`` for each extra metric. Values not measured are None; accuracies are fractions.

    ``history.train_loss`` (any key) is that key's list over the epochs. A History is plain Python
    data: ``History(history.records)`` rebuilds it, which is how checkpoints keep it.
    """

    def __init__(self, records=()):
        self.records = [dict(record) for record in records]

    def __getattr__(self, key):  # only called for names that are not ordinary attributes
        records = self.__dict__.get("records", [])
        if key in FIELDS or any(key in record for record in records):
            return [record.get(key) for record in records]
        raise AttributeError(f"History has no {key!r}; its keys are {self.keys()}")

    def __dir__(self):
        return [*super().__dir__(), *self.keys()]

    def __len__(self) -> int:
        return len(self.records)

    def __repr__(self) -> str:
        return f"History({len(self)} epochs, keys {self.keys()})"

    def keys(self) -> list[str]:
        """The record keys: ``FIELDS``, then those of extra metrics."""
        return list(dict.fromkeys([*FIELDS, *(key for record in self.records for key in record)]))

    def plot(self, **kwargs):
        """Loss and accuracy curves, training and validation: :func:`dlcv.plot.plot_history`; returns the figure."""
        return plot.plot_history(self, **kwargs)


def fit(model: nn.Module, train_data, loss_fn, optimizer: torch.optim.Optimizer, epochs: int, *, val_data=None,
        batch_size: int | None = None, seed: int | None = None, scheduler=None, scheduler_step: str = "epoch",
        device=None, amp: bool = True, clip_grad_norm: float | None = None, checkpoint=None, resume: bool = True,
        progress: bool = True, metrics: Mapping | None = None) -> History:
    """Train ``model`` for ``epochs`` epochs and return its :class:`History`.

    Each step: ``loss_fn(model(inputs), targets)``, backward, optional gradient clipping,
    ``optimizer.step()``. The model is moved to ``device`` (its parameters stay the same objects,
    so an optimizer made before still holds them) and left in train mode.

    Args:
        train_data: a ``DataLoader`` or any iterable of ``(inputs, targets)`` batches (read again each
            epoch; tensors, and tensors in lists, tuples and dicts, are moved to the device,
            ``non_blocking`` when pinned), or a pair of tensors ``(x, y)`` with one example per row.
        val_data: the same kinds, evaluated after every epoch (see :func:`evaluate`).
        batch_size: for a tensor pair only: None uses the whole of ``x`` at every step (one step an
            epoch), an int shuffled minibatches of that size (the last one smaller).
        seed: for a tensor pair, seeds the shuffling's own generator; None draws from PyTorch's global one.
        scheduler: a learning-rate scheduler, stepped after every optimizer step (``scheduler_step=
            "batch"``, e.g. ``OneCycleLR``) or after every epoch (``"epoch"``, e.g. ``StepLR``).
            ``ReduceLROnPlateau``, whose step needs a metric, is not supported.
        device: where to train; ``dlcv.device()`` by default.
        amp: mixed precision on CUDA: the forward pass and the loss under ``torch.autocast``
            (float16), the backward pass through a ``GradScaler``. A no-op on other devices.
        clip_grad_norm: rescale the gradients when their joint L2 norm exceeds this
            (``torch.nn.utils.clip_grad_norm_``, on the unscaled gradients under AMP).
        checkpoint: a file path (a Google Drive folder works). After every epoch the model, optimizer,
            scheduler, scaler, history, epoch and PyTorch's random states (so shuffling and dropout
            go on as they would have) are written to a temporary file, which then replaces the
            checkpoint in one step: a run cut off mid-write leaves the previous checkpoint whole.
        resume: when ``checkpoint`` exists, load it and go on after its epoch, so a rerun after a
            disconnection picks up where it stopped and a finished run returns at once (the model
            gets the checkpoint's weights). The other arguments must be those of the first run.
            False starts again and overwrites it.
        progress: a progress bar over the epochs (:func:`dlcv.progress`) with the latest losses.
        metrics: extra ``{name: fn(outputs, targets) -> float}``, averaged like the loss and recorded as
            ``train_<name>`` and ``val_<name>``.
    Returns:
        The :class:`History`, one record per epoch, those of a resumed checkpoint first.
    """
    if scheduler_step not in ("batch", "epoch"):
        raise ValueError(f'scheduler_step must be "batch" or "epoch", got {scheduler_step!r}')
    if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
        raise ValueError("fit does not step ReduceLROnPlateau (its step needs a metric); use another scheduler")
    if not _is_tensor_pair(train_data) and (batch_size is not None or seed is not None):
        raise ValueError("batch_size and seed are for a tensor pair (x, y); a DataLoader batches and shuffles itself")
    metrics = _check_metrics(metrics)
    device = runtime.device() if device is None else torch.device(device)
    model.to(device)
    if _is_tensor_pair(train_data):
        train_data = tuple(t.to(device) for t in train_data)  # once, not every epoch
    scaler = torch.amp.GradScaler(device.type, enabled=amp and device.type == "cuda")
    generator = None if seed is None else torch.Generator().manual_seed(seed)

    history, start = History(), 0
    if checkpoint is not None and resume and os.path.exists(checkpoint):
        history, start = _load_checkpoint(checkpoint, model, optimizer, scheduler, scaler, generator, device)
    if start >= epochs:
        return history

    bar = progress_bar(range(start + 1, epochs + 1), desc="training", initial=start, total=epochs,
                       disable=not progress)
    for epoch in bar:
        began = time.perf_counter()
        lr = float(optimizer.param_groups[0]["lr"])
        batches = _batches(train_data, device, batch_size, shuffle=True, generator=generator)
        train = _train_epoch(model, batches, loss_fn, optimizer, scaler, device, clip_grad_norm, metrics,
                             scheduler if scheduler_step == "batch" else None)
        if scheduler is not None and scheduler_step == "epoch":
            scheduler.step()
        val = {} if val_data is None else evaluate(model, val_data, loss_fn, device=device,
                                                   batch_size=batch_size, metrics=metrics)
        record = {"epoch": epoch, "train_loss": train["loss"], "train_accuracy": train.get("accuracy"),
                  "val_loss": val.get("loss"), "val_accuracy": val.get("accuracy"), "lr": lr,
                  "seconds": time.perf_counter() - began}
        for name in metrics:
            record[f"train_{name}"], record[f"val_{name}"] = train[name], val.get(name)
        history.records.append(record)
        bar.set_postfix({key: f"{record[key]:.4g}" for key in ("train_loss", "val_loss", "val_accuracy")
                         if record[key] is not None}, refresh=False)  # shown with the bar's next update
        if checkpoint is not None:
            _save_checkpoint(checkpoint, epoch, model, optimizer, scheduler, scaler, generator, history, device)
    bar.close()
    return history


def evaluate(model: nn.Module, data, loss_fn=None, *, device=None, batch_size: int | None = None,
             metrics: Mapping | None = None) -> dict[str, float]:
    """The model's mean loss and accuracy on ``data``, in eval mode and without gradients.

    Args:
        data: a ``DataLoader``, an iterable of ``(inputs, targets)`` batches, or a tensor pair
            ``(x, y)`` (whole, or in order in batches of ``batch_size``).
        loss_fn: ``loss_fn(outputs, targets)``, a batch mean; None measures no loss.
        device: where the batches go; the model's device by default (the model is not moved).
        metrics: extra ``{name: fn(outputs, targets) -> float}``, as in :func:`fit`.
    Returns:
        ``{"loss": ..., "accuracy": ..., name: ...}``, means over the examples (each batch weighted
        by its size), with ``loss`` only when ``loss_fn`` is given and ``accuracy`` only when the
        outputs are class scores (N, C) and the targets labels (N,) int64. Every module of the model
        gets its own mode back.
    """
    metrics = _check_metrics(metrics)
    device = _model_device(model, runtime.device()) if device is None else torch.device(device)
    means = _Means(metrics)
    with _eval_mode(model), torch.no_grad():
        for inputs, targets in _batches(data, device, batch_size, shuffle=False):
            outputs = model(inputs)
            means.add(outputs, targets, None if loss_fn is None else loss_fn(outputs, targets))
    return means.result()


def predict(model: nn.Module, x: torch.Tensor, batch_size: int | None = None) -> torch.Tensor:
    """Class labels ``model(x).argmax(dim=1)``, in eval mode and without gradients.

    ``x`` is moved to the model's device (in chunks of ``batch_size`` rows, to bound memory), and the
    (N,) int64 labels come back on ``x``'s device: so ``lambda grid: dlcv.train.predict(model, grid)``
    is a predict function for :func:`dlcv.plot.plot_decision_regions`, which passes CPU points, with
    the model on the GPU. Every module of the model gets its own mode back.
    """
    device = _model_device(model, x.device)
    with _eval_mode(model), torch.no_grad():
        chunks = [x] if batch_size is None else x.split(batch_size)
        labels = torch.cat([model(chunk.to(device)).argmax(dim=1) for chunk in chunks])
    return labels.to(x.device)


def accuracy(scores: torch.Tensor, labels: torch.Tensor) -> float:
    """The fraction of examples classified right: of rows of ``scores`` whose highest score is at the row's
    label, or of predicted labels equal to the labels.

    ``scores``: (N, C) floats, or (N,) integer predicted labels (a kNN's, a tree's); ``labels``: (N,)
    int64, on the same device. On ties the lowest class wins (``argmax`` returns the first maximum). An
    empty batch (N = 0) has no accuracy: ValueError.
    """
    predicted_labels = scores.ndim == 1 and not scores.is_floating_point() and labels.shape == scores.shape
    if not (predicted_labels or _are_class_scores(scores, labels)):
        raise ValueError(f"accuracy needs scores (N, C) or predicted labels (N,), and labels (N,) int64; got "
                         f"{tuple(scores.shape)} {scores.dtype} and labels {tuple(labels.shape)} {labels.dtype}")
    if len(labels) == 0:
        raise ValueError("accuracy of an empty batch is undefined (0 of 0)")
    correct = (scores == labels).sum() if predicted_labels else _num_correct(scores, labels)
    return correct.item() / len(labels)


def standardize(train: torch.Tensor, *others: torch.Tensor, dim=0, per_feature_std: bool = True,
                eps: float = 1e-6, return_stats: bool = False) -> tuple[torch.Tensor, ...]:
    """``(x - mean) / (std + eps)`` for ``train`` and each of ``others``, with the statistics of ``train`` only.

    Args:
        train: floating tensor of training examples; others: tensors shaped like it except along ``dim``.
        dim: the dimension(s) the statistics are taken over (an int or a tuple); they keep one value
            per remaining position. For (N, D) features and dim=0, one mean per feature; for
            (N, C, H, W) images, dim=0 gives one per pixel and channel, dim=(0, 2, 3) one per channel.
        per_feature_std: the std per position too, like the mean; False: one std over every entry
            of ``train``. The std is torch's default, with Bessel's correction (divides by n − 1).
        eps: added to the std (not to the variance), so constant features do not divide by zero.
        return_stats: also return ``mean`` and the divisor ``std + eps``, shaped to broadcast.
    Returns:
        ``(train, *others)`` standardized, or ``(train, *others, mean, std + eps)`` with ``return_stats``.

    The variants the chapters use, each a different set of numbers::

        standardize(x_train, x_test, per_feature_std=False, eps=0)  # mean image, one pixel std
        standardize(f_train, f_test)                                # per-feature mean and std + 1e-6
        standardize(x_train, x_val, x_test, eps=0.1)                # per-pixel mean and std + 0.1
        standardize(x_train, x_test, dim=(0, 2, 3))                 # per-channel mean and std
    """
    if not train.is_floating_point():
        raise TypeError(f"standardize needs floating tensors, got {train.dtype}")
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    if not all(-train.ndim <= d < train.ndim for d in dims):
        raise ValueError(f"dim {dim} is out of range for a tensor of shape {tuple(train.shape)}")
    dims = tuple(d % train.ndim for d in dims)  # negative dims counted from the end
    kept = [d for d in range(train.ndim) if d not in dims]
    for x in others:
        if x.ndim != train.ndim or any(x.shape[d] != train.shape[d] for d in kept):
            raise ValueError(f"cannot standardize a tensor of shape {tuple(x.shape)} with statistics over "
                             f"dim {dim} of one of shape {tuple(train.shape)}")
    if math.prod(train.shape[d] for d in dims) < 2:
        raise ValueError(f"a std needs at least two values along dim {dim}, train has shape {tuple(train.shape)}")
    mean = train.mean(dim=dims, keepdim=True)
    std = (train.std(dim=dims, keepdim=True) if per_feature_std else train.std()) + eps
    standardized = tuple((x - mean) / std for x in (train, *others))
    return (*standardized, mean, std) if return_stats else standardized


def _check_metrics(metrics) -> dict:
    metrics = dict(metrics or {})
    if {"loss", "accuracy"} & set(metrics):
        raise ValueError("loss and accuracy are built in; give the extra metrics other names")
    return metrics


def _are_class_scores(outputs, targets) -> bool:
    """Whether outputs are class scores (N, C) for class labels (N,) int64: when accuracy means something."""
    return (torch.is_tensor(outputs) and torch.is_tensor(targets) and targets.dtype == torch.int64
            and targets.ndim == 1 and outputs.ndim == 2 and len(outputs) == len(targets))


def _num_correct(scores: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    return (scores.argmax(dim=1) == labels).sum()


def _is_tensor_pair(data) -> bool:
    return isinstance(data, (tuple, list)) and len(data) == 2 and all(torch.is_tensor(t) for t in data)


def _to_device(data, device: torch.device):
    """Tensors, alone or in lists, tuples and dicts (detection targets), moved to device."""
    if torch.is_tensor(data):
        return data.to(device, non_blocking=data.is_pinned())  # asynchronous only from pinned memory
    if isinstance(data, Mapping):
        return {key: _to_device(value, device) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return type(data)(_to_device(value, device) for value in data)
    return data


def _batches(data, device: torch.device, batch_size: int | None, shuffle: bool, generator=None):
    """One pass over ``data`` as ``(inputs, targets)`` batches on ``device``."""
    if not _is_tensor_pair(data):
        for inputs, targets in data:
            yield _to_device(inputs, device), _to_device(targets, device)
        return
    x, y = data
    if len(x) != len(y):
        raise ValueError(f"x and y must have one row per example, got {len(x)} and {len(y)} rows")
    if batch_size is None:
        yield x.to(device), y.to(device)
        return
    order = torch.randperm(len(x), generator=generator) if shuffle else torch.arange(len(x))
    for index in order.to(x.device).split(batch_size):
        yield x[index].to(device), y[index].to(device)


class _Means:
    """Example-weighted means of the loss, accuracy and metrics over batches, summed on the device."""

    def __init__(self, metrics: dict):
        self.metrics = metrics
        self.sums = {}
        self.count = 0

    def add(self, outputs, targets, loss=None):
        n = len(targets)
        values = {} if loss is None else {"loss": loss.detach().float() * n}
        if _are_class_scores(outputs, targets):
            values["accuracy"] = _num_correct(outputs.detach(), targets)
        for name, metric in self.metrics.items():
            values[name] = metric(outputs.detach(), targets) * n
        for name, value in values.items():
            self.sums[name] = self.sums.get(name, 0) + value
        self.count += n

    def result(self) -> dict[str, float]:
        if self.count == 0:
            raise ValueError("the data gave no examples")
        return {name: float(total) / self.count for name, total in self.sums.items()}  # one sync per value


def _train_epoch(model, batches, loss_fn, optimizer, scaler, device, clip_grad_norm, metrics, batch_scheduler) -> dict:
    model.train()
    means = _Means(metrics)
    for inputs, targets in batches:
        with torch.autocast(device.type, enabled=scaler.is_enabled()):  # AMP exactly when the scaler is on
            outputs = model(inputs)
            loss = loss_fn(outputs, targets)
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        if clip_grad_norm is not None:
            scaler.unscale_(optimizer)  # clip the true gradients, not the loss-scaled ones
            nn.utils.clip_grad_norm_(model.parameters(), clip_grad_norm)
        scaler.step(optimizer)
        scaler.update()
        if batch_scheduler is not None:
            batch_scheduler.step()
        means.add(outputs, targets, loss)
    return means.result()


def _save_checkpoint(path, epoch, model, optimizer, scheduler, scaler, generator, history, device):
    state = {
        "epoch": epoch,
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": None if scheduler is None else scheduler.state_dict(),
        "scaler": scaler.state_dict() if scaler.is_enabled() else None,
        "history": history.records,
        "rng": {"cpu": torch.get_rng_state(),
                "cuda": torch.cuda.get_rng_state(device) if device.type == "cuda" else None,
                "shuffle": None if generator is None else generator.get_state()},
    }
    path = os.fspath(path)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    temporary = f"{path}.tmp"  # in the same folder, so the replace below is a rename on one file system
    torch.save(state, temporary)
    os.replace(temporary, path)


def _load_checkpoint(path, model, optimizer, scheduler, scaler, generator, device) -> tuple[History, int]:
    """Restore a checkpoint of :func:`fit` into the given objects; return its history and epoch."""
    state = torch.load(path, map_location="cpu", weights_only=True)
    if (scheduler is None) != (state["scheduler"] is None):
        raise ValueError(f"checkpoint {path} was saved {'without' if scheduler else 'with'} a scheduler; "
                         "resume with the first run's arguments, or pass resume=False to start again")
    try:
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
    except (RuntimeError, ValueError) as error:
        raise ValueError(f"checkpoint {path} does not fit this model or optimizer; resume with the first "
                         f"run's, or pass resume=False to start again ({error})") from error
    if scheduler is not None:
        scheduler.load_state_dict(state["scheduler"])
    if scaler.is_enabled() and state["scaler"] is not None:
        scaler.load_state_dict(state["scaler"])
    torch.set_rng_state(state["rng"]["cpu"])
    if device.type == "cuda" and state["rng"]["cuda"] is not None:
        torch.cuda.set_rng_state(state["rng"]["cuda"], device)
    if generator is not None and state["rng"]["shuffle"] is not None:
        generator.set_state(state["rng"]["shuffle"])
    return History(state["history"]), state["epoch"]
