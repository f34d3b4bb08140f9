"""Which learning rates are stable, from the eigenvalues of the Hessian.

On a quadratic loss with Hessian H (curvatures λ, the eigenvalues of H) the
first-order optimizers are linear maps, and a run converges exactly when every
mode does. For a mode of curvature λ and the step ``h = η·λ``:

* gradient descent, θ ← θ − η·g: e ← (1 − h)·e, stable for 0 < h < 2, so
  η < 2/λ_max; fastest for one η over all modes at η = 2/(λ_min + λ_max).
* heavy-ball momentum as torch writes it (b ← μ·b + (1 − τ)·g, θ ← θ − η·b):
  with η' = η(1 − τ) this is e' = e − η'λ·e + μ(e − e_prev), whose
  characteristic polynomial z² − (1 + μ − h')z + μ has both roots inside the
  unit circle exactly when |μ| < 1 and 0 < h' < 2(1 + μ). So
  η < 2(1 + μ)/((1 − τ)·λ_max); with τ = 1 the velocity never sees a new
  gradient and any η is stable (∞).
* Nesterov as torch writes it (b ← μ·b + g, θ ← θ − η(g + μ·b)): on the state
  (e, b_prev) the map has trace 1 + μ − h(1 + μ) and determinant μ(1 − h); the
  Jury conditions give 0 < h < 2(1 + μ)/(1 + 2μ) (and |μ(1 − h)| < 1, implied
  when μ < 1). So η < 2(1 + μ)/((1 + 2μ)·λ_max).
* with μ ≥ 1 heavy-ball momentum is never stable (the determinant is μ ≥ 1) and
  Nesterov is stable only when every curvature falls in a narrow band, so no
  limit is given (None).
* the adaptive methods (Adagrad, RMSprop, Adam, AdamW) rescale every step by the
  gradients seen so far; no limit in terms of η and λ is known (None).

Coupled weight decay λ_wd (gd, momentum, nesterov) adds λ_wd to every curvature.

The eigenvalues are computed so that an ill-conditioned but positive
semidefinite Hessian (a line fit with x around 1e8..1e12) is not reported as
indefinite: a 2×2 Hessian takes the closed form with λ_min = det/λ_max, and a
negative eigenvalue below ``n·ε·|λ|_max`` in size counts as zero.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from . import optimizers as optim
from .messages import Message, term

__all__ = [
    "RateLimits",
    "curvatures",
    "fastest_learning_rate",
    "hessian_at",
    "hessian_eigenvalues",
    "learning_rate_limit",
    "rate_limits",
    "stability_advice",
    "stable_learning_rates",
]

#: the optimizers whose stable learning rate is known in closed form
KNOWN = ("gd", "momentum", "nesterov")
#: the optimizers with coupled weight decay (it adds λ_wd to every curvature)
_COUPLED_DECAY = KNOWN


def hessian_eigenvalues(hessian: np.ndarray) -> np.ndarray:
    """The eigenvalues of a symmetric Hessian, ascending, robust to ill-conditioning.

    A negative eigenvalue whose size is below ``n·ε·|λ|_max`` (rounding noise) is
    returned as 0, so a positive semidefinite Hessian never shows a tiny negative one.
    """
    h = np.asarray(hessian, dtype=float)
    if h.ndim != 2 or h.shape[0] != h.shape[1] or h.size == 0:
        raise ValueError(f"a Hessian must be a square matrix, got shape {h.shape}")
    n = h.shape[0]
    if n == 1:
        eig = np.array([h[0, 0]])
    elif n == 2:
        a, b, d = float(h[0, 0]), 0.5 * float(h[0, 1] + h[1, 0]), float(h[1, 1])
        mean, half = 0.5 * (a + d), math.hypot(0.5 * (a - d), b)
        # the larger-magnitude root directly, the other from the product (no cancellation)
        big = mean + math.copysign(half, mean) if mean != 0 else half
        if big == 0:
            eig = np.zeros(2)
        else:
            det = a * d - b * b
            eig = np.sort(np.array([big, det / big]))
    else:
        eig = np.linalg.eigvalsh(0.5 * (h + h.T))
    scale = float(np.max(np.abs(eig))) if np.all(np.isfinite(eig)) else 0.0
    noise = n * np.finfo(float).eps * scale
    eig = np.where((eig < 0) & (eig >= -noise), 0.0, eig)
    return np.sort(eig)


def hessian_at(problem: Any, theta: Sequence[float], rel_step: float = 1e-5) -> np.ndarray:
    """The Hessian of ``problem`` at ``theta``: exact when the problem has a constant
    one, else central differences of its exact gradient (symmetrised)."""
    const = problem.hessian()
    if const is not None:
        return np.asarray(const, dtype=float)
    t = np.asarray(theta, dtype=float)
    p = t.size
    steps = rel_step * np.maximum(1.0, np.abs(t))
    pts = np.repeat(t[None, :], 2 * p, axis=0)
    for j in range(p):
        pts[2 * j, j] += steps[j]
        pts[2 * j + 1, j] -= steps[j]
    _, g = problem.value_and_grad(pts)
    h = np.empty((p, p))
    for j in range(p):
        h[:, j] = (g[2 * j] - g[2 * j + 1]) / (2 * steps[j])
    return 0.5 * (h + h.T)


def curvatures(
    hessian: np.ndarray, optimizer: str = "gd", hyperparams: Mapping[str, Any] | None = None
) -> tuple[float, float]:
    """(λ_min, λ_max) the optimizer sees: coupled weight decay added to every eigenvalue."""
    eig = hessian_eigenvalues(hessian)
    wd = float((hyperparams or {}).get("weight_decay", 0.0) or 0.0)
    if optimizer in _COUPLED_DECAY and wd:
        eig = eig + wd
    return float(eig[0]), float(eig[-1])


def stable_learning_rates(hessian: np.ndarray) -> tuple[float, float]:
    """For full-batch gradient descent on a quadratic with this Hessian:
    (largest stable learning rate 2/λ_max, fastest-converging rate 2/(λ_max + λ_min)).

    Infinite when the Hessian has no positive curvature.
    """
    lmin, lmax = curvatures(hessian)
    if lmax <= 0:
        return math.inf, math.inf
    return 2.0 / lmax, 2.0 / (lmax + max(lmin, 0.0))


def learning_rate_limit(
    optimizer: str, hyperparams: Mapping[str, Any], lmax: float
) -> float | None:
    """The largest stable learning rate of ``optimizer`` for curvature ``lmax`` (already
    including weight decay), ∞ when every rate is stable, None when not known."""
    if optimizer not in KNOWN:
        return None
    hp = {**optim.get(optimizer).defaults(), **hyperparams}
    if not lmax > 0:
        return math.inf
    if optimizer == "gd":
        return 2.0 / lmax
    mu, tau = float(hp.get("momentum", 0.0)), float(hp.get("dampening", 0.0))
    if mu >= 1:
        return None
    if optimizer == "momentum":
        if tau >= 1:
            return math.inf
        return 2.0 * (1 + mu) / ((1 - tau) * lmax)
    if tau != 0:  # torch refuses Nesterov with dampening
        return None
    return 2.0 * (1 + mu) / ((1 + 2 * mu) * lmax)


def fastest_learning_rate(optimizer: str, lmin: float, lmax: float) -> float | None:
    """The learning rate that converges fastest on every mode at once: gradient
    descent's 2/(λ_min + λ_max); None for the others (it depends on μ jointly)."""
    if optimizer != "gd" or not lmax > 0:
        return None
    return 2.0 / (lmax + max(lmin, 0.0))


class RateLimits(NamedTuple):
    """Learning-rate limits on a quadratic loss (see :func:`rate_limits`)."""

    stable: float  #: full-batch gradient descent is stable below this: 2/λ_max
    fastest: float  #: and converges fastest at this: 2/(λ_max + λ_min)
    limit: float | None  #: the chosen optimizer's own stable limit (None: not known)
    lmax: float  #: the largest eigenvalue the optimizer sees (the steepest curvature)
    lmin: float  #: the smallest (0, not a tiny negative, when only rounding made it so)


def rate_limits(
    problem: Any,
    optimizer: str,
    hyperparams: Mapping[str, Any],
    theta: Sequence[float] | None = None,
) -> RateLimits | None:
    """The learning rates that matter for ``problem`` under ``optimizer``.

    The Hessian is the problem's constant one (line problems, quadratic surfaces;
    for a standardized problem, in the parameters the optimizer works on) or, when
    ``theta`` is given and the problem has none, the Hessian at ``theta``. None when
    there is no finite Hessian. Coupled weight decay is added to the curvatures.
    """
    h = problem.hessian()
    if h is None and theta is not None:
        h = hessian_at(problem, theta)
    if h is None:
        return None
    h = np.asarray(h, dtype=float)
    if not np.isfinite(h).all():
        return None
    hp = {**optim.get(optimizer).defaults(), **hyperparams}
    lmin, lmax = curvatures(h, optimizer, hp)
    if lmax > 0:
        stable, fastest = 2.0 / lmax, 2.0 / (lmax + max(lmin, 0.0))
    else:
        stable = fastest = math.inf
    return RateLimits(stable, fastest, learning_rate_limit(optimizer, hp, lmax), lmax, lmin)


def stability_advice(
    problem: Any, optimizer: str, hyperparams: Mapping[str, Any], full_batch: bool = True
) -> str:
    """A sentence on the stable learning rate when the current one is above it
    (full batch, constant Hessian, an optimizer whose limit is known), else ""."""
    if not full_batch:
        return ""
    limits = rate_limits(problem, optimizer, hyperparams)
    if limits is None:
        return ""
    lr = float(np.max(hyperparams["lr"]))
    title = optim.get(optimizer).title
    if limits.limit is None:
        hp = {**optim.get(optimizer).defaults(), **hyperparams}
        if optimizer in ("momentum", "nesterov") and float(hp.get("momentum", 0)) >= 1:
            return Message(
                " {optimizer} with momentum μ ≥ 1 does not settle at any learning rate; use μ < 1.",
                optimizer=term(title),
            )
        return ""
    if lr < limits.limit:
        return ""
    rule = {
        "gd": "2/λ_max",
        "momentum": "2(1+μ)/((1−τ)·λ_max)",
        "nesterov": "2(1+μ)/((1+2μ)·λ_max)",
    }[optimizer]
    return Message(
        " Full-batch {optimizer} on this problem is stable only for a learning rate below "
        "{rule} = {limit:.6g}; it is {lr:.6g}.",
        optimizer=term(title.lower(), key=title),
        rule=rule,
        limit=limits.limit,
        lr=lr,
    )
