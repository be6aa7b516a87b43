"""Numerical gradients, to check analytic ones (CS231n's `eval_numerical_gradient`, in PyTorch).

An analytic gradient is right when it agrees with the centred difference
(f(x + h) - f(x - h)) / 2h to a small *relative* error. Check in float64: in float32 the rounding
error of the difference alone is around 1e-4.
"""
import torch

__all__ = ["numerical_gradient", "relative_error", "grad_check"]


def numerical_gradient(f, x: torch.Tensor, dout: torch.Tensor | None = None, h: float = 1e-6,
                       indices=None) -> torch.Tensor:
    """Centred-difference gradient of ``f`` at ``x``.

    Args:
        f: called as ``f(x)``; returns a scalar (a number or a one-element tensor) when ``dout`` is
            None, else a tensor shaped like ``dout``.
        x: the point, a contiguous floating tensor. Each entry is nudged in place and restored.
        dout: upstream gradient. With it, the result is the gradient of ``(f(x) * dout).sum()``,
            which is what a layer's ``backward(dout)`` must return for ``x``.
        h: the step.
        indices: flat indices of the entries to differentiate (all when None); the other entries
            of the result are zero. Checking a random few keeps big checks fast.

    Returns:
        A tensor shaped like ``x``.
    """
    if not x.is_floating_point():
        raise TypeError(f"x must be a floating tensor, got {x.dtype}")
    if not x.is_contiguous():
        raise ValueError("x must be contiguous: its entries are nudged through x.view(-1)")
    flat = x.view(-1)
    grad = torch.zeros_like(x)
    grad_flat = grad.view(-1)

    def value():
        out = torch.as_tensor(f(x), dtype=torch.float64, device=x.device).clone()
        return out.sum() if dout is None else (out * dout).sum()

    for i in range(flat.numel()) if indices is None else indices:
        original = flat[i].item()
        flat[i] = original + h
        plus = value()
        flat[i] = original - h
        minus = value()
        flat[i] = original
        grad_flat[i] = (plus - minus) / (2 * h)
    return grad


def relative_error(a: torch.Tensor, b: torch.Tensor, eps: float = 1e-12) -> float:
    """max |a - b| / (|a| + |b|) over the entries: about 1e-7 or less means two gradients agree."""
    a, b = torch.as_tensor(a, dtype=torch.float64), torch.as_tensor(b, dtype=torch.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {tuple(a.shape)} and {tuple(b.shape)}")
    return ((a - b).abs() / (a.abs() + b.abs()).clamp(min=eps)).max().item()


def grad_check(f, x: torch.Tensor, analytic: torch.Tensor, dout: torch.Tensor | None = None,
               num_checks: int | None = None, h: float = 1e-6, seed: int = 0) -> float:
    """Relative error between ``analytic`` and the numerical gradient of ``f`` at ``x``.

    With ``num_checks``, only that many randomly chosen entries are compared (the rest are skipped,
    not counted as agreeing), which keeps checks of large weight matrices fast.
    """
    if analytic.shape != x.shape:
        raise ValueError(f"the analytic gradient has shape {tuple(analytic.shape)}, x has {tuple(x.shape)}")
    if num_checks is None:
        return relative_error(numerical_gradient(f, x, dout, h), analytic)
    generator = torch.Generator().manual_seed(seed)
    picked = torch.randperm(x.numel(), generator=generator)[:num_checks].tolist()
    numeric = numerical_gradient(f, x, dout, h, indices=picked).view(-1)[picked]
    return relative_error(numeric, analytic.reshape(-1)[picked])
