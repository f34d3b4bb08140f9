"""Expression (a parsed f(x, y) with its gradient) and ExpressionProblem."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..problems import Problem
from ..surfaces import Domain, check_domain
from .calculus import _variables, differentiate, simplify
from .compile import _Program
from .nodes import Node, Num, to_text
from .parse import parse


class Expression:
    """A parsed f(x, y) with its symbolic gradient.

    ``tree`` is f as typed, ``dx`` and ``dy`` are ∂f/∂x and ∂f/∂y as ASTs (built
    from the simplified f). ``str(expr)`` prints f; :meth:`gradient_text` prints
    the gradient. Raises :class:`ExprError` for invalid text.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.tree: Node = parse(text)
        simple = simplify(self.tree)
        self.dx: Node = differentiate(simple, "x")
        self.dy: Node = differentiate(simple, "y")
        self.variables: frozenset[str] = _variables(self.tree)
        self._f = _Program([self.tree])
        self._all = _Program([self.tree, self.dx, self.dy])

    def __str__(self) -> str:
        return to_text(self.tree)

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"

    def gradient_text(self) -> tuple[str, str]:
        """``(∂f/∂x, ∂f/∂y)`` as formulas, e.g. ``("2*x + 0.3*cos(3*x)", "-2*y")``."""
        return to_text(self.dx), to_text(self.dy)

    def evaluate(self, x: Any, y: Any) -> Any:
        """f at (x, y): floats give a float, arrays an array of the broadcast shape.

        float64 throughout; overflow and invalid operations give inf or nan silently.
        """
        (f,), scalar = self._f.run_np(x, y)
        return float(f) if scalar else f

    def value_and_grad(self, x: Any, y: Any) -> tuple[Any, Any, Any]:
        """``(f, ∂f/∂x, ∂f/∂y)`` at (x, y), shaped like :meth:`evaluate`."""
        outs, scalar = self._all.run_np(x, y)
        if scalar:
            return float(outs[0]), float(outs[1]), float(outs[2])
        return outs[0], outs[1], outs[2]

    def gradient(self, x: Any, y: Any) -> tuple[Any, Any]:
        """``(∂f/∂x, ∂f/∂y)`` at (x, y)."""
        return self.value_and_grad(x, y)[1:]

    def evaluate_py(self, x: float, y: float) -> float:
        """f at one point in Python floats (the fast path)."""
        return self._f.run_py(x, y)[0]

    def value_and_grad_py(self, x: float, y: float) -> tuple[float, float, float]:
        """``(f, ∂f/∂x, ∂f/∂y)`` at one point in Python floats (the fast path)."""
        f, gx, gy = self._all.run_py(x, y)
        return f, gx, gy


# --- the problem ---------------------------------------------------------------------
class ExpressionProblem(Problem):
    """Minimise the user's f(x, y) with its exact symbolic gradient.

    ``ExpressionProblem("x**2 - y**2 + 0.1*sin(3*x)", domain=((-2, 2), (-2, 2)))``;
    ``text`` may also be a parsed :class:`Expression`. Raises :class:`ExprError`
    for invalid text and ValueError for an invalid domain.
    """

    name = "custom"
    param_names = ("x", "y")
    n_samples = None

    def __init__(
        self, text: str | Expression, domain: Sequence[Sequence[float]] = ((-2.0, 2.0), (-2.0, 2.0))
    ) -> None:
        self.expression = text if isinstance(text, Expression) else Expression(text)
        self.text = self.expression.text
        self._domain = check_domain(domain)
        self.title = f"f(x, y) = {self.expression}"
        self._hessian: np.ndarray | None = None
        self._hessian_done = False

    def value_and_grad(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """f ``(R,)`` and ∇f ``(R, 2)`` at ``theta`` of shape ``(R, 2)``."""
        theta = np.asarray(theta, dtype=float)
        if theta.ndim != 2 or theta.shape[1] != 2:
            raise ValueError(f"theta must have shape (R, 2), got {theta.shape}")
        (f, gx, gy), _ = self.expression._all.run_np(theta[:, 0], theta[:, 1])
        return f, np.stack([gx, gy], axis=1)

    def value(self, theta: np.ndarray) -> np.ndarray:
        theta = np.asarray(theta, dtype=float)
        return np.asarray(self.expression.evaluate(theta[:, 0], theta[:, 1]), dtype=float)

    def value_and_grad_py(self, theta: Sequence[float]) -> tuple[float, list[float]]:
        f, gx, gy = self.expression.value_and_grad_py(theta[0], theta[1])
        return f, [gx, gy]

    def domain(self) -> Domain:
        return self._domain

    def set_domain(self, domain: Sequence[Sequence[float]]) -> None:
        """Plot over ``((x_lo, x_hi), (y_lo, y_hi))`` instead (validated as in the constructor)."""
        self._domain = check_domain(domain)

    def default_init(self) -> np.ndarray:
        """70 % of the way from the domain's centre to a corner: the top-left one, or
        the first corner (clockwise) where f and its gradient are finite."""
        (x0, x1), (y0, y1) = self._domain
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        rx, ry = 0.7 * (x1 - x0) / 2, 0.7 * (y1 - y0) / 2
        corners = [(cx - rx, cy + ry), (cx + rx, cy + ry), (cx + rx, cy - ry), (cx - rx, cy - ry)]
        for px, py in corners:
            if all(math.isfinite(v) for v in self.expression.value_and_grad_py(px, py)):
                return np.array([px, py])
        return np.array(corners[0])

    def hessian(self) -> np.ndarray | None:
        """The constant Hessian when the second derivatives simplify to numbers
        (f is quadratic, e.g. ``x**2 - y**2``), else None."""
        if not self._hessian_done:
            self._hessian_done = True
            e = self.expression
            hxx = differentiate(e.dx, "x")
            hxy = differentiate(e.dx, "y")
            hyy = differentiate(e.dy, "y")
            if isinstance(hxx, Num) and isinstance(hxy, Num) and isinstance(hyy, Num):
                self._hessian = np.array([[hxx.value, hxy.value], [hxy.value, hyy.value]])
        return None if self._hessian is None else self._hessian.copy()
