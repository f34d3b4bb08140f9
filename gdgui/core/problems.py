"""Objective functions that gradient descent minimises.

A problem maps parameters ``theta`` to a loss and its exact gradient. Every
problem evaluates *batches of parameter vectors*: ``theta`` has shape
``(R, P)`` (R independent runs, P parameters) and the results have shapes
``(R,)`` and ``(R, P)``. This is what lets the runner advance many runs as one
vectorised computation.

A single run is faster in plain Python floats than in numpy (a numpy call on a
two-element array costs about a microsecond), so a problem may also offer
``value_and_grad_py``, the same mathematics on a list of floats. The runner
uses it when present.

Problems fitted to data (``Problem.n_samples`` is not None) also give the
gradient on a mini-batch of sample indices, for stochastic gradient descent.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .history import History

__all__ = ["Problem"]


class Problem:
    """Base class: a differentiable objective over named parameters.

    Subclasses set ``name``, ``param_names`` and implement
    :meth:`value_and_grad`; the rest is optional.
    """

    #: registry name, e.g. ``"linear-wb"`` or ``"rosenbrock"``
    name: str = ""
    #: human-readable title for menus and plot titles
    title: str = ""
    #: one name per parameter: ``("w",)``, ``("w", "b")``, ``("x", "y")``
    param_names: tuple[str, ...] = ()
    #: number of data samples for data-fitting problems, None for plain functions
    n_samples: int | None = None

    @property
    def dim(self) -> int:
        return len(self.param_names)

    # --- required -----------------------------------------------------------------
    def value_and_grad(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Loss ``(R,)`` and exact gradient ``(R, P)`` at ``theta`` of shape ``(R, P)``."""
        raise NotImplementedError

    # --- optional -----------------------------------------------------------------
    def value(self, theta: np.ndarray) -> np.ndarray:
        """Loss only, ``(R,)``; override when it is cheaper than the gradient."""
        return self.value_and_grad(theta)[0]

    def value_and_grad_py(self, theta: Sequence[float]) -> tuple[float, list[float]]:
        """The same as :meth:`value_and_grad` for one run, in Python floats.

        The default goes through numpy; subclasses override it for speed.
        """
        loss, grad = self.value_and_grad(np.asarray(theta, dtype=float)[None, :])
        return float(loss[0]), [float(g) for g in grad[0]]

    def batch_grad(self, theta: np.ndarray, idx: np.ndarray) -> np.ndarray:
        """Gradient ``(R, P)`` of the loss on the samples ``idx`` only (data problems)."""
        raise TypeError(f"{self.name} has no data samples")

    def batch_grad_py(self, theta: Sequence[float], idx: np.ndarray) -> list[float]:
        """:meth:`batch_grad` for one run, in Python floats."""
        g = self.batch_grad(np.asarray(theta, dtype=float)[None, :], idx)
        return [float(v) for v in g[0]]

    def hessian(self) -> np.ndarray | None:
        """The constant Hessian ``(P, P)`` of a quadratic loss, else None."""
        return None

    def minima(self) -> list[tuple[np.ndarray, float]]:
        """Known global minima as ``(theta, loss)`` pairs (may be empty)."""
        return []

    def default_init(self) -> np.ndarray:
        """A starting point that shows something worth seeing."""
        return np.zeros(self.dim)

    # --- the parameter space people see ---------------------------------------------
    # Identity here; a problem whose optimizer works on transformed parameters
    # (StandardizedRegression) converts.

    #: True when the optimizer works on transformed parameters
    standardized: bool = False

    @property
    def shown_names(self) -> tuple[str, ...]:
        """Names of the parameters as shown to people."""
        return self.param_names

    def shown_params(self, theta: np.ndarray) -> np.ndarray:
        """Parameters ``(..., P)`` as shown to people."""
        return np.asarray(theta, dtype=float)

    def shown_grad(self, grad: np.ndarray) -> np.ndarray:
        """Gradients ``(..., P)`` with respect to the shown parameters."""
        return np.asarray(grad, dtype=float)

    def to_internal(self, shown: Sequence[float]) -> np.ndarray:
        """Shown parameters to the ones the optimizer works on."""
        return np.asarray(shown, dtype=float)

    def shown_history(self, history):
        """A copy of ``history`` with parameters and gradients as shown."""
        out = History(
            self.shown_names, capacity=len(history), with_lr=getattr(history, "with_lr", False)
        )
        out.extend(
            history.step,
            history.epoch,
            self.shown_params(history.params),
            history.loss,
            self.shown_grad(history.grad),
            getattr(history, "lr", None),
        )
        return out

    def domain(self) -> tuple[tuple[float, float], ...] | None:
        """Plot range per parameter ``((lo, hi), ...)``, or None to choose from the data."""
        return None
