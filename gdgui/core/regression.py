"""Linear regression with the tutorials' mean squared error.

Two models, both with L(θ) = mean((ŷ − y)²):

* ``linear-w``  (tutorial 003):  ŷ = w·x
* ``linear-wb`` (tutorial 000):  ŷ = w·x + b

Full-batch loss and gradient never need a pass over the data. They are
functions of a few sums taken once, mean-centred for accuracy. With
x̄, ȳ the means, Sxx = mean((x−x̄)²), Sxy = mean((x−x̄)(y−ȳ)) and the residual
mean r̄ = w·x̄ + b − ȳ:

    L(w, b)  = r̄² + Sxx·(w − ŵ)² + L_res         ŵ = Sxy / Sxx
    ∂L/∂w    = 2·(Sxx·(w − ŵ) + r̄·x̄)
    ∂L/∂b    = 2·r̄

where L_res is the least-squares residual, taken once in a pass over the data.
For ``linear-w`` (b = 0, no centring): L(w) = Mxx·(w − w*)² + L_res with
Mxx = mean(x²) and w* = mean(x·y)/Mxx, so ∂L/∂w = 2·Mxx·(w − w*).
Written this way no term cancels another near the optimum, so a step costs the
same for 4 points as for 10 million, and stays accurate for x around 1e6.

For a handful of points (``DIRECT_MAX`` or fewer) the sums are taken directly,
in the order the tutorials' loops take them, which costs no more and reproduces
their printed digits exactly.

Mini-batch gradients use the samples themselves: ∂L_B/∂w = mean_B(2·x·r),
∂L_B/∂b = mean_B(2·r) with r = ŷ − y.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .problems import Problem
from .stability import stable_learning_rates

__all__ = ["DIRECT_MAX", "LinearRegression", "StandardizedRegression", "stable_learning_rates"]

#: full-batch evaluation sums directly over at most this many points
DIRECT_MAX = 16


class LinearRegression(Problem):
    """Least-squares line fit: ``model`` is ``"w"`` (ŷ = w·x) or ``"wb"`` (ŷ = w·x + b).

    ``method`` chooses the full-batch evaluation: ``"auto"`` (direct for small
    data, sums otherwise), ``"direct"`` or ``"sums"``.
    """

    n_samples: int  # always fitted to data

    def __init__(self, x, y, model: str = "wb", method: str = "auto"):
        x = np.ascontiguousarray(x, dtype=float)
        y = np.ascontiguousarray(y, dtype=float)
        if x.ndim != 1 or x.shape != y.shape:
            raise ValueError("x and y must be 1-D arrays of the same length")
        if x.size == 0:
            raise ValueError("linear regression needs at least one data point")
        if model not in ("w", "wb"):
            raise ValueError(f"model must be 'w' or 'wb', got {model!r}")
        if method not in ("auto", "direct", "sums"):
            raise ValueError(f"method must be 'auto', 'direct' or 'sums', got {method!r}")
        self.model = model
        self.name = "linear-w" if model == "w" else "linear-wb"
        self.title = "y = w·x" if model == "w" else "y = w·x + b"
        self.param_names = ("w",) if model == "w" else ("w", "b")
        self.x, self.y = x, y  # the data as shown
        self._xw = x  # the data the optimizer works on (standardized in the subclass)
        self.n_samples = n = x.size
        self.direct = method == "direct" or (method == "auto" and n <= DIRECT_MAX)
        # Python floats for the direct sums (only small data takes that path)
        self._xs, self._ys = (tuple(x.tolist()), tuple(y.tolist())) if self.direct else ((), ())
        # extreme data (|x| near 1e308) overflows to inf here; the runner reports it
        with np.errstate(over="ignore", invalid="ignore"):
            if model == "wb":
                self.xm, self.ym = float(x.mean()), float(y.mean())
                dx, dy = x - self.xm, y - self.ym
                self.sxx = float(np.mean(dx * dx))
                self.sxy = float(np.mean(dx * dy))
                self.w_hat = self.sxy / self.sxx if self.sxx > 0 else 0.0
                res = dy - self.w_hat * dx
                self.l_res = float(np.mean(res * res))
                self.b_hat = self.ym - self.w_hat * self.xm
                self.mxx = self.sxx + self.xm * self.xm
            else:
                self.mxx = float(np.mean(x * x))
                self.w_hat = float(np.mean(x * y)) / self.mxx if self.mxx > 0 else 0.0
                res = y - self.w_hat * x
                self.l_res = float(np.mean(res * res))
                self.xm = float(x.mean())

    @property
    def x_internal(self) -> np.ndarray:
        """The x the optimizer's model sees: the data's x here, standardized x in
        :class:`StandardizedRegression` (:attr:`x` is always the data as shown)."""
        return self._xw

    # --- full batch -----------------------------------------------------------------
    def value_and_grad(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        theta = np.asarray(theta, dtype=float)
        if self.direct:
            return self._direct(theta)
        w = theta[:, 0]
        if self.model == "w":
            d = w - self.w_hat
            return self.mxx * d * d + self.l_res, (2 * self.mxx * d)[:, None]
        b = theta[:, 1]
        rm = w * self.xm + b - self.ym
        d = w - self.w_hat
        loss = rm * rm + self.sxx * d * d + self.l_res
        grad = np.empty_like(theta)
        grad[:, 0] = 2 * (self.sxx * d + rm * self.xm)
        grad[:, 1] = 2 * rm
        return loss, grad

    def _direct(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sum over the points in order, like the tutorials' loops."""
        w = theta[:, 0]
        b = theta[:, 1] if self.model == "wb" else 0.0
        loss = 0.0
        gw = 0.0
        gb = 0.0
        for xi, yi in zip(self._xs, self._ys):
            r = w * xi + b - yi if self.model == "wb" else w * xi - yi
            loss = loss + r * r
            gw = gw + 2 * xi * r
            gb = gb + 2 * r
        n = self.n_samples
        grad = np.empty_like(theta)
        grad[:, 0] = gw / n
        if self.model == "wb":
            grad[:, 1] = gb / n
        return np.asarray(loss / n, dtype=float).reshape(theta.shape[0]), grad

    def value_and_grad_py(self, theta: Sequence[float]) -> tuple[float, list[float]]:
        w = theta[0]
        if self.model == "w":
            if self.direct:
                loss = 0.0
                g = 0.0
                for xi, yi in zip(self._xs, self._ys):
                    r = w * xi - yi
                    loss += r * r
                    g += 2 * xi * r
                n = self.n_samples
                return loss / n, [g / n]
            d = w - self.w_hat
            return self.mxx * d * d + self.l_res, [2 * self.mxx * d]
        b = theta[1]
        if self.direct:
            loss = gw = gb = 0.0
            for xi, yi in zip(self._xs, self._ys):
                r = w * xi + b - yi
                loss += r * r
                gw += 2 * xi * r
                gb += 2 * r
            n = self.n_samples
            return loss / n, [gw / n, gb / n]
        rm = w * self.xm + b - self.ym
        d = w - self.w_hat
        return (
            rm * rm + self.sxx * d * d + self.l_res,
            [2 * (self.sxx * d + rm * self.xm), 2 * rm],
        )

    # --- mini-batches ------------------------------------------------------------------
    def batch_grad(self, theta: np.ndarray, idx: np.ndarray) -> np.ndarray:
        xb, yb = self._xw[idx], self.y[idx]
        w = theta[:, :1]
        r = w * xb - yb
        if self.model == "wb":
            r = r + theta[:, 1:2]
        grad = np.empty_like(theta, dtype=float)
        grad[:, 0] = np.mean(2 * xb * r, axis=1)
        if self.model == "wb":
            grad[:, 1] = np.mean(2 * r, axis=1)
        return grad

    def batch_grad_py(self, theta: Sequence[float], idx: np.ndarray) -> list[float]:
        if len(idx) > 8:
            return super().batch_grad_py(theta, idx)
        w = theta[0]
        b = theta[1] if self.model == "wb" else 0.0
        gw = gb = 0.0
        for xi, yi in zip(self._xw[idx].tolist(), self.y[idx].tolist()):
            r = w * xi + b - yi
            gw += 2 * xi * r
            gb += 2 * r
        k = len(idx)
        return [gw / k, gb / k] if self.model == "wb" else [gw / k]

    # --- what is known in closed form -------------------------------------------------
    def hessian(self) -> np.ndarray:
        if self.model == "w":
            return np.array([[2 * self.mxx]])
        return 2 * np.array([[self.mxx, self.xm], [self.xm, 1.0]])

    def optimum(self) -> np.ndarray:
        """The least-squares parameters (closed form)."""
        if self.model == "w":
            return np.array([self.w_hat])
        return np.array([self.w_hat, self.b_hat])

    def minima(self) -> list[tuple[np.ndarray, float]]:
        return [(self.optimum(), self.l_res)]

    def default_init(self) -> np.ndarray:
        return np.ones(1) if self.model == "w" else np.zeros(2)

    def predict(self, theta, x):
        """ŷ at ``x`` (on the data's own scale) for parameters ``theta`` of this problem."""
        shown = self.shown_params(np.asarray(theta, dtype=float))
        b = shown[..., 1:2] if self.model == "wb" else 0.0
        out = shown[..., 0:1] * np.asarray(x, dtype=float) + b
        return float(out[0]) if np.ndim(x) == 0 and out.size == 1 else out.squeeze()


class StandardizedRegression(LinearRegression):
    """Linear regression whose optimizer works on standardized x.

    ``linear-wb``: x' = (x − μ)/σ (mean and population standard deviation), so
    ŷ = w'·x' + b' with w = w'/σ and b = b' − w'·μ/σ on the original scale.
    ``linear-w`` has no intercept to absorb a shift, so x is only scaled:
    x' = x/s with s the root mean square of x, and w = w'/s.

    The loss is the same function of the line, so the least-squares line is the
    same; only the parameter space the optimizer walks through changes, and with
    it the curvature (the Hessian of ``linear-wb`` becomes 2·I). History rows
    hold the standardized parameters (``param_names`` w', b');
    :meth:`shown_params` converts them.
    """

    standardized = True

    def __init__(self, x, y, model: str = "wb", method: str = "auto"):
        raw = np.ascontiguousarray(x, dtype=float)
        if raw.size and model == "wb":
            mu, sigma = float(raw.mean()), float(raw.std())
        else:
            mu, sigma = 0.0, float(np.sqrt(np.mean(raw * raw))) if raw.size else 1.0
        if not sigma > 0 or not np.isfinite(sigma):
            sigma = 1.0  # constant x: nothing to scale
        self.mu, self.sigma = mu, sigma
        super().__init__((raw - mu) / sigma, y, model=model, method=method)
        self.x = raw  # what plots and predictions use; self._xw stays standardized
        self.param_names = tuple(n + "\u2032" for n in self.param_names)  # w′, b′
        self.title += " (standardized x)"

    def shown_params(self, theta):
        t = np.asarray(theta, dtype=float)
        out = t / self.sigma if self.model == "w" else np.empty_like(t)
        if self.model == "wb":
            out[..., 0] = t[..., 0] / self.sigma
            out[..., 1] = t[..., 1] - t[..., 0] * self.mu / self.sigma
        return out

    def shown_grad(self, grad):
        g = np.asarray(grad, dtype=float)
        if self.model == "w":
            return g * self.sigma
        out = np.empty_like(g)
        out[..., 0] = self.sigma * g[..., 0] + self.mu * g[..., 1]
        out[..., 1] = g[..., 1]
        return out

    def to_internal(self, shown):
        s = np.asarray(shown, dtype=float)
        if self.model == "w":
            return s * self.sigma
        out = np.empty_like(s)
        out[..., 0] = s[..., 0] * self.sigma
        out[..., 1] = s[..., 1] + s[..., 0] * self.mu
        return out

    @property
    def shown_names(self) -> tuple[str, ...]:
        return tuple(n.rstrip("\u2032") for n in self.param_names)

    def default_init(self) -> np.ndarray:
        return self.to_internal(super().default_init())
