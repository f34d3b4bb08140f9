"""Learning-rate schedules that follow ``torch.optim.lr_scheduler`` step for step, in float64.

A schedule is a registry entry (:class:`ScheduleSpec`: a name, parameters with torch's
names, defaults, ranges and the rule) and a pure pair with explicit state, as in optax:

* ``init(base_lr) -> state``: what torch's scheduler constructor leaves in the optimizer;
* ``update(state) -> state``: one ``scheduler.step()``.

``state.lr`` is the learning rate for the next optimizer step and ``state.momentum`` the
momentum (SGD, RMSprop) or beta1 (Adam, AdamW) for it when ``onecycle`` cycles momentum,
else None. The rules repeat torch's own arithmetic in torch's order, including the
recursive ("chainable") forms of ``cosine`` and ``linear`` that torch uses when
``scheduler.step()`` is called once per step, so the values are torch's to the last bit.
They use only arithmetic on the learning rate, so ``base_lr`` may also be a numpy array of
per-run rates (shape ``(R, 1)``, as the optimizers take).

A schedule in an experiment file, and the same on the command line::

    "schedule": {"name": "cosine", "T_max": 100, "eta_min": 0.001, "every": "step"}
    --schedule "cosine:T_max=100,eta_min=0.001"       (lists: milestones=[30,60,90])

``every`` is ``"step"`` (the schedule advances after every optimizer step, the default) or
``"epoch"`` (after the last step of each epoch). :func:`validate` checks a JSON object and
:func:`parse` the command-line form; both return the same complete dict (defaults filled
in) or raise ``ValueError`` with one line naming the parameter. How a runner uses it::

    config = schedules.validate(obj["schedule"])     # or schedules.parse(text)
    sched = schedules.make(config, optimizer_name)   # ValueError if they cannot go together
    s = sched.init(hp["lr"])
    for k in range(1, steps + 1):                    # k: optimizer steps done after this one
        step_hp = schedules.apply(s, hp, optimizer_name)   # hp with this step's lr (/beta1)
        params, opt_state = opt.update(grads, opt_state, params, step_hp)
        if schedules.advances(config["every"], k, steps_per_epoch):
            s = sched.update(s)

The user changing the learning rate mid-run is torch's ``group["lr"] = new``:
``s = s._replace(lr=new)`` (the recursive rules continue from it; ``onecycle`` ignores it).
``onecycle`` raises ``ValueError`` past ``total_steps`` updates, as torch does.

Validation is stricter than torch where torch would fail late or produce nonsense:
step_size, T_max, total_iters and milestones are integers >= 1, gamma > 0, onecycle's
momenta < 1, three_phase needs pct_start <= 0.5, and pct_start·total_steps = 1 (an empty
warm-up, a division by zero in torch) is refused up front.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from . import optimizers
from .messages import Message

__all__ = [
    "EVERY",
    "SCHEDULES",
    "Param",
    "ScheduleError",
    "Schedule",
    "ScheduleSpec",
    "ScheduleState",
    "advances",
    "apply",
    "check_params",
    "get",
    "make",
    "momentum_key",
    "parse",
    "to_text",
    "validate",
]

EVERY = ("step", "epoch")


class ScheduleState(NamedTuple):
    """Torch's scheduler state: ``count`` is its ``last_epoch`` (updates so far)."""

    count: int  # type: ignore[assignment]  # the field shadows tuple.count
    lr: Any  # the learning rate for the next optimizer step
    momentum: Any  # onecycle's momentum / beta1 for the next step, or None
    base_lr: Any  # the lr before the schedule (torch's ``initial_lr``)


class Schedule(NamedTuple):
    """A pure schedule: ``init(base_lr)`` and ``update(state)``."""

    init: Callable[[Any], ScheduleState]
    update: Callable[[ScheduleState], ScheduleState]


_REQUIRED = object()


@dataclass(frozen=True)
class Param:
    """One schedule parameter, named as in torch."""

    name: str
    kind: str  # "int", "float", "bool", "ints" (a list of integers) or "choice"
    default: Any = _REQUIRED
    low: float | None = None
    high: float | None = None
    low_open: bool = False  # value must be > low rather than >= low
    high_open: bool = False  # value must be < high rather than <= high
    choices: tuple[str, ...] = ()
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    def _check_number(self, value: Any) -> str | None:
        return optimizers.bounds_error(value, self.low, self.high, self.low_open, self.high_open)

    def check(self, value: Any) -> str | None:
        """An error message for ``value``, or None when it is valid."""
        if self.kind == "bool":
            return (
                None
                if isinstance(value, bool)
                else Message("must be true or false, got {value!r}", value=value)
            )
        if self.kind == "choice":
            if value in self.choices:
                return None
            return Message(
                "must be one of {choices}, got {value!r}",
                choices=", ".join(self.choices),
                value=value,
            )
        if self.kind == "ints":
            if not isinstance(value, (list, tuple)) or not value:
                return Message("must be a non-empty list of integers, got {value!r}", value=value)
            for v in value:
                if isinstance(v, bool) or not isinstance(v, int):
                    return Message("must be a list of integers, got {value!r} in it", value=v)
                msg = self._check_number(v)
                if msg:
                    return msg
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return Message("must be a number, got {value!r}", value=value)
        if self.kind == "int" and not isinstance(value, int):
            return Message("must be an integer, got {value!r}", value=value)
        return self._check_number(value)


class ScheduleError(ValueError):
    """A schedule that cannot be used: one line (a Message) naming the schedule; ``key``
    is the parameter at fault ("" when none) and ``reason`` what is wrong with it (the
    whole message when there is no ``key``)."""

    def __init__(self, message: str, key: str = "", reason: str | None = None) -> None:
        super().__init__(message)
        self.key = key
        self.reason = message if reason is None else reason


def _param_error(name: str, key: str, reason: str) -> ScheduleError:
    """``schedule NAME: KEY REASON``, with the key and the reason kept apart."""
    message = Message("schedule {name}: {key} {reason}", name=name, key=key, reason=reason)
    return ScheduleError(message, key, reason)


@dataclass(frozen=True)
class ScheduleSpec:
    """A registry entry: the parameters a schedule takes and how to build it."""

    name: str
    torch: str  # the torch.optim.lr_scheduler equivalent
    params: tuple[Param, ...]
    rule: str  # the rule, as shown to users
    build: Callable[[dict[str, Any]], Schedule]

    def defaults(self) -> dict[str, Any]:
        """The parameters that have defaults (required ones are absent)."""
        return {p.name: p.default for p in self.params if not p.required}

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)


def _advance(rule: Callable[[int, ScheduleState], tuple[Any, Any]]) -> Schedule:
    """A schedule from ``rule(count, previous_state) -> (lr, momentum)``, which torch applies
    with count 0 in the constructor and count + 1 on every ``step()``."""

    def init(base_lr: Any) -> ScheduleState:
        lr, momentum = rule(0, ScheduleState(-1, base_lr, None, base_lr))
        return ScheduleState(0, lr, momentum, base_lr)

    def update(state: ScheduleState) -> ScheduleState:
        count = state.count + 1
        lr, momentum = rule(count, state)
        return ScheduleState(count, lr, momentum, state.base_lr)

    return Schedule(init, update)


# --- the rules, each as torch's get_lr() --------------------------------------------------


def _step(p: dict[str, Any]) -> Schedule:
    step_size, gamma = p["step_size"], p["gamma"]

    def rule(k: int, s: ScheduleState):
        if k == 0 or k % step_size != 0:
            return s.lr, None
        return s.lr * gamma, None

    return _advance(rule)


def _multistep(p: dict[str, Any]) -> Schedule:
    milestones, gamma = Counter(p["milestones"]), p["gamma"]

    def rule(k: int, s: ScheduleState):
        if k not in milestones:
            return s.lr, None
        return s.lr * gamma ** milestones[k], None

    return _advance(rule)


def _exponential(p: dict[str, Any]) -> Schedule:
    gamma = p["gamma"]

    def rule(k: int, s: ScheduleState):
        return (s.lr, None) if k == 0 else (s.lr * gamma, None)

    return _advance(rule)


def _cosine(p: dict[str, Any]) -> Schedule:
    T_max, eta_min = p["T_max"], p["eta_min"]

    def rule(k: int, s: ScheduleState):
        if k == 0:
            return s.lr, None
        if (k - 1 - T_max) % (2 * T_max) == 0:  # the bottom: the ratio below would be 0/0
            return s.lr + (s.base_lr - eta_min) * (1 - math.cos(math.pi / T_max)) / 2, None
        ratio = (1 + math.cos(math.pi * k / T_max)) / (1 + math.cos(math.pi * (k - 1) / T_max))
        return ratio * (s.lr - eta_min) + eta_min, None

    return _advance(rule)


def _linear(p: dict[str, Any]) -> Schedule:
    start, end, total = p["start_factor"], p["end_factor"], p["total_iters"]

    def rule(k: int, s: ScheduleState):
        if k == 0:
            return s.lr * start, None
        if k > total:
            return s.lr, None
        return s.lr * (1.0 + (end - start) / (total * start + (k - 1) * (end - start))), None

    return _advance(rule)


def _anneal_cos(start: float, end: float, pct: float) -> float:
    cos_out = math.cos(math.pi * pct) + 1
    return end + (start - end) / 2.0 * cos_out


def _anneal_linear(start: float, end: float, pct: float) -> float:
    return (end - start) * pct + start


def _onecycle(p: dict[str, Any]) -> Schedule:
    total, pct_start = p["total_steps"], float(p["pct_start"])
    initial_lr = p["max_lr"] / p["div_factor"]
    values = {
        "initial_lr": initial_lr,
        "max_lr": p["max_lr"],
        "min_lr": initial_lr / p["final_div_factor"],
        "base_momentum": p["base_momentum"],
        "max_momentum": p["max_momentum"],
    }
    up = float(pct_start * total) - 1
    if p["three_phase"]:
        phases = [
            (up, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
            (
                float(2 * pct_start * total) - 2,
                "max_lr",
                "initial_lr",
                "base_momentum",
                "max_momentum",
            ),
            (total - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"),
        ]
    else:
        phases = [
            (up, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
            (total - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
        ]
    anneal = _anneal_cos if p["anneal_strategy"] == "cos" else _anneal_linear
    cycle = p["cycle_momentum"]

    def rule(k: int, s: ScheduleState):
        if k > total:
            raise ScheduleError(
                Message(
                    "schedule onecycle: stepped {count} times, past total_steps = {total}",
                    count=k,
                    total=total,
                )
            )
        start_step = 0.0
        for i, (end_step, lr0, lr1, m0, m1) in enumerate(phases):
            if k <= end_step or i == len(phases) - 1:
                if end_step == start_step:
                    raise ScheduleError(
                        Message(
                            "schedule onecycle: pct_start = {pct_start:g} with "
                            "total_steps = {total} leaves a phase with no steps",
                            pct_start=pct_start,
                            total=total,
                        )
                    )
                pct = (k - start_step) / (end_step - start_step)
                lr = anneal(values[lr0], values[lr1], pct)
                return lr, anneal(values[m0], values[m1], pct) if cycle else None
            start_step = end_step
        raise AssertionError("unreachable: the last phase always matches")

    return _advance(rule)


# --- the registry ---------------------------------------------------------------------

_GAMMA = Param(
    "gamma", "float", 0.1, low=0.0, low_open=True, doc="γ: the factor the rate is multiplied by"
)

SCHEDULES: dict[str, ScheduleSpec] = {
    spec.name: spec
    for spec in [
        ScheduleSpec(
            "step",
            "torch.optim.lr_scheduler.StepLR",
            (Param("step_size", "int", low=1, doc="steps between decays"), _GAMMA),
            "η ← η·γ after every step_size updates",
            _step,
        ),
        ScheduleSpec(
            "multistep",
            "torch.optim.lr_scheduler.MultiStepLR",
            (
                Param(
                    "milestones",
                    "ints",
                    low=1,
                    doc="the updates after which η decays (a milestone listed twice decays twice)",
                ),
                _GAMMA,
            ),
            "η ← η·γ^c at update t, c = how often t is among the milestones",
            _multistep,
        ),
        ScheduleSpec(
            "exponential",
            "torch.optim.lr_scheduler.ExponentialLR",
            (
                Param(
                    "gamma",
                    "float",
                    low=0.0,
                    low_open=True,
                    doc="γ: the factor the rate is multiplied by",
                ),
            ),
            "η ← η·γ after every update",
            _exponential,
        ),
        ScheduleSpec(
            "cosine",
            "torch.optim.lr_scheduler.CosineAnnealingLR",
            (
                Param("T_max", "int", low=1, doc="updates from η₀ down to eta_min"),
                Param("eta_min", "float", 0.0, low=0.0, doc="the smallest rate"),
            ),
            "η_t = eta_min + (η₀ − eta_min)·(1 + cos(π·t/T_max))/2, computed as torch does: "
            "recursively, η_t = (η_{t−1} − eta_min)·(1 + cos(π·t/T_max))/(1 + cos(π·(t−1)/T_max))"
            " + eta_min; past T_max it rises again",
            _cosine,
        ),
        ScheduleSpec(
            "linear",
            "torch.optim.lr_scheduler.LinearLR",
            (
                Param(
                    "start_factor",
                    "float",
                    1.0 / 3,
                    low=0.0,
                    low_open=True,
                    high=1.0,
                    doc="η₀ is multiplied by this at the start",
                ),
                Param(
                    "end_factor",
                    "float",
                    1.0,
                    low=0.0,
                    high=1.0,
                    doc="… and by this after total_iters updates",
                ),
                Param("total_iters", "int", 5, low=1, doc="updates from start to end factor"),
            ),
            "η_t = η₀·(start_factor + (end_factor − start_factor)·min(t, total_iters)/"
            "total_iters), computed recursively as torch does",
            _linear,
        ),
        ScheduleSpec(
            "onecycle",
            "torch.optim.lr_scheduler.OneCycleLR",
            (
                Param("max_lr", "float", low=0.0, low_open=True, doc="the peak rate"),
                Param("total_steps", "int", low=1, doc="updates in the cycle"),
                Param(
                    "pct_start",
                    "float",
                    0.3,
                    low=0.0,
                    high=1.0,
                    doc="fraction of the cycle spent warming up",
                ),
                Param(
                    "anneal_strategy",
                    "choice",
                    "cos",
                    choices=("cos", "linear"),
                    doc="the shape of each phase",
                ),
                Param(
                    "cycle_momentum",
                    "bool",
                    True,
                    doc="cycle the momentum (or Adam's beta1) opposite to the rate",
                ),
                Param(
                    "base_momentum",
                    "float",
                    0.85,
                    low=0.0,
                    high=1.0,
                    high_open=True,
                    doc="momentum at the peak rate",
                ),
                Param(
                    "max_momentum",
                    "float",
                    0.95,
                    low=0.0,
                    high=1.0,
                    high_open=True,
                    doc="momentum at the start and the end",
                ),
                Param(
                    "div_factor",
                    "float",
                    25.0,
                    low=0.0,
                    low_open=True,
                    doc="the start rate is max_lr/div_factor",
                ),
                Param(
                    "final_div_factor",
                    "float",
                    1e4,
                    low=0.0,
                    low_open=True,
                    doc="the final rate is the start rate/final_div_factor",
                ),
                Param(
                    "three_phase",
                    "bool",
                    False,
                    doc="warm up, come back down to the start rate, then anneal",
                ),
            ),
            "η rises from max_lr/div_factor to max_lr over pct_start of total_steps, then "
            "anneals to max_lr/(div_factor·final_div_factor); the optimizer's own lr is ignored",
            _onecycle,
        ),
    ]
}


def get(name: str) -> ScheduleSpec:
    """The registry entry for ``name``; KeyError lists the valid names."""
    try:
        return SCHEDULES[name]
    except KeyError:
        raise KeyError(f"unknown schedule {name!r}; choose one of {', '.join(SCHEDULES)}") from None


def check_params(name: str, params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Validate ``params`` (without ``name`` and ``every``) for schedule ``name``: a list of
    (parameter, message), empty when valid. Unknown and missing required ones are errors."""
    spec = get(name)
    known = {p.name: p for p in spec.params}
    errors: list[tuple[str, str]] = []
    for key, value in params.items():
        if key not in known:
            errors.append(
                (
                    key,
                    Message(
                        "unknown parameter for {name}; expected one of {names}",
                        name=name,
                        names=", ".join(known),
                    ),
                )
            )
            continue
        msg = known[key].check(value)
        if msg:
            errors.append((key, msg))
    errors += [
        (p.name, Message("is required")) for p in spec.params if p.required and p.name not in params
    ]
    if name == "onecycle" and not errors:
        full = {**spec.defaults(), **params}
        if full["three_phase"] and full["pct_start"] > 0.5:
            errors.append(
                (
                    "pct_start",
                    Message(
                        "must be <= 0.5 with three_phase, got {value!r}", value=full["pct_start"]
                    ),
                )
            )
        elif full["pct_start"] * full["total_steps"] == 1:
            errors.append(
                (
                    "pct_start",
                    Message("leaves the warm-up with no steps (pct_start·total_steps = 1)"),
                )
            )
    return errors


def validate(config: Mapping[str, Any]) -> dict[str, Any]:
    """A complete schedule config (defaults filled in) from its JSON object; ``ValueError``
    with one line naming the first bad parameter."""
    if not isinstance(config, Mapping):
        raise ScheduleError(
            Message("schedule must be an object with a name, got {value!r}", value=config)
        )
    name = config.get("name")
    if not isinstance(name, str) or name not in SCHEDULES:
        raise ScheduleError(
            Message(
                "schedule: unknown name {name!r}; choose one of {names}",
                name=name,
                names=", ".join(SCHEDULES),
            )
        )
    every = config.get("every", "step")
    if every not in EVERY:
        raise _param_error(
            name, "every", Message("must be step or epoch, got {value!r}", value=every)
        )
    params = {k: v for k, v in config.items() if k not in ("name", "every")}
    errors = check_params(name, params)
    if errors:
        key, msg = errors[0]
        raise _param_error(name, key, msg)
    full = {**get(name).defaults(), **params}
    return {"name": name, **{p.name: full[p.name] for p in get(name).params}, "every": every}


_ITEM = re.compile(r"\s*([A-Za-z_]\w*)\s*=\s*(\[[^\]]*\]|[^,\[\]]*?)\s*(?:,|$)")


def _value(spec: ScheduleSpec, key: str, text: str) -> Any:
    """A command-line value in the type its parameter takes (the check comes later)."""
    try:
        kind = "choice" if key == "every" else spec.param(key).kind
    except KeyError:
        return text  # validate() names it as unknown
    try:
        if kind == "bool":
            return {"true": True, "false": False}.get(text.lower(), text)
        if kind == "choice":
            return text
        if kind == "ints":
            inner = text.strip()[1:-1] if text.strip().startswith("[") else text
            return [int(v) for v in inner.split(",") if v.strip()]
        if kind == "int":
            return int(text)
        return float(text)
    except ValueError:
        reason = Message(
            "must be a number, got {value!r}"
            if kind == "float"
            else "must be an integer, got {value!r}",
            value=text,
        )
        raise _param_error(spec.name, key, reason) from None


def parse(text: str) -> dict[str, Any]:
    """``"cosine:T_max=100,eta_min=0.001"`` as :func:`validate` returns it. Lists go in
    brackets (``milestones=[30,60,90]``); ``every=epoch`` may be among the items."""
    name, _, rest = text.partition(":")
    name = name.strip()
    if name not in SCHEDULES:
        raise ScheduleError(
            Message(
                "--schedule: unknown name {name!r}; choose one of {names}",
                name=name,
                names=", ".join(SCHEDULES),
            )
        )
    spec, config, pos = get(name), {"name": name}, 0
    rest = rest.strip()
    while pos < len(rest):
        m = _ITEM.match(rest, pos)
        if m is None or m.end() == pos:
            raise ScheduleError(
                Message(
                    "--schedule {name}: cannot read {text!r}; "
                    "write key=value items separated by commas",
                    name=name,
                    text=rest[pos:],
                )
            )
        key, raw = m.group(1), m.group(2)
        if key in config:
            raise ScheduleError(
                Message("--schedule {name}: {key} is given twice", name=name, key=key), key
            )
        config[key] = _value(spec, key, raw)
        pos = m.end()
    return validate(config)


def to_text(config: Mapping[str, Any]) -> str:
    """The command-line form of a config (the inverse of :func:`parse`)."""
    items = []
    for key, value in config.items():
        if key == "name":
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            value = "[" + ",".join(str(v) for v in value) + "]"
        elif isinstance(value, float):
            value = repr(value)
        items.append(f"{key}={value}")
    return f"{config['name']}:" + ",".join(items)


def momentum_key(optimizer: str) -> str | None:
    """The hyperparameter onecycle cycles for ``optimizer``, as torch picks it: Adam's beta1,
    else the momentum; None when the optimizer has neither (gd, adagrad)."""
    names = optimizers.get(optimizer).defaults()
    if "beta1" in names:
        return "beta1"
    return "momentum" if "momentum" in names else None


def make(config: Mapping[str, Any], optimizer: str | None = None) -> Schedule:
    """The schedule for a config (validated here too). With ``optimizer``, also checks that
    onecycle's momentum cycling has something to cycle, as torch does."""
    full = validate(config)
    if (
        optimizer is not None
        and full["name"] == "onecycle"
        and full["cycle_momentum"]
        and momentum_key(optimizer) is None
    ):
        raise _param_error(
            "onecycle",
            "cycle_momentum",
            Message(
                "needs momentum or beta1, which {optimizer} has not; set cycle_momentum=false",
                optimizer=optimizer,
            ),
        )
    params = {k: v for k, v in full.items() if k not in ("name", "every")}
    return get(full["name"]).build(params)


def apply(state: ScheduleState, hp: Mapping[str, Any], optimizer: str) -> dict[str, Any]:
    """``hp`` with the schedule's lr (and momentum or beta1) for the next optimizer step."""
    out = {**hp, "lr": state.lr}
    if state.momentum is not None:
        key = momentum_key(optimizer)
        if key is not None:
            out[key] = state.momentum
    return out


def advances(every: str, steps_done: int, steps_per_epoch: int) -> bool:
    """Whether the schedule updates after optimizer step number ``steps_done`` (1-based):
    always with ``every = "step"``, after each epoch's last step with ``"epoch"``."""
    if every == "step":
        return True
    if every == "epoch":
        return steps_per_epoch > 0 and steps_done % steps_per_epoch == 0
    raise ScheduleError(
        Message("schedule: every must be step or epoch, got {value!r}", value=every), "every"
    )
