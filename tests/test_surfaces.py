"""Built-in test surfaces: exact gradients, known minima, the two evaluation paths."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdgui.core.problems import Problem
from gdgui.core.surfaces import SURFACES, Surface, make_surface, surface_params

NAMES = [
    "saddle",
    "bowl",
    "rosenbrock",
    "beale",
    "booth",
    "himmelblau",
    "rastrigin",
    "ackley",
    "goldstein-price",
    "six-hump-camel",
    "saddle-valley",
]
# every surface with its defaults, plus non-default parameters where there are any
CASES = [(name, {}) for name in NAMES] + [
    ("bowl", {"a": 3.0, "b": 0.5}),
    ("rosenbrock", {"a": 2.0, "b": 50.0}),
]


def _ids(case: tuple[str, dict]) -> str:
    name, params = case
    return name + "".join(f"-{k}{v:g}" for k, v in params.items())


def random_points(surface: Surface, n: int, seed: int = 0) -> np.ndarray:
    (x0, x1), (y0, y1) = surface.domain()
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)])


def central_differences(surface: Surface, theta: np.ndarray) -> np.ndarray:
    """(f(θ + h e_i) − f(θ − h e_i)) / 2h with h = 1e-6·max(1, |θ_i|)."""
    fd = np.empty_like(theta)
    for i in range(2):
        h = 1e-6 * np.maximum(1.0, np.abs(theta[:, i]))
        step = np.zeros_like(theta)
        step[:, i] = h
        fd[:, i] = (surface.value(theta + step) - surface.value(theta - step)) / (2 * h)
    return fd


def test_registry_names_and_params() -> None:
    assert sorted(SURFACES) == sorted(NAMES)
    assert surface_params("bowl") == {"a": 1.0, "b": 10.0}
    assert surface_params("rosenbrock") == {"a": 1.0, "b": 100.0}
    for name in set(NAMES) - {"bowl", "rosenbrock"}:
        assert surface_params(name) == {}
    bowl = SURFACES["bowl"](a=1, b=10)
    assert bowl.params == {"a": 1.0, "b": 10.0}
    assert make_surface("bowl", b=4).params == {"a": 1.0, "b": 4.0}
    with pytest.raises(TypeError):
        SURFACES["saddle"](a=1)
    with pytest.raises(ValueError):
        SURFACES["bowl"](a=math.inf)
    with pytest.raises(KeyError):
        make_surface("nope")


@pytest.mark.parametrize("name", NAMES)
def test_problem_interface(name: str) -> None:
    s = SURFACES[name]()
    assert isinstance(s, Problem)
    assert s.name == name
    assert s.param_names == ("x", "y") and s.dim == 2
    assert s.n_samples is None
    assert s.title
    (x0, x1), (y0, y1) = s.domain()
    assert x0 < x1 and y0 < y1
    init = s.default_init()
    assert init.shape == (2,)
    assert x0 <= init[0] <= x1 and y0 <= init[1] <= y1
    for point, _ in s.minima():
        assert x0 <= point[0] <= x1 and y0 <= point[1] <= y1
    theta = random_points(s, 7)
    f, g = s.value_and_grad(theta)
    assert f.shape == (7,) and g.shape == (7, 2)
    assert f.dtype == np.float64 and g.dtype == np.float64
    f1, g1 = s.value_and_grad(theta[:1])
    assert f1.shape == (1,) and g1.shape == (1, 2)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_gradient_matches_central_differences(case: tuple[str, dict]) -> None:
    name, params = case
    s = SURFACES[name](**params)
    theta = random_points(s, 40, seed=len(name))
    f, g = s.value_and_grad(theta)
    fd = central_differences(s, theta)
    # relative 1e-6 in the gradient, plus the rounding error of the differences
    tol = 1e-6 * np.maximum(1.0, np.abs(g)) + 1e-9 * np.maximum(1.0, np.abs(f))[:, None]
    assert np.all(np.abs(g - fd) <= tol), np.max(np.abs(g - fd) / tol)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_py_path_agrees_with_numpy(case: tuple[str, dict]) -> None:
    name, params = case
    s = SURFACES[name](**params)
    theta = random_points(s, 25, seed=1)
    f, g = s.value_and_grad(theta)
    for i, point in enumerate(theta):
        fp, gp = s.value_and_grad_py([float(v) for v in point])
        assert type(fp) is float and all(type(v) is float for v in gp)
        assert fp == pytest.approx(f[i], rel=1e-12, abs=1e-12)
        assert gp == pytest.approx(list(g[i]), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_far_away_points_give_the_same_on_both_paths(name: str) -> None:
    """A diverging run: math would raise OverflowError, the py path falls back to numpy."""
    s = SURFACES[name]()
    big = [1e200, -1e200]
    fp, gp = s.value_and_grad_py(big)
    f, g = s.value_and_grad(np.array([big]))
    np.testing.assert_array_equal([fp], f)
    np.testing.assert_array_equal([gp], g)
    if name != "ackley":  # Ackley flattens out far away
        assert not all(map(math.isfinite, [fp, *gp]))


EXPECTED_MINIMA = {
    "saddle": [],
    "bowl": [((0.0, 0.0), 0.0)],
    "rosenbrock": [((1.0, 1.0), 0.0)],
    "beale": [((3.0, 0.5), 0.0)],
    "booth": [((1.0, 3.0), 0.0)],
    "himmelblau": [
        ((3.0, 2.0), 0.0),
        ((-2.805118, 3.131312), 0.0),
        ((-3.779310, -3.283186), 0.0),
        ((3.584428, -1.848126), 0.0),
    ],
    "rastrigin": [((0.0, 0.0), 0.0)],
    "ackley": [((0.0, 0.0), 0.0)],
    "goldstein-price": [((0.0, -1.0), 3.0)],
    "six-hump-camel": [((0.0898, -0.7126), -1.0316), ((-0.0898, 0.7126), -1.0316)],
    "saddle-valley": [((-1.0, 0.0), 0.0), ((1.0, 0.0), 0.0)],
}


@pytest.mark.parametrize("name", NAMES)
def test_known_minima(name: str) -> None:
    s = SURFACES[name]()
    minima = s.minima()
    expected = EXPECTED_MINIMA[name]
    assert len(minima) == len(expected)
    for (point, value), (xy, v) in zip(minima, expected):
        # the literature's values (to the digits they are usually quoted with)
        np.testing.assert_allclose(point, xy, atol=1e-4)
        assert value == pytest.approx(v, abs=1e-4)
        # f there is the listed value and the gradient vanishes
        f, g = s.value_and_grad(point[None, :])
        assert f[0] == pytest.approx(value, rel=1e-12, abs=1e-12)
        assert np.all(np.abs(g) < 1e-9), g
    if minima:
        # and nothing on a fine grid over the domain is lower
        (x0, x1), (y0, y1) = s.domain()
        gx, gy = np.meshgrid(np.linspace(x0, x1, 301), np.linspace(y0, y1, 301))
        grid = np.column_stack([gx.ravel(), gy.ravel()])
        assert s.value(grid).min() >= min(v for _, v in minima) - 1e-12


def test_set_domain() -> None:
    s = SURFACES["rosenbrock"]()
    assert s.domain() == ((-2.0, 2.0), (-1.0, 3.0))
    s.set_domain([[-3, 3], [-2, 5]])
    assert s.domain() == ((-3.0, 3.0), (-2.0, 5.0))
    assert SURFACES["rosenbrock"]().domain() == ((-2.0, 2.0), (-1.0, 3.0))  # per instance
    s.set_domain(None)
    assert s.domain() == ((-2.0, 2.0), (-1.0, 3.0))
    for bad in [((1, 1), (0, 1)), ((0, 1), (3, 2)), ((0, math.inf), (0, 1)), ((0, 1),)]:
        with pytest.raises(ValueError):
            s.set_domain(bad)


def test_minima_follow_parameters() -> None:
    ((p, v),) = SURFACES["rosenbrock"](a=2.0, b=50.0).minima()
    np.testing.assert_array_equal(p, [2.0, 4.0])
    assert v == 0.0
    assert SURFACES["bowl"](a=-1.0, b=1.0).minima() == []


# values worked out by hand from the textbook formulas
@pytest.mark.parametrize(
    "name, point, value",
    [
        ("saddle", (3.0, 2.0), 5.0),
        ("bowl", (2.0, 1.0), 7.0),
        ("rosenbrock", (-1.5, 2.0), 12.5),
        ("beale", (1.0, 1.5), 41.25),
        ("booth", (0.0, 0.0), 74.0),
        ("himmelblau", (0.0, 0.0), 170.0),
        ("rastrigin", (0.5, 0.5), 40.5),
        ("ackley", (1.0, 0.0), 20.0 * (1.0 - math.exp(-0.2 * math.sqrt(0.5)))),
        ("goldstein-price", (0.0, 0.0), 600.0),
        ("six-hump-camel", (1.0, 1.0), 4.0 - 2.1 + 1.0 / 3.0 + 1.0),
        ("saddle-valley", (0.0, 0.0), 1.0),
    ],
)
def test_values_at_hand_computed_points(name: str, point: tuple, value: float) -> None:
    s = SURFACES[name]()
    assert s.value(np.array([point]))[0] == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_hessian(name: str) -> None:
    s = SURFACES[name]()
    H = s.hessian()
    if name not in ("saddle", "bowl", "booth"):
        assert H is None
        return
    assert H is not None and H.shape == (2, 2)
    np.testing.assert_array_equal(H, H.T)
    # the constant Hessian is the Jacobian of the gradient anywhere
    theta = random_points(s, 5)
    for i in range(2):
        step = np.zeros_like(theta)
        step[:, i] = 1e-3
        dg = (s.value_and_grad(theta + step)[1] - s.value_and_grad(theta - step)[1]) / 2e-3
        np.testing.assert_allclose(dg, np.broadcast_to(H[:, i], dg.shape), rtol=1e-9, atol=1e-9)
    expected = {"saddle": [[2, 0], [0, -2]], "bowl": [[1, 0], [0, 10]], "booth": [[10, 8], [8, 10]]}
    np.testing.assert_array_equal(H, expected[name])
    np.testing.assert_array_equal(SURFACES["bowl"](a=2, b=3).hessian(), [[2, 0], [0, 3]])


def _plain_gd(s: Surface, start: tuple[float, float], lr: float, steps: int) -> list[float]:
    theta = [float(start[0]), float(start[1])]
    for _ in range(steps):
        _, g = s.value_and_grad_py(theta)
        theta = [theta[0] - lr * g[0], theta[1] - lr * g[1]]
    return theta


def test_saddle_valley_plain_gd_stalls_at_the_saddle() -> None:
    s = SURFACES["saddle-valley"]()
    np.testing.assert_array_equal(s.default_init(), [0.0, 1.0])
    x, y = _plain_gd(s, (0.0, 1.0), lr=0.05, steps=300)
    assert x == 0.0  # exactly: the x-gradient is 0 all along x = 0
    assert abs(y) < 1e-12  # y shrinks by 0.9 per step: 0.9**300 ≈ 2e-14
    f, g = s.value_and_grad_py([x, y])
    assert f == pytest.approx(1.0) and max(map(abs, g)) < 1e-12  # a stationary point, not a min
    # the same with the numpy path
    theta = np.array([[0.0, 1.0]])
    for _ in range(300):
        theta = theta - 0.05 * s.value_and_grad(theta)[1]
    assert theta[0, 0] == 0.0 and abs(theta[0, 1]) < 1e-12


@pytest.mark.parametrize("kick, valley", [(1e-6, 1.0), (-1e-6, -1.0)])
def test_saddle_valley_a_kick_rolls_into_a_valley(kick: float, valley: float) -> None:
    s = SURFACES["saddle-valley"]()
    x, y = _plain_gd(s, (kick, 1.0), lr=0.05, steps=300)
    assert x == pytest.approx(valley, abs=1e-9) and abs(y) < 1e-12


def test_saddle_is_unstable_along_y() -> None:
    s = SURFACES["saddle"]()
    x, y = _plain_gd(s, tuple(s.default_init()), lr=0.05, steps=60)
    assert abs(x) < 0.01  # x contracts by 0.9 per step
    assert y == pytest.approx(0.05 * 1.1**60)  # y grows by 1.1 per step
