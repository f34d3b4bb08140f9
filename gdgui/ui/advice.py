"""A safe learning rate to offer when a run diverges (no Qt here).

:func:`safe_learning_rate` picks the rate the window's "Use η = …" button sets: for
gradient descent the fastest rate 2/(λ_min + λ_max) when it is clearly stable, else
:data:`MARGIN` × the optimizer's largest stable rate (:mod:`gdgui.core.stability`),
rounded down to two significant digits so it reads well and stays below the limit.
Problems without a constant Hessian (most surfaces) use the Hessian at the start
point: a local estimate, said so by ``local``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from ..core import stability

__all__ = ["MARGIN", "SafeRate", "round_down", "safe_learning_rate"]

#: the offered rate is at most this fraction of the largest stable one
MARGIN = 0.9


class SafeRate(NamedTuple):
    lr: float  #: the rate to use
    limit: float  #: the largest stable rate it was derived from
    local: bool  #: True when the Hessian is the one at the start (not constant)


def round_down(x: float, digits: int = 2) -> float:
    """``x`` > 0 rounded down to ``digits`` significant digits (0.1199 -> 0.11)."""
    if not (x > 0 and math.isfinite(x)):
        raise ValueError(f"round_down needs a positive finite number, not {x!r}")
    e = math.floor(math.log10(x)) - digits + 1
    q = math.floor(x / 10.0**e + 1e-9)
    return float(f"{q}e{e}")


def safe_learning_rate(
    problem: Any, optimizer: str, hyperparams: dict[str, Any], start: Sequence[float] | None = None
) -> SafeRate | None:
    """The rate to offer, or None when no stable limit is known (adaptive optimizers,
    μ ≥ 1, no finite positive curvature)."""
    constant = problem.hessian() is not None
    limits = stability.rate_limits(problem, optimizer, hyperparams, None if constant else start)
    if limits is None or limits.limit is None or not math.isfinite(limits.limit):
        return None
    lr = MARGIN * limits.limit
    if optimizer == "gd" and np.isfinite(limits.fastest) and limits.fastest < lr:
        lr = limits.fastest
    return SafeRate(round_down(lr), float(limits.limit), not constant)
