import pytest
import torch

from dlcv import grad_check, numerical_gradient, relative_error


def test_numerical_gradient_of_a_scalar_function():
    x = torch.randn(3, 4, dtype=torch.float64)
    numeric = numerical_gradient(lambda t: (t**3).sum(), x)
    assert relative_error(numeric, 3 * x**2) < 1e-8


def test_numerical_gradient_with_upstream_gradient():
    w = torch.randn(4, 2, dtype=torch.float64)
    x = torch.randn(5, 4, dtype=torch.float64)
    dout = torch.randn(5, 2, dtype=torch.float64)
    numeric = numerical_gradient(lambda t: t @ w, x, dout)
    assert relative_error(numeric, dout @ w.T) < 1e-8


def test_numerical_gradient_restores_its_input():
    x = torch.randn(6, dtype=torch.float64)
    before = x.clone()
    numerical_gradient(lambda t: t.exp().sum(), x)
    assert torch.equal(x, before)


def test_grad_check_accepts_a_right_gradient_and_catches_a_wrong_one():
    x = torch.randn(10, dtype=torch.float64)

    def f(t):
        return (t.sin() * t).sum()

    right = x.cos() * x + x.sin()
    wrong = x.cos() * x  # the product rule's second term forgotten
    assert grad_check(f, x, right) < 1e-7
    assert grad_check(f, x, wrong) > 1e-2
    assert grad_check(f, x, right, num_checks=4) < 1e-7
    assert grad_check(f, x, wrong, num_checks=4) > 1e-2


def test_grad_check_catches_a_transposed_gradient():
    w = torch.randn(3, 3, dtype=torch.float64)
    x = torch.randn(3, dtype=torch.float64)
    assert grad_check(lambda m: (m @ x).pow(2).sum(), w, 2 * torch.outer(w @ x, x)) < 1e-7
    assert grad_check(lambda m: (m @ x).pow(2).sum(), w, 2 * torch.outer(w @ x, x).T) > 1e-2


def test_relative_error_is_zero_for_equal_and_one_for_opposite():
    a = torch.tensor([1.0, -2.0, 0.0])
    assert relative_error(a, a) == 0
    assert relative_error(torch.tensor([1.0]), torch.tensor([-1.0])) == pytest.approx(1.0)


@pytest.mark.parametrize("bad", [torch.arange(3), torch.randn(4, 3).T])
def test_numerical_gradient_rejects_integer_and_non_contiguous_inputs(bad):
    with pytest.raises((TypeError, ValueError)):
        numerical_gradient(lambda t: t.sum(), bad)


def test_grad_check_rejects_a_gradient_of_the_wrong_shape():
    with pytest.raises(ValueError, match="shape"):
        grad_check(lambda t: t.sum(), torch.zeros(3, dtype=torch.float64), torch.zeros(4, dtype=torch.float64))


def test_grad_check_reports_where_the_worst_entry_is_and_both_gradients_there():
    x = torch.randn(3, 4, dtype=torch.float64)
    analytic = 3 * x**2
    analytic[1, 2] += 1.0  # one wrong entry
    error = grad_check(lambda t: (t**3).sum(), x, analytic)
    assert error > 1e-2 and error.index == (1, 2)
    assert error.analytic == pytest.approx(analytic[1, 2].item())
    assert error.numerical == pytest.approx(3 * x[1, 2].item() ** 2, rel=1e-6)
    assert "(1, 2)" in str(error) and f"{error:.1e}" == f"{float(error):.1e}"
    sampled = grad_check(lambda t: (t**3).sum(), x, analytic, num_checks=x.numel())
    assert sampled.index == (1, 2) and float(sampled) == pytest.approx(float(error))


def test_a_right_gradient_of_zero_is_not_reported_as_an_error_near_one():
    """A shift before a standardization has gradient 0; numerically it is rounding noise (about 1e-10).
    With the denominator floored at 1e-8, as CS231n's rel_error does, noise over noise no longer reads 1."""
    x = torch.randn(5, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    shift = torch.zeros(3, dtype=torch.float64)

    def standardized(s):  # standardizing removes any shift: the gradient with respect to it is 0
        h = x[:, None] + s
        return ((h - h.mean(0)) / h.std(0)).pow(3).sum()

    error = grad_check(standardized, shift, torch.zeros_like(shift))
    assert error < 0.5 and abs(error.numerical) < 1e-8 and error.analytic == 0
    assert relative_error(torch.tensor([1e-12]), torch.tensor([-1e-12])) < 1e-3
    assert relative_error(torch.tensor([1e-12]), torch.tensor([-1e-12]), floor=1e-12) == pytest.approx(1.0)
    assert grad_check(standardized, shift, torch.full_like(shift, 1e-3)) > 0.5  # a wrong small gradient still fails
