"""Classic test surfaces f(x, y) for watching optimisers roll downhill.

Every surface is a :class:`Surface` (a :class:`~gdgui.core.problems.Problem`
over ``("x", "y")``) built from a :class:`SurfaceSpec`. Each formula is
written **once**, in operator-generic style: a function ``fn(x, y, m, **params)``
returning ``(f, df/dx, df/dy)`` where ``m`` is a namespace of elementary
functions, either :data:`NP_OPS` (numpy ufuncs, ``x`` and ``y`` arrays) or
:data:`PY_OPS` (the ``math`` module, ``x`` and ``y`` floats). The same code
therefore serves the batched numpy path and the fast pure-Python path.

Registry: ``SURFACES[name](**params)`` builds a surface, ``surface_params(name)``
gives its default keyword parameters (empty for most)::

    saddle            x² − y²
    bowl              ½(a·x² + b·y²)                       a=1, b=10
    rosenbrock        (a − x)² + b(y − x²)²                a=1, b=100
    beale             (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²
    booth             (x + 2y − 7)² + (2x + y − 5)²
    himmelblau        (x² + y − 11)² + (x + y² − 7)²
    rastrigin         20 + x² − 10 cos 2πx + y² − 10 cos 2πy
    ackley            −20 exp(−0.2 √(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20
    goldstein-price   [1 + (x+y+1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]
                      · [30 + (2x − 3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]
    six-hump-camel    (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²
    saddle-valley     (x² − 1)² + y²
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np

from gdgui.core.problems import Problem

__all__ = [
    "NP_OPS",
    "PY_OPS",
    "SURFACES",
    "SPECS",
    "Surface",
    "SurfaceSpec",
    "check_domain",
    "make_surface",
    "surface_params",
]


# --- the two namespaces ---------------------------------------------------------------
def _np_safe_div(a: Any, b: Any) -> np.ndarray:
    """a / b where b != 0, else 0 (elementwise)."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    return np.divide(a, b, out=np.zeros(a.shape), where=b != 0)


def _py_safe_div(a: float, b: float) -> float:
    """a / b if b != 0, else 0."""
    return a / b if b else 0.0


#: elementary functions on numpy arrays
NP_OPS = SimpleNamespace(
    sqrt=np.sqrt,
    exp=np.exp,
    sin=np.sin,
    cos=np.cos,
    pi=math.pi,
    e=math.e,
    safe_div=_np_safe_div,
)
#: the same functions on Python floats
PY_OPS = SimpleNamespace(
    sqrt=math.sqrt,
    exp=math.exp,
    sin=math.sin,
    cos=math.cos,
    pi=math.pi,
    e=math.e,
    safe_div=_py_safe_div,
)

#: errors the math module raises where numpy returns inf or nan
_PY_MATH_ERRORS = (OverflowError, ValueError, ZeroDivisionError)


# --- the formulas: (f, df/dx, df/dy) ---------------------------------------------------
def _saddle(x, y, m):
    """f = x² − y²;  ∇f = (2x, −2y)."""
    return x * x - y * y, 2.0 * x, -2.0 * y


def _bowl(x, y, m, a=1.0, b=10.0):
    """f = ½(a·x² + b·y²);  ∇f = (a·x, b·y)."""
    return 0.5 * (a * x * x + b * y * y), a * x, b * y


def _rosenbrock(x, y, m, a=1.0, b=100.0):
    """f = (a − x)² + b(y − x²)²;  ∇f = (−2(a − x) − 4b·x(y − x²), 2b(y − x²))."""
    u = a - x
    v = y - x * x
    return u * u + b * v * v, -2.0 * u - 4.0 * b * x * v, 2.0 * b * v


def _beale(x, y, m):
    """f = t1² + t2² + t3², t1 = 1.5 − x + xy, t2 = 2.25 − x + xy², t3 = 2.625 − x + xy³.

    ∇f = (2t1(y − 1) + 2t2(y² − 1) + 2t3(y³ − 1),  2t1·x + 4t2·xy + 6t3·xy²).
    """
    y2 = y * y
    y3 = y2 * y
    t1 = 1.5 - x + x * y
    t2 = 2.25 - x + x * y2
    t3 = 2.625 - x + x * y3
    f = t1 * t1 + t2 * t2 + t3 * t3
    gx = 2.0 * (t1 * (y - 1.0) + t2 * (y2 - 1.0) + t3 * (y3 - 1.0))
    gy = 2.0 * x * (t1 + 2.0 * t2 * y + 3.0 * t3 * y2)
    return f, gx, gy


def _booth(x, y, m):
    """f = u² + v², u = x + 2y − 7, v = 2x + y − 5;  ∇f = (2u + 4v, 4u + 2v)."""
    u = x + 2.0 * y - 7.0
    v = 2.0 * x + y - 5.0
    return u * u + v * v, 2.0 * u + 4.0 * v, 4.0 * u + 2.0 * v


def _himmelblau(x, y, m):
    """f = u² + v², u = x² + y − 11, v = x + y² − 7;  ∇f = (4xu + 2v, 2u + 4yv)."""
    u = x * x + y - 11.0
    v = x + y * y - 7.0
    return u * u + v * v, 4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v


def _rastrigin(x, y, m, A=10.0):
    """f = 2A + x² − A cos 2πx + y² − A cos 2πy;  ∂f/∂x = 2x + 2πA sin 2πx (same for y)."""
    w = 2.0 * m.pi
    f = 2.0 * A + x * x - A * m.cos(w * x) + y * y - A * m.cos(w * y)
    return f, 2.0 * x + w * A * m.sin(w * x), 2.0 * y + w * A * m.sin(w * y)


def _ackley(x, y, m):
    """f = −20 exp(−0.2 s) − exp(c) + e + 20, s = √(½(x² + y²)), c = ½(cos 2πx + cos 2πy).

    ∂f/∂x = 2 exp(−0.2 s)·x/s + π exp(c) sin 2πx (x/s := 0 at the origin, where the
    cone tip has the subgradient 0); the same for y.
    """
    w = 2.0 * m.pi
    s = m.sqrt(0.5 * (x * x + y * y))
    g = m.exp(-0.2 * s)
    c = m.exp(0.5 * (m.cos(w * x) + m.cos(w * y)))
    f = -20.0 * g - c + m.e + 20.0
    gx = 2.0 * g * m.safe_div(x, s) + m.pi * c * m.sin(w * x)
    gy = 2.0 * g * m.safe_div(y, s) + m.pi * c * m.sin(w * y)
    return f, gx, gy


def _goldstein_price(x, y, m):
    """f = A·B, A = 1 + p²q, B = 30 + r²s with p = x + y + 1,
    q = 19 − 14x + 3x² − 14y + 6xy + 3y², r = 2x − 3y,
    s = 18 − 32x + 12x² + 48y − 36xy + 27y².

    ∂A/∂x = ∂A/∂y = 2pq + p²(6x + 6y − 14);
    ∂B/∂x = 4rs + r²(24x − 36y − 32),  ∂B/∂y = −6rs + r²(54y − 36x + 48);
    ∇f = (A_x·B + A·B_x, A_y·B + A·B_y).
    """
    p = x + y + 1.0
    q = 19.0 - 14.0 * x + 3.0 * x * x - 14.0 * y + 6.0 * x * y + 3.0 * y * y
    r = 2.0 * x - 3.0 * y
    s = 18.0 - 32.0 * x + 12.0 * x * x + 48.0 * y - 36.0 * x * y + 27.0 * y * y
    A = 1.0 + p * p * q
    B = 30.0 + r * r * s
    dA = 2.0 * p * q + p * p * (6.0 * x + 6.0 * y - 14.0)
    dBx = 4.0 * r * s + r * r * (24.0 * x - 36.0 * y - 32.0)
    dBy = -6.0 * r * s + r * r * (54.0 * y - 36.0 * x + 48.0)
    return A * B, dA * B + A * dBx, dA * B + A * dBy


def _six_hump_camel(x, y, m):
    """f = 4x² − 2.1x⁴ + x⁶/3 + xy − 4y² + 4y⁴;  ∇f = (8x − 8.4x³ + 2x⁵ + y, x − 8y + 16y³)."""
    x2 = x * x
    y2 = y * y
    f = x2 * (4.0 - 2.1 * x2 + x2 * x2 / 3.0) + x * y + y2 * (4.0 * y2 - 4.0)
    gx = x * (8.0 - 8.4 * x2 + 2.0 * x2 * x2) + y
    gy = x + y * (16.0 * y2 - 8.0)
    return f, gx, gy


def _saddle_valley(x, y, m):
    """f = (x² − 1)² + y²;  ∇f = (4x(x² − 1), 2y).

    Minima (±1, 0) with f = 0, a saddle at (0, 0) with f = 1. On the line x = 0
    the x-gradient is exactly 0, so plain gradient descent started there slides
    into the saddle and stays; any noise in x tips it into a valley.
    """
    u = x * x - 1.0
    return u * u + y * y, 4.0 * x * u, 2.0 * y


# --- specs ---------------------------------------------------------------------------
Params = Mapping[str, float]
Domain = tuple[tuple[float, float], tuple[float, float]]


def check_domain(domain: Sequence[Sequence[float]]) -> Domain:
    """``((x_lo, x_hi), (y_lo, y_hi))`` as floats; ValueError unless finite with lo < hi."""
    try:
        (x0, x1), (y0, y1) = domain
        bounds = [float(v) for v in (x0, x1, y0, y1)]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"domain must be ((x_lo, x_hi), (y_lo, y_hi)), got {domain!r}") from exc
    if not all(math.isfinite(v) for v in bounds):
        raise ValueError(f"domain bounds must be finite, got {domain!r}")
    x0, x1, y0, y1 = bounds
    if not (x0 < x1 and y0 < y1):
        raise ValueError(f"domain needs lo < hi on both axes, got {domain!r}")
    return ((x0, x1), (y0, y1))


def _pt(x: float, y: float) -> np.ndarray:
    return np.array([x, y], dtype=float)


@dataclass(frozen=True)
class SurfaceSpec:
    """Everything that defines a surface; the callables take the parameter dict."""

    name: str
    title: str
    formula: str
    fn: Callable[..., tuple[Any, Any, Any]]
    domain: Callable[[Params], Domain]
    init: Callable[[Params], tuple[float, float]]
    minima: Callable[[Params], list[tuple[np.ndarray, float]]] = lambda p: []
    hessian: Callable[[Params], np.ndarray] | None = None
    defaults: Mapping[str, float] = field(default_factory=dict)
    #: ∂f/∂x and ∂f/∂y as text in explain's markup (``^{2}`` raises, ``_{1}`` lowers),
    #: and the "where" definitions they use (the step explanation shows them)
    partials: tuple[str, str, tuple[str, ...]] | None = None


def _const(value: Any) -> Callable[[Params], Any]:
    return lambda p: value


def _square_domain(r: float) -> Callable[[Params], Domain]:
    return _const(((-r, r), (-r, r)))


_BOWL_DOMAIN = _square_domain(2.0)

# Himmelblau's and the six-hump camel's minima, polished by Newton's method to
# double precision (the gradient vanishes there to ~1e-14).
_HIMMELBLAU_MINIMA = [
    (3.0, 2.0),
    (-2.805118086952745, 3.131312518250573),
    (-3.779310253377747, -3.2831859912861696),
    (3.5844283403304917, -1.8481265269644034),
]
_CAMEL_MIN = (0.08984201310031807, -0.7126564030207396)
_CAMEL_F = -1.0316284534898774


SPECS: dict[str, SurfaceSpec] = {
    s.name: s
    for s in [
        SurfaceSpec(
            "saddle",
            "Saddle",
            "x² − y²",
            _saddle,
            domain=_square_domain(2.0),
            init=_const((1.5, 0.05)),
            partials=("2x", "−2y", ()),
            hessian=_const(np.array([[2.0, 0.0], [0.0, -2.0]])),
        ),
        SurfaceSpec(
            "bowl",
            "Elongated bowl",
            "½(a·x² + b·y²)",
            _bowl,
            domain=_BOWL_DOMAIN,
            init=_const((-1.8, 1.2)),
            partials=("a·x", "b·y", ()),
            minima=lambda p: [(_pt(0, 0), 0.0)] if p["a"] > 0 and p["b"] > 0 else [],
            hessian=lambda p: np.array([[p["a"], 0.0], [0.0, p["b"]]]),
            defaults={"a": 1.0, "b": 10.0},
        ),
        SurfaceSpec(
            "rosenbrock",
            "Rosenbrock",
            "(a − x)² + b(y − x²)²",
            _rosenbrock,
            domain=_const(((-2.0, 2.0), (-1.0, 3.0))),
            init=_const((-1.5, 2.0)),
            partials=("−2(a − x) − 4b·x(y − x^{2})", "2b(y − x^{2})", ()),
            minima=lambda p: [(_pt(p["a"], p["a"] ** 2), 0.0)] if p["b"] > 0 else [],
            defaults={"a": 1.0, "b": 100.0},
        ),
        SurfaceSpec(
            "beale",
            "Beale",
            "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
            _beale,
            domain=_square_domain(4.5),
            init=_const((1.0, 1.5)),
            partials=(
                "2t_{1}(y − 1) + 2t_{2}(y^{2} − 1) + 2t_{3}(y^{3} − 1)",
                "2x(t_{1} + 2t_{2}·y + 3t_{3}·y^{2})",
                ("t_{1} = 1.5 − x + xy", "t_{2} = 2.25 − x + xy^{2}", "t_{3} = 2.625 − x + xy^{3}"),
            ),
            minima=_const([(_pt(3.0, 0.5), 0.0)]),
        ),
        SurfaceSpec(
            "booth",
            "Booth",
            "(x + 2y − 7)² + (2x + y − 5)²",
            _booth,
            domain=_square_domain(10.0),
            init=_const((-5.0, -5.0)),
            partials=("2u + 4v", "4u + 2v", ("u = x + 2y − 7", "v = 2x + y − 5")),
            minima=_const([(_pt(1.0, 3.0), 0.0)]),
            hessian=_const(np.array([[10.0, 8.0], [8.0, 10.0]])),
        ),
        SurfaceSpec(
            "himmelblau",
            "Himmelblau",
            "(x² + y − 11)² + (x + y² − 7)²",
            _himmelblau,
            domain=_square_domain(5.0),
            init=_const((0.0, 0.0)),
            partials=("4x·u + 2v", "2u + 4y·v", ("u = x^{2} + y − 11", "v = x + y^{2} − 7")),
            minima=_const([(_pt(*xy), 0.0) for xy in _HIMMELBLAU_MINIMA]),
        ),
        SurfaceSpec(
            "rastrigin",
            "Rastrigin",
            "20 + x² − 10 cos 2πx + y² − 10 cos 2πy",
            _rastrigin,
            domain=_square_domain(5.12),
            init=_const((2.3, -3.2)),
            partials=("2x + 20π·sin 2πx", "2y + 20π·sin 2πy", ()),
            minima=_const([(_pt(0.0, 0.0), 0.0)]),
        ),
        SurfaceSpec(
            "ackley",
            "Ackley",
            "−20 exp(−0.2 √(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20",
            _ackley,
            domain=_square_domain(5.0),
            init=_const((3.2, 2.4)),
            partials=(
                "2e^{−0.2s}·x/s + π·e^{c}·sin 2πx",
                "2e^{−0.2s}·y/s + π·e^{c}·sin 2πy",
                ("s = √(½(x^{2} + y^{2}))", "c = ½(cos 2πx + cos 2πy)", "x/s = 0 at the origin"),
            ),
            minima=_const([(_pt(0.0, 0.0), 0.0)]),
        ),
        SurfaceSpec(
            "goldstein-price",
            "Goldstein–Price",
            "[1 + (x+y+1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]"
            " · [30 + (2x − 3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]",
            _goldstein_price,
            domain=_square_domain(2.0),
            init=_const((0.5, 0.25)),
            partials=(
                "A_{x}·B + A·B_{x}",
                "A_{y}·B + A·B_{y}",
                (
                    "A = 1 + p^{2}q,  B = 30 + r^{2}s",
                    "p = x + y + 1,  r = 2x − 3y",
                    "q = 19 − 14x + 3x^{2} − 14y + 6xy + 3y^{2}",
                    "s = 18 − 32x + 12x^{2} + 48y − 36xy + 27y^{2}",
                    "A_{x} = A_{y} = 2pq + p^{2}(6x + 6y − 14)",
                    "B_{x} = 4rs + r^{2}(24x − 36y − 32)",
                    "B_{y} = −6rs + r^{2}(54y − 36x + 48)",
                ),
            ),
            minima=_const([(_pt(0.0, -1.0), 3.0)]),
        ),
        SurfaceSpec(
            "six-hump-camel",
            "Six-hump camel",
            "(4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²",
            _six_hump_camel,
            domain=_const(((-3.0, 3.0), (-2.0, 2.0))),
            init=_const((-1.5, 1.0)),
            partials=("8x − 8.4x^{3} + 2x^{5} + y", "x − 8y + 16y^{3}", ()),
            minima=_const(
                [
                    (_pt(_CAMEL_MIN[0], _CAMEL_MIN[1]), _CAMEL_F),
                    (_pt(-_CAMEL_MIN[0], -_CAMEL_MIN[1]), _CAMEL_F),
                ]
            ),
        ),
        SurfaceSpec(
            "saddle-valley",
            "Saddle between two valleys",
            "(x² − 1)² + y²",
            _saddle_valley,
            domain=_const(((-2.0, 2.0), (-1.5, 1.5))),
            init=_const((0.0, 1.0)),
            partials=("4x(x^{2} − 1)", "2y", ()),
            minima=_const([(_pt(-1.0, 0.0), 0.0), (_pt(1.0, 0.0), 0.0)]),
        ),
    ]
}


# --- the problem class ---------------------------------------------------------------
class Surface(Problem):
    """A test surface f(x, y) with its exact gradient (see :class:`SurfaceSpec`)."""

    param_names = ("x", "y")
    n_samples = None

    def __init__(self, spec: SurfaceSpec, **params: float) -> None:
        unknown = sorted(set(params) - set(spec.defaults))
        if unknown:
            raise TypeError(f"{spec.name} has no parameter {', '.join(unknown)}")
        merged: dict[str, float] = {}
        for key, default in spec.defaults.items():
            value = float(params.get(key, default))
            if not math.isfinite(value):
                raise ValueError(f"{spec.name}: parameter {key} must be finite, got {value}")
            merged[key] = value
        self.spec = spec
        self.params: dict[str, float] = merged
        self.name = spec.name
        self.formula = spec.formula
        if merged:
            args = ", ".join(f"{k}={v:g}" for k, v in merged.items())
            self.title = f"{spec.title} ({args})"
        else:
            self.title = spec.title
        self._fn = spec.fn
        self._domain: Domain | None = None

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"SURFACES[{self.name!r}]({args.lstrip(', ')})"

    def value_and_grad(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """f ``(R,)`` and ∇f ``(R, 2)`` at ``theta`` of shape ``(R, 2)``.

        Overflow gives inf/nan silently (a diverging run is data, not an error).
        """
        theta = np.asarray(theta, dtype=float)
        if theta.ndim != 2 or theta.shape[1] != 2:
            raise ValueError(f"theta must have shape (R, 2), got {theta.shape}")
        x = theta[:, 0]
        y = theta[:, 1]
        with np.errstate(all="ignore"):
            f, gx, gy = self._fn(x, y, NP_OPS, **self.params)
        grad = np.empty(theta.shape)
        grad[:, 0] = gx
        grad[:, 1] = gy
        return np.broadcast_to(np.asarray(f, dtype=float), x.shape).copy(), grad

    def value_and_grad_py(self, theta: Sequence[float]) -> tuple[float, list[float]]:
        """The same for one point in Python floats (falls back to numpy on overflow)."""
        try:
            f, gx, gy = self._fn(float(theta[0]), float(theta[1]), PY_OPS, **self.params)
        except _PY_MATH_ERRORS:
            return super().value_and_grad_py(theta)
        return float(f), [float(gx), float(gy)]

    def hessian(self) -> np.ndarray | None:
        """The constant Hessian of the quadratic surfaces (saddle, bowl, booth), else None."""
        if self.spec.hessian is None:
            return None
        return np.array(self.spec.hessian(self.params), dtype=float)

    def minima(self) -> list[tuple[np.ndarray, float]]:
        """Known global minima ``[(array([x, y]), f), ...]``; empty if unbounded below."""
        return [(np.array(p, dtype=float), float(v)) for p, v in self.spec.minima(self.params)]

    def default_init(self) -> np.ndarray:
        return np.array(self.spec.init(self.params), dtype=float)

    def domain(self) -> Domain:
        """The plot range: the usual one for this surface unless :meth:`set_domain` changed it."""
        if self._domain is not None:
            return self._domain
        return check_domain(self.spec.domain(self.params))

    def set_domain(self, domain: Sequence[Sequence[float]] | None) -> None:
        """Plot over ``((x_lo, x_hi), (y_lo, y_hi))`` instead (None: the usual range)."""
        self._domain = None if domain is None else check_domain(domain)


# --- registry ------------------------------------------------------------------------
def make_surface(name: str, **params: float) -> Surface:
    """``SURFACES[name](**params)``; raises KeyError for an unknown name."""
    return Surface(SPECS[name], **params)


def _factory(spec: SurfaceSpec) -> Callable[..., Surface]:
    def build(**params: float) -> Surface:
        return Surface(spec, **params)

    build.__name__ = build.__qualname__ = spec.name.replace("-", "_")
    build.__doc__ = f"{spec.title}: f = {spec.formula}"
    return build


#: name -> factory taking the surface's keyword parameters
SURFACES: dict[str, Callable[..., Surface]] = {name: _factory(s) for name, s in SPECS.items()}


def surface_params(name: str) -> dict[str, float]:
    """Default keyword parameters of surface ``name`` (``{}`` for most)."""
    return dict(SPECS[name].defaults)
