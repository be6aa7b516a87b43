"""Numerical gradients, to check analytic ones (CS231n's `eval_numerical_gradient`, in PyTorch).

An analytic gradient is right when it agrees with the centred difference
(f(x + h) - f(x - h)) / 2h to a small *relative* error. Check in float64: in float32 the rounding
error of the difference alone is around 1e-4.
"""
import torch

__all__ = ["numerical_gradient", "relative_error", "grad_check", "GradCheckResult"]


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


FLOOR = 1e-8  # CS231n's rel_error: max |a - b| / max(1e-8, |a| + |b|)


def _relative_errors(a: torch.Tensor, b: torch.Tensor, floor: float) -> torch.Tensor:
    a, b = torch.as_tensor(a, dtype=torch.float64), torch.as_tensor(b, dtype=torch.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {tuple(a.shape)} and {tuple(b.shape)}")
    # The floor keeps two gradients that are both about 0 (a bias before batch normalization, say)
    # from dividing rounding noise by almost nothing and reporting an error near 1.
    return (a - b).abs() / (a.abs() + b.abs()).clamp(min=floor)


def relative_error(a: torch.Tensor, b: torch.Tensor, floor: float = FLOOR) -> float:
    """max |a - b| / max(floor, |a| + |b|) over the entries: about 1e-7 or less means two gradients agree.

    The denominator is floored as CS231n's ``rel_error`` floors it (1e-8), so entries where both
    gradients are about 0 compare by their absolute difference instead of by a ratio of rounding noise.
    """
    errors = _relative_errors(a, b, floor)
    return errors.max().item() if errors.numel() else 0.0


class GradCheckResult(float):
    """The largest relative error of a gradient check: a float, that also says where it occurs.

    It compares and formats as the error itself (``error < 1e-7``, ``f"{error:.1e}"``); ``str`` and
    ``repr`` add the entry and both gradients there, which is what you need to find a bug.

    Attributes:
        index: the index of the worst entry of x, a tuple (one int per dimension of x).
        analytic: the analytic gradient at that entry.
        numerical: the numerical gradient at that entry.
    """

    def __new__(cls, error: float, index: tuple, analytic: float, numerical: float):
        result = super().__new__(cls, error)
        result.index, result.analytic, result.numerical = index, analytic, numerical
        return result

    def __str__(self) -> str:
        return (f"relative error {float(self):.1e} at index {self.index}: "
                f"analytic {self.analytic:.6g}, numerical {self.numerical:.6g}")

    def __repr__(self) -> str:
        return (f"GradCheckResult({float(self)!r}, index={self.index}, analytic={self.analytic!r}, "
                f"numerical={self.numerical!r})")


def grad_check(f, x: torch.Tensor, analytic: torch.Tensor, dout: torch.Tensor | None = None,
               num_checks: int | None = None, h: float = 1e-6, seed: int = 0,
               floor: float = FLOOR) -> GradCheckResult:
    """Relative error between ``analytic`` and the numerical gradient of ``f`` at ``x``.

    Returns the largest relative error over the entries (see ``relative_error``, floored denominator
    included) as a ``GradCheckResult``: a float that also carries the index of that entry and both
    gradients there, and prints them.

    With ``num_checks``, only that many randomly chosen entries are compared (the rest are skipped,
    not counted as agreeing), which keeps checks of large weight matrices fast.
    """
    if analytic.shape != x.shape:
        raise ValueError(f"the analytic gradient has shape {tuple(analytic.shape)}, x has {tuple(x.shape)}")
    if num_checks is None:
        picked = None
        numeric = numerical_gradient(f, x, dout, h).reshape(-1)
        analytic_flat = analytic.reshape(-1)
    else:
        generator = torch.Generator().manual_seed(seed)
        picked = torch.randperm(x.numel(), generator=generator)[:num_checks].tolist()
        numeric = numerical_gradient(f, x, dout, h, indices=picked).view(-1)[picked]
        analytic_flat = analytic.reshape(-1)[picked]
    errors = _relative_errors(numeric, analytic_flat, floor)
    if errors.numel() == 0:
        return GradCheckResult(0.0, (), 0.0, 0.0)
    worst = int(errors.argmax())
    flat_index = worst if picked is None else picked[worst]
    index = tuple(int(i) for i in torch.unravel_index(torch.tensor(flat_index), x.shape)) if x.dim() else ()
    return GradCheckResult(errors[worst].item(), index, float(analytic_flat[worst]), float(numeric[worst]))
