"""Linear regression: analytic gradients, the sums path against the direct one."""

import numpy as np
import pytest

from gdgui.core.regression import DIRECT_MAX, LinearRegression, stable_learning_rates


def central_diff(problem, theta, h=1e-6):
    theta = np.asarray(theta, dtype=float)
    g = np.empty_like(theta)
    for j in range(theta.size):
        step = h * max(1.0, abs(theta[j]))
        e = np.zeros_like(theta)
        e[j] = step
        lp = problem.value((theta + e)[None])[0]
        lm = problem.value((theta - e)[None])[0]
        g[j] = (lp - lm) / (2 * step)
    return g


def direct_loss(x, y, w, b=0.0):
    return np.mean((w * x + b - y) ** 2)


@pytest.fixture
def noisy():
    rng = np.random.default_rng(3)
    x = rng.uniform(-5, 5, 200)
    return x, 1.5 * x - 2 + rng.normal(0, 0.5, x.size)


@pytest.mark.parametrize("model", ["w", "wb"])
@pytest.mark.parametrize("method", ["direct", "sums"])
def test_gradient_matches_finite_differences(noisy, model, method):
    x, y = noisy
    p = LinearRegression(x, y, model=model, method=method)
    rng = np.random.default_rng(0)
    for _ in range(10):
        theta = rng.normal(0, 3, p.dim)
        loss, grad = p.value_and_grad(theta[None])
        assert loss[0] == pytest.approx(direct_loss(x, y, *theta), rel=1e-12)
        np.testing.assert_allclose(grad[0], central_diff(p, theta), rtol=1e-6, atol=1e-7)
        lpy, gpy = p.value_and_grad_py(theta.tolist())
        assert lpy == pytest.approx(loss[0], rel=1e-13)
        np.testing.assert_allclose(gpy, grad[0], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("model", ["w", "wb"])
def test_sums_agree_with_direct_on_ill_scaled_data(model):
    """x around 1e6: the mean-centred sums keep full accuracy, even near the optimum."""
    rng = np.random.default_rng(1)
    x = 1e6 + rng.uniform(0, 100, 1000)
    y = 3e-3 * x + 7 + rng.normal(0, 0.1, x.size)
    fast = LinearRegression(x, y, model=model, method="sums")
    slow = LinearRegression(x, y, model=model, method="direct")
    opt = fast.optimum()
    g0 = np.abs(slow.value_and_grad(np.zeros((1, fast.dim)))[1][0])
    for theta in [opt, opt * (1 + 1e-9), opt + 1e-6, np.zeros(fast.dim), np.ones(fast.dim)]:
        lf, gf = fast.value_and_grad(theta[None])
        ls, gs = slow.value_and_grad(theta[None])
        assert lf[0] == pytest.approx(ls[0], rel=1e-9)
        # The gradient here is only defined to within what rounding θ itself moves it:
        # |H|·|θ|·ε. Allow 1e-12 of that scale (the direct sum is off by ~4e-7 in ∂L/∂w).
        atol = 1e-12 * (np.abs(fast.hessian()) @ np.abs(theta) + g0)
        np.testing.assert_allclose(gf[0], gs[0], rtol=1e-9, atol=0 + atol.max())
    # at the optimum the gradient is zero (to rounding) and the loss is the residual variance
    _, g = fast.value_and_grad(opt[None])
    assert np.abs(g).max() < 1e-9
    assert fast.value(opt[None])[0] == pytest.approx(
        np.mean((np.polyval(np.polyfit(x - 1e6, y, 1), x - 1e6) - y) ** 2)
        if model == "wb"
        else direct_loss(x, y, *opt),
        rel=1e-6,
    )


def test_optimum_is_least_squares(noisy):
    x, y = noisy
    w, b = LinearRegression(x, y, "wb").optimum()
    ref = np.polyfit(x, y, 1)
    assert w == pytest.approx(ref[0], rel=1e-12)
    assert b == pytest.approx(ref[1], rel=1e-12)
    (w1,) = LinearRegression(x, y, "w").optimum()
    assert w1 == pytest.approx(np.sum(x * y) / np.sum(x * x), rel=1e-12)


def test_small_data_uses_the_tutorial_arithmetic():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    p = LinearRegression(x, 2 * x, "w")
    assert p.direct and p.n_samples <= DIRECT_MAX
    assert not LinearRegression(np.arange(DIRECT_MAX + 1.0), np.ones(DIRECT_MAX + 1)).direct
    loss, grad = p.value_and_grad_py([1.15])
    # the tutorial's own loops, verbatim
    w = 1.15
    const = 0
    g = 0
    for xi, yi in zip([1.0, 2.0, 3.0, 4.0], [2.0, 4.0, 6.0, 8.0]):
        const += (w * xi - yi) ** 2
        g += 2 * xi * (w * xi - yi)
    assert loss == const / 4 and grad == [g / 4]
    assert loss == 5.418750000000001  # tutorial 003, epoch 1


def test_minibatch_gradient(noisy):
    x, y = noisy
    p = LinearRegression(x, y, "wb")
    idx = np.array([3, 17, 5])
    theta = np.array([[0.5, -1.0], [2.0, 3.0]])
    g = p.batch_grad(theta, idx)
    for r in range(2):
        res = theta[r, 0] * x[idx] + theta[r, 1] - y[idx]
        np.testing.assert_allclose(g[r], [np.mean(2 * x[idx] * res), np.mean(2 * res)])
        np.testing.assert_allclose(p.batch_grad_py(theta[r].tolist(), idx), g[r], rtol=1e-14)
    big = np.arange(50)
    np.testing.assert_allclose(
        p.batch_grad_py([0.5, -1.0], big), p.batch_grad(theta[:1], big)[0], rtol=1e-14
    )


def test_degenerate_data():
    # all x equal: the slope is not identified; nothing divides by zero
    p = LinearRegression(np.full(20, 3.0), np.arange(20.0), "wb", method="sums")
    loss, grad = p.value_and_grad(np.array([[1.0, 1.0]]))
    assert np.isfinite(loss).all() and np.isfinite(grad).all()
    assert loss[0] == pytest.approx(direct_loss(np.full(20, 3.0), np.arange(20.0), 1, 1))
    with pytest.raises(ValueError):
        LinearRegression([], [], "w")


def test_hessian_and_stable_learning_rates():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    p = LinearRegression(x, 2 * x, "w")
    assert p.hessian()[0, 0] == 15.0  # 2·mean(x²)
    lr_max, lr_best = stable_learning_rates(p.hessian())
    assert lr_max == pytest.approx(2 / 15) and lr_best == pytest.approx(1 / 15)
    pwb = LinearRegression(x, 2 * x, "wb")
    eig = np.linalg.eigvalsh(pwb.hessian())
    assert stable_learning_rates(pwb.hessian()) == pytest.approx(
        (2 / eig[-1], 2 / (eig[0] + eig[-1]))
    )


# --- standardized x ----------------------------------------------------------------------

from gdgui.core.regression import StandardizedRegression  # noqa: E402
from gdgui.core.runner import Run  # noqa: E402


def incomes():
    rng = np.random.default_rng(7)
    x = rng.uniform(20_000, 120_000, 200)  # incomes
    return x, 0.3 * x + 5_000 + rng.normal(0, 2_000, x.size)


def test_raw_incomes_diverge_at_the_tutorial_rate():
    x, y = incomes()
    r = Run(LinearRegression(x, y, "wb"), "gd", {"lr": 0.01}, [0.0, 0.0], epochs=100)
    r.run()
    assert r.status == "diverged" and "2/λ_max" in r.message


@pytest.mark.parametrize("model", ["w", "wb"])
def test_standardized_gd_reaches_the_least_squares_line(model):
    x, y = incomes()
    p = StandardizedRegression(x, y, model)
    raw = LinearRegression(x, y, model)
    r = Run(p, "gd", {"lr": 0.01}, p.to_internal(raw.default_init()), epochs=5000, tolerance=1e-9)
    r.run()
    assert r.status == "converged"
    np.testing.assert_allclose(p.shown_params(r.history.params[-1]), raw.optimum(), rtol=1e-6)
    # the same line: predictions agree on the original scale
    assert p.predict(r.history.params[-1], 50_000.0) == pytest.approx(
        raw.predict(raw.optimum(), 50_000.0), rel=1e-6
    )


def test_standardized_conversions_are_consistent():
    x, y = incomes()
    p = StandardizedRegression(x, y, "wb")
    raw = LinearRegression(x, y, "wb")
    theta = np.array([0.25, 1234.0])
    internal = p.to_internal(theta)
    np.testing.assert_allclose(p.shown_params(internal), theta, rtol=1e-12)
    # same line → same loss; gradients related by the chain rule
    li, gi = p.value_and_grad(internal[None])
    lr_, gr = raw.value_and_grad(theta[None])
    assert li[0] == pytest.approx(lr_[0], rel=1e-9)
    np.testing.assert_allclose(p.shown_grad(gi[0]), gr[0], rtol=1e-6)
    np.testing.assert_allclose(p.hessian(), 2 * np.eye(2), atol=1e-12)
    assert p.x is not None and np.array_equal(p.x, x)  # plots see the raw data
    assert p.param_names == ("w\u2032", "b\u2032")
    g = p.batch_grad(internal[None], np.arange(5))
    xs = (x[:5] - x.mean()) / x.std()
    r5 = internal[0] * xs + internal[1] - y[:5]
    np.testing.assert_allclose(g[0], [np.mean(2 * xs * r5), np.mean(2 * r5)], rtol=1e-12)
