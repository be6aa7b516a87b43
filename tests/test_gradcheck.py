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
