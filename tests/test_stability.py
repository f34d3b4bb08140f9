"""Stable learning rates from the Hessian: sharp bounds, μ ≥ 1, ill-conditioning."""

import math

import numpy as np
import pytest

from gdgui.core.regression import LinearRegression
from gdgui.core.runner import Run, Status
from gdgui.core.stability import (
    curvatures,
    fastest_learning_rate,
    hessian_at,
    hessian_eigenvalues,
    learning_rate_limit,
    rate_limits,
    stability_advice,
    stable_learning_rates,
)
from gdgui.core.surfaces import make_surface

X4 = np.array([1.0, 2.0, 3.0, 4.0])
TUTORIAL = LinearRegression(X4, 2 * X4, "w")  # Hessian [[15]]
LINE = LinearRegression(X4, 2 * X4 + 1, "wb")  # Hessian 2·[[7.5, 2.5], [2.5, 1]]

CASES = [
    ("gd", {}),
    ("gd", {"weight_decay": 0.5}),
    ("momentum", {"momentum": 0.9}),
    ("momentum", {"momentum": 0.5, "dampening": 0.3}),
    ("nesterov", {"momentum": 0.9}),
    ("nesterov", {"momentum": 0.3}),
]


def _status(problem, optimizer, hp, lr):
    """DIVERGED, or CONVERGED when the run came to rest (weight decay moves the rest
    point away from the zero of the data gradient, so the step size is the test)."""
    run = Run(problem, optimizer, {**hp, "lr": lr}, steps=20_000)
    run.run()
    if run.status == Status.DIVERGED:
        return run.status
    last_steps = np.abs(np.diff(run.history.params[-3:], axis=0)).max()
    return Status.CONVERGED if last_steps < 1e-9 else run.status


@pytest.mark.parametrize("problem", [TUTORIAL, LINE], ids=["tutorial", "line-wb"])
@pytest.mark.parametrize(("optimizer", "hp"), CASES)
def test_bounds_are_sharp(problem, optimizer, hp):
    limits = rate_limits(problem, optimizer, hp)
    bound = limits.limit
    assert bound is not None and math.isfinite(bound)
    assert _status(problem, optimizer, hp, 0.99 * bound) == Status.CONVERGED
    assert _status(problem, optimizer, hp, 1.01 * bound) == Status.DIVERGED


def test_closed_forms_on_the_tutorial_problem():
    assert learning_rate_limit("gd", {}, 15.0) == pytest.approx(2 / 15)
    assert learning_rate_limit("momentum", {"momentum": 0.9}, 15.0) == pytest.approx(3.8 / 15)
    assert learning_rate_limit("momentum", {"momentum": 0.5, "dampening": 0.3}, 15.0) == (
        pytest.approx(3.0 / (0.7 * 15))
    )
    assert learning_rate_limit("nesterov", {"momentum": 0.9}, 15.0) == (
        pytest.approx(3.8 / (2.8 * 15))
    )
    assert learning_rate_limit("momentum", {"momentum": 0.9, "dampening": 1.0}, 15.0) == math.inf
    assert rate_limits(TUTORIAL, "gd", {}).lmax == pytest.approx(15.0)
    assert fastest_learning_rate("gd", 1.0, 3.0) == pytest.approx(0.5)
    assert fastest_learning_rate("momentum", 1.0, 3.0) is None


@pytest.mark.parametrize("optimizer", ["momentum", "nesterov"])
@pytest.mark.parametrize("mu", [1.0, 1.5])
def test_momentum_at_or_above_one_has_no_stable_rate(optimizer, mu):
    assert learning_rate_limit(optimizer, {"momentum": mu}, 15.0) is None
    assert rate_limits(TUTORIAL, optimizer, {"momentum": mu}).limit is None
    advice = stability_advice(TUTORIAL, optimizer, {"momentum": mu, "lr": 1e-3})
    assert "μ ≥ 1" in advice
    # and indeed heavy-ball momentum 1 never settles, even at a tiny rate
    if optimizer == "momentum":
        run = Run(TUTORIAL, "momentum", {"lr": 1e-4, "momentum": mu}, steps=5000, tolerance=1e-8)
        run.run()
        assert run.status != Status.CONVERGED


@pytest.mark.parametrize("optimizer", ["adagrad", "rmsprop", "adam", "adamw"])
def test_adaptive_methods_have_no_known_limit(optimizer):
    assert learning_rate_limit(optimizer, {}, 15.0) is None
    assert rate_limits(TUTORIAL, optimizer, {}).limit is None
    assert stability_advice(TUTORIAL, optimizer, {"lr": 100.0}) == ""


def _ill_conditioned_lines():
    """Line fits on x ≈ 1e10 with a spread of about 10 whose Hessian numpy's eigvalsh
    reports with a tiny negative eigenvalue (about −4e-16): a "saddle" that is not."""
    rng = np.random.default_rng(0)
    for _ in range(200):
        x = 1e10 + rng.uniform(0, 10, 5)
        p = LinearRegression(x, 3 * x + 1, "wb")
        if np.linalg.eigvalsh(p.hessian())[0] < 0:
            yield p


def test_ill_conditioned_line_is_not_a_saddle():
    lines = list(_ill_conditioned_lines())
    assert lines, "the data no longer shows numpy's rounding; pick other data"
    for p in lines:
        h = p.hessian()
        eig = hessian_eigenvalues(h)
        assert eig[0] >= 0 and eig[1] == pytest.approx(np.linalg.eigvalsh(h)[1])
        limits = rate_limits(p, "gd", {})
        assert limits.lmin >= 0
        assert limits.stable == pytest.approx(2 / eig[1])
    x = np.linspace(1e8, 1e12, 7)
    assert hessian_eigenvalues(LinearRegression(x, 3 * x + 1, "wb").hessian())[0] > 0
    # a Hessian that is singular in exact arithmetic: numpy's solver may show rounding
    # noise of either sign; ours gives no negative curvature
    singular = np.array([[1e24, 1e12], [1e12, 1.0]])
    assert hessian_eigenvalues(singular)[0] >= 0
    # a real saddle stays a saddle
    assert hessian_eigenvalues(np.array([[2.0, 0.0], [0.0, -2.0]])).tolist() == [-2.0, 2.0]
    assert hessian_eigenvalues(np.diag([3.0, 1.0, -1e-3]))[0] == pytest.approx(-1e-3)


def test_weight_decay_adds_to_every_curvature():
    lmin, lmax = curvatures(TUTORIAL.hessian(), "gd", {"weight_decay": 1.0})
    assert (lmin, lmax) == (pytest.approx(16.0), pytest.approx(16.0))
    assert curvatures(TUTORIAL.hessian(), "adam", {"weight_decay": 1.0}) == (15.0, 15.0)


def test_stable_learning_rates_kept_for_gd():
    lr_max, lr_best = stable_learning_rates(LINE.hessian())
    eig = np.linalg.eigvalsh(LINE.hessian())
    assert lr_max == pytest.approx(2 / eig[1])
    assert lr_best == pytest.approx(2 / (eig[0] + eig[1]))
    assert stable_learning_rates(np.zeros((2, 2))) == (math.inf, math.inf)


def test_divergence_message_gives_the_optimizers_limit():
    run = Run(TUTORIAL, "momentum", {"lr": 0.3, "momentum": 0.9}, steps=10_000)
    run.run()
    assert run.status == Status.DIVERGED
    assert "2(1+μ)/((1−τ)·λ_max) = 0.253333" in run.message
    run = Run(TUTORIAL, "gd", {"lr": 0.2}, steps=10_000)
    run.run()
    assert "2/λ_max = 0.133333" in run.message


def test_hessian_at_a_point_of_a_surface():
    rosen = make_surface("rosenbrock")
    h = hessian_at(rosen, [1.0, 1.0])
    # f = (1 − x)² + 100(y − x²)²: at (1, 1) the Hessian is [[802, −400], [−400, 200]]
    np.testing.assert_allclose(h, [[802.0, -400.0], [-400.0, 200.0]], rtol=1e-6)
    limits = rate_limits(rosen, "gd", {}, theta=[1.0, 1.0])
    assert limits.lmax == pytest.approx(np.linalg.eigvalsh(h)[1], rel=1e-6)
    assert rate_limits(rosen, "gd", {}) is None
