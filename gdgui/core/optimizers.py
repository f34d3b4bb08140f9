"""Optimizers as pure (init, update) pairs with explicit state.

Each optimizer follows PyTorch's ``torch.optim`` documentation step for step
(same defaults, same order of operations, same edge cases), in float64:

* ``init(params) -> state``
* ``update(grads, state, params, hp) -> (new_params, new_state)``

``hp`` is a mapping of hyperparameters passed on every call, so they can change
between steps (the window changes the learning rate mid-run) without touching
the state. Nothing is mutated.

The rules are elementwise and use only arithmetic operators, so the same code
runs on Python floats (the fast path for one run, coordinate by coordinate) and
on numpy arrays of any shape (many runs at once, ``(R, P)``, with per-run
hyperparameters of shape ``(R, 1)``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

import numpy as np

from .messages import Message

__all__ = [
    "OPTIMIZERS",
    "Hyperparam",
    "Optimizer",
    "OptimizerSpec",
    "check_hyperparams",
    "get",
]


def _sqrt(a):
    return math.sqrt(a) if isinstance(a, float) else np.sqrt(a)


def _maximum(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return a if a >= b or b != b else b
    return np.maximum(a, b)


def _on(h) -> bool:
    """Whether a hyperparameter switches its term on. Per-run arrays always do: the
    term then reduces exactly to the plain rule for the runs whose value is 0."""
    return h != 0 if isinstance(h, (int, float)) else True


def _zeros_like(a):
    return 0.0 if isinstance(a, float) else np.zeros_like(a, dtype=float)


def _full_like(a, value: float):
    return float(value) if isinstance(a, float) else np.full_like(a, value, dtype=float)


class Optimizer(NamedTuple):
    """A pure optimizer: ``init(params)`` and ``update(grads, state, params, hp)``."""

    init: Callable[[Any], Any]
    update: Callable[[Any, Any, Any, Mapping[str, Any]], tuple[Any, Any]]


@dataclass(frozen=True)
class Hyperparam:
    """One hyperparameter: its default, valid range and how to edit it."""

    name: str
    default: float | bool
    low: float | None = None  # smallest allowed value
    high: float | None = None  # largest allowed value
    low_open: bool = False  # value must be > low rather than >= low
    high_open: bool = False  # value must be < high rather than <= high
    log: bool = False  # edited on a log scale (learning rates, eps)
    ui_range: tuple[float, float] | None = None  # sensible slider range
    doc: str = ""

    @property
    def is_bool(self) -> bool:
        return isinstance(self.default, bool)

    def check(self, value: Any) -> str | None:
        """An error message for ``value``, or None when it is valid."""
        if self.is_bool:
            return (
                None
                if isinstance(value, bool)
                else Message("must be true or false, got {value!r}", value=value)
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return Message("must be a number, got {value!r}", value=value)
        return bounds_error(value, self.low, self.high, self.low_open, self.high_open)


def bounds_error(
    value: Any,
    low: float | None,
    high: float | None,
    low_open: bool = False,
    high_open: bool = False,
) -> Message | None:
    """Why the number ``value`` is not finite or not within ``low``..``high`` (open or
    closed at either end), or None (the optimizers' and the schedules' parameters)."""
    v = float(value)
    if not math.isfinite(v):
        return Message("must be finite, got {value!r}", value=value)
    if low is not None and (v <= low if low_open else v < low):
        return Message(
            "must be > {low:g}, got {value!r}" if low_open else "must be >= {low:g}, got {value!r}",
            low=low,
            value=value,
        )
    if high is not None and (v >= high if high_open else v > high):
        return Message(
            "must be < {high:g}, got {value!r}"
            if high_open
            else "must be <= {high:g}, got {value!r}",
            high=high,
            value=value,
        )
    return None


@dataclass(frozen=True)
class OptimizerSpec:
    """A registry entry: how to build an optimizer and what it accepts."""

    name: str
    title: str
    make: Callable[[], Optimizer]
    hyperparams: tuple[Hyperparam, ...]
    rule: str  # the update rule, as shown to users
    torch: str  # the torch.optim equivalent

    def defaults(self) -> dict[str, float | bool]:
        return {h.name: h.default for h in self.hyperparams}

    def hyperparam(self, name: str) -> Hyperparam:
        for h in self.hyperparams:
            if h.name == name:
                return h
        raise KeyError(name)


# --- hyperparameters -------------------------------------------------------------------


def _lr(default: float) -> Hyperparam:
    return Hyperparam(
        "lr",
        default,
        low=0.0,
        low_open=True,
        log=True,
        ui_range=(1e-5, 10.0),
        doc="learning rate η: the size of each step along −∇L",
    )


_WEIGHT_DECAY = Hyperparam(
    "weight_decay",
    0.0,
    low=0.0,
    ui_range=(0.0, 1.0),
    doc="L2 penalty λ: adds λ·θ to the gradient",
)
_MOMENTUM = Hyperparam(
    "momentum",
    0.9,
    low=0.0,
    ui_range=(0.0, 0.999),
    doc="momentum factor μ: how much of the previous step is kept",
)
_DAMPENING = Hyperparam(
    "dampening",
    0.0,
    low=0.0,
    high=1.0,
    ui_range=(0.0, 1.0),
    doc="dampening τ: the new gradient enters the velocity with weight 1 − τ",
)
_EPS = Hyperparam(
    "eps",
    1e-8,
    low=0.0,
    log=True,
    ui_range=(1e-12, 1e-1),
    doc="ε: added to the denominator for numerical stability",
)
_BETA1 = Hyperparam(
    "beta1",
    0.9,
    low=0.0,
    high=1.0,
    high_open=True,
    ui_range=(0.0, 0.999),
    doc="β₁: decay rate of the running mean of gradients",
)
_BETA2 = Hyperparam(
    "beta2",
    0.999,
    low=0.0,
    high=1.0,
    high_open=True,
    ui_range=(0.0, 0.9999),
    doc="β₂: decay rate of the running mean of squared gradients",
)
_AMSGRAD = Hyperparam(
    "amsgrad",
    False,
    doc="AMSGrad: divide by the largest second moment seen so far",
)


# --- gd / momentum / nesterov (torch.optim.SGD) ---------------------------------------


class SGDState(NamedTuple):
    step: int
    momentum_buffer: Any  # None until the first step with momentum


def _sgd(momentum_default: float | None, nesterov: bool) -> Optimizer:
    """torch.optim.SGD. With ``momentum_default`` None the rule is plain GD."""

    def init(params):
        return SGDState(0, None)

    def update(grads, state, params, hp):
        lr = hp["lr"]
        wd = hp.get("weight_decay", 0.0)
        g = grads
        if _on(wd):
            g = g + wd * params
        buf = state.momentum_buffer
        if momentum_default is not None:
            mu = hp.get("momentum", momentum_default)
            tau = hp.get("dampening", 0.0)
            if _on(mu):
                # torch: the first step initialises the buffer with the gradient itself
                buf = g if buf is None else mu * buf + (1 - tau) * g
                g = g + mu * buf if nesterov else buf
        return params - lr * g, SGDState(state.step + 1, buf)

    return Optimizer(init, update)


# --- adagrad ------------------------------------------------------------------------------


class AdagradState(NamedTuple):
    step: int
    sum: Any


def _adagrad() -> Optimizer:
    def init(params):
        return AdagradState(0, None)

    def update(grads, state, params, hp):
        lr, lr_decay, eps = hp["lr"], hp.get("lr_decay", 0.0), hp.get("eps", 1e-10)
        wd = hp.get("weight_decay", 0.0)
        step = state.step + 1
        g = grads + wd * params if _on(wd) else grads
        acc = state.sum
        if acc is None:  # the accumulator starts at initial_accumulator_value
            acc = _full_like(params, hp.get("initial_accumulator_value", 0.0))
        clr = lr / (1 + (step - 1) * lr_decay)
        acc = acc + g * g
        return params - clr * (g / (_sqrt(acc) + eps)), AdagradState(step, acc)

    return Optimizer(init, update)


# --- rmsprop ------------------------------------------------------------------------------


class RMSpropState(NamedTuple):
    step: int
    square_avg: Any
    grad_avg: Any
    momentum_buffer: Any


def _rmsprop() -> Optimizer:
    def init(params):
        z = _zeros_like(params)
        return RMSpropState(0, z, z, z)

    def update(grads, state, params, hp):
        lr, alpha, eps = hp["lr"], hp.get("alpha", 0.99), hp.get("eps", 1e-8)
        wd, mu = hp.get("weight_decay", 0.0), hp.get("momentum", 0.0)
        g = grads + wd * params if _on(wd) else grads
        square_avg = alpha * state.square_avg + (1 - alpha) * (g * g)
        grad_avg = state.grad_avg
        if hp.get("centered", False):
            grad_avg = grad_avg + (1 - alpha) * (g - grad_avg)  # torch: lerp_(grad, 1-α)
            avg = _sqrt(square_avg - grad_avg * grad_avg) + eps
        else:
            avg = _sqrt(square_avg) + eps
        buf = state.momentum_buffer
        if _on(mu):
            buf = mu * buf + g / avg
            new = params - lr * buf
        else:
            new = params - lr * (g / avg)
        return new, RMSpropState(state.step + 1, square_avg, grad_avg, buf)

    return Optimizer(init, update)


# --- adam / adamw ----------------------------------------------------------------------


class AdamState(NamedTuple):
    step: int
    exp_avg: Any
    exp_avg_sq: Any
    max_exp_avg_sq: Any


def _adam(decoupled: bool) -> Optimizer:
    """torch.optim.Adam (L2 weight decay) or AdamW (decoupled weight decay)."""

    def init(params):
        z = _zeros_like(params)
        return AdamState(0, z, z, z)

    def update(grads, state, params, hp):
        lr, eps = hp["lr"], hp.get("eps", 1e-8)
        b1, b2 = hp.get("beta1", 0.9), hp.get("beta2", 0.999)
        wd = hp.get("weight_decay", 1e-2 if decoupled else 0.0)
        step = state.step + 1
        g = grads
        if decoupled:
            params = params * (1 - lr * wd)
        elif _on(wd):
            g = g + wd * params
        m = state.exp_avg + (1 - b1) * (g - state.exp_avg)  # torch: lerp_(grad, 1-β₁)
        v = b2 * state.exp_avg_sq + (1 - b2) * (g * g)
        bc1 = 1 - b1**step
        bc2_sqrt = _sqrt(1 - b2**step)
        vmax = state.max_exp_avg_sq
        if hp.get("amsgrad", False):
            vmax = _maximum(vmax, v)  # torch keeps the max of the raw second moment
            denom = _sqrt(vmax) / bc2_sqrt + eps
        else:
            denom = _sqrt(v) / bc2_sqrt + eps
        return params - (lr / bc1) * (m / denom), AdamState(step, m, v, vmax)

    return Optimizer(init, update)


# --- the registry --------------------------------------------------------------------

OPTIMIZERS: dict[str, OptimizerSpec] = {
    spec.name: spec
    for spec in [
        OptimizerSpec(
            "gd",
            "Gradient descent",
            partial(_sgd, None, False),
            (_lr(1e-3), _WEIGHT_DECAY),
            "θ ← θ − η·g,  g = ∇L(θ) + λθ",
            "torch.optim.SGD(lr)",
        ),
        OptimizerSpec(
            "momentum",
            "Momentum",
            partial(_sgd, 0.9, False),
            (_lr(1e-3), _MOMENTUM, _DAMPENING, _WEIGHT_DECAY),
            "b ← μ·b + (1−τ)·g (b₁ = g);  θ ← θ − η·b",
            "torch.optim.SGD(lr, momentum, dampening)",
        ),
        OptimizerSpec(
            "nesterov",
            "Nesterov momentum",
            partial(_sgd, 0.9, True),
            (_lr(1e-3), _MOMENTUM, _DAMPENING, _WEIGHT_DECAY),
            "b ← μ·b + (1−τ)·g (b₁ = g);  θ ← θ − η·(g + μ·b)",
            "torch.optim.SGD(lr, momentum, nesterov=True)",
        ),
        OptimizerSpec(
            "adagrad",
            "Adagrad",
            _adagrad,
            (
                _lr(1e-2),
                Hyperparam(
                    "lr_decay",
                    0.0,
                    low=0.0,
                    ui_range=(0.0, 1.0),
                    doc="learning-rate decay: η_t = η / (1 + (t−1)·decay)",
                ),
                _WEIGHT_DECAY,
                Hyperparam(
                    "initial_accumulator_value",
                    0.0,
                    low=0.0,
                    ui_range=(0.0, 1.0),
                    doc="starting value of the sum of squared gradients",
                ),
                Hyperparam(
                    "eps",
                    1e-10,
                    low=0.0,
                    log=True,
                    ui_range=(1e-12, 1e-1),
                    doc="ε: added to the denominator for numerical stability",
                ),
            ),
            "s ← s + g²;  θ ← θ − η_t·g / (√s + ε)",
            "torch.optim.Adagrad",
        ),
        OptimizerSpec(
            "rmsprop",
            "RMSprop",
            _rmsprop,
            (
                _lr(1e-2),
                Hyperparam(
                    "alpha",
                    0.99,
                    low=0.0,
                    high=1.0,
                    ui_range=(0.0, 0.9999),
                    doc="α: smoothing constant of the running mean of g²",
                ),
                _EPS,
                _WEIGHT_DECAY,
                Hyperparam(
                    "momentum",
                    0.0,
                    low=0.0,
                    ui_range=(0.0, 0.999),
                    doc="momentum factor μ applied to the scaled step",
                ),
                Hyperparam(
                    "centered",
                    False,
                    doc="centered: divide by an estimate of the gradient's variance",
                ),
            ),
            "v ← α·v + (1−α)·g²;  θ ← θ − η·g / (√v + ε)",
            "torch.optim.RMSprop",
        ),
        OptimizerSpec(
            "adam",
            "Adam",
            partial(_adam, False),
            (_lr(1e-3), _BETA1, _BETA2, _EPS, _WEIGHT_DECAY, _AMSGRAD),
            "m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − η·m̂ / (√v̂ + ε)",
            "torch.optim.Adam",
        ),
        OptimizerSpec(
            "adamw",
            "AdamW",
            partial(_adam, True),
            (
                _lr(1e-3),
                _BETA1,
                _BETA2,
                _EPS,
                Hyperparam(
                    "weight_decay",
                    1e-2,
                    low=0.0,
                    ui_range=(0.0, 1.0),
                    doc="decoupled weight decay λ: θ ← θ − η·λ·θ before the Adam step",
                ),
                _AMSGRAD,
            ),
            "θ ← θ·(1 − ηλ);  then the Adam step without L2",
            "torch.optim.AdamW",
        ),
    ]
}


def get(name: str) -> OptimizerSpec:
    """The registry entry for ``name``; KeyError lists the valid names."""
    try:
        return OPTIMIZERS[name]
    except KeyError:
        raise KeyError(
            f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}"
        ) from None


def check_hyperparams(name: str, hp: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Validate ``hp`` for optimizer ``name``: a list of (key, message), empty when valid.

    Unknown keys are errors. Cross-field rules follow torch (Nesterov momentum needs
    momentum > 0 and zero dampening).
    """
    spec = get(name)
    errors: list[tuple[str, str]] = []
    known = {h.name: h for h in spec.hyperparams}
    for key, value in hp.items():
        if key not in known:
            errors.append(
                (
                    key,
                    Message(
                        "unknown hyperparameter for {name}; expected one of {names}",
                        name=name,
                        names=", ".join(known),
                    ),
                )
            )
            continue
        msg = known[key].check(value)
        if msg:
            errors.append((key, msg))
    if name == "nesterov" and not errors:
        full = {**spec.defaults(), **hp}
        if full["momentum"] <= 0:
            errors.append(("momentum", Message("Nesterov momentum requires momentum > 0")))
        if full["dampening"] != 0:
            errors.append(("dampening", Message("Nesterov momentum requires dampening = 0")))
    return errors
