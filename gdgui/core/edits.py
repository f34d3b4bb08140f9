"""The editing rules: what an edit of an experiment resets and what carries over.

The command line's options and the window's panels both edit through
:func:`apply`, so the same change gives the same experiment everywhere:

- a new problem (another name) resets ``init``; a problem keeps it when only its
  parameters, expression or domain change;
- going to a line problem brings data (the doubling preset unless data is given);
  going to a surface drops the data and ``standardize``;
- a new optimizer keeps the hyperparameters it shares with the old one, drops the
  others, and when a kept value is invalid for it (e.g. Nesterov's dampening) keeps
  only the learning rate, else nothing (its defaults);
- new data keeps ``init`` (the number of parameters is the same);
- a learning-rate schedule is kept across lr edits and optimizer changes, and dropped
  when the new optimizer cannot take it (onecycle's momentum cycling on gd or adagrad):
  :func:`schedule_conflict` says why;
- everything else is a plain :meth:`Experiment.replace`.

The window's panels edit through :func:`apply_with_notes`, which adds one rule:
a learning rate carried over to a new problem (another name) is checked against
the new problem's stable limit at its start (:func:`checked_rate`); past it, it
is lowered to a round rate below half the limit, and a note says so. A
learning rate given in the same edit always wins. The command line uses
:func:`apply` and :func:`set_problem`, which never change the rate by
themselves: what is typed there is what runs.

Every edit is O(1) in the number of points: the data is shared.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from . import optimizers as optim
from .experiment import DOUBLING, Experiment, ExperimentError, ProblemConfig
from .messages import Message

__all__ = [
    "apply",
    "apply_with_notes",
    "checked_rate",
    "hyperparam_users",
    "round_rate_below",
    "schedule_conflict",
    "set_hyperparams",
    "set_optimizer",
    "set_problem",
    "set_schedule",
]


def set_problem(
    exp: Experiment, problem: ProblemConfig | Mapping[str, Any], data: Any = None
) -> Experiment:
    """``exp`` with another problem (and optionally data), by the rules above."""
    if not isinstance(problem, ProblemConfig):
        problem = ProblemConfig.from_json(problem)  # validates: errors name "problem.*"
    changes: dict[str, Any] = {"problem": problem}
    if problem.name != exp.problem.name:
        changes["init"] = None
    if problem.is_line:
        changes["data"] = data if data is not None else exp.data or DOUBLING
    elif data is not None:
        raise ExperimentError(
            [("data", Message("the problem {problem} takes no data", problem=problem.name))]
        )
    return exp.replace(**changes)


def set_optimizer(exp: Experiment, name: str) -> Experiment:
    """``exp`` with the optimizer ``name``, carrying over what it shares."""
    if name == exp.optimizer_name:
        return exp
    if name not in optim.OPTIMIZERS:
        return exp.replace(optimizer={"name": name})  # raises optimizer.name: unknown
    known = optim.get(name).defaults()
    keep = {k: v for k, v in exp.optimizer.hyperparams.items() if k in known}
    if schedule_conflict(exp.schedule, name):
        exp = exp.replace(schedule=None)
    for hp in (keep, {k: v for k, v in keep.items() if k == "lr"}, {}):
        if not optim.check_hyperparams(name, hp):
            return exp.replace(optimizer={"name": name, **hp})
    raise AssertionError("an optimizer's defaults are valid")  # pragma: no cover


def hyperparam_users(key: str) -> list[str]:
    """The optimizers that take the hyperparameter ``key``."""
    return [n for n, s in optim.OPTIMIZERS.items() if key in s.defaults()]


def set_hyperparams(exp: Experiment, **hp: Any) -> Experiment:
    """``exp`` with hyperparameters changed (validated against its optimizer)."""
    return exp.replace(optimizer=hp)


def apply(exp: Experiment, **changes: Any) -> Experiment:
    """Apply ``changes`` (field names as in :meth:`Experiment.replace`) by the rules.

    ``optimizer`` with a ``name`` switches the optimizer first (carrying over what it
    shares), then sets the other keys given; ``problem`` goes through
    :func:`set_problem` together with ``data`` when both are given.
    """
    changes = dict(changes)
    new = exp
    if "problem" in changes:
        new = set_problem(new, changes.pop("problem"), changes.pop("data", None))
    opt = changes.pop("optimizer", None)
    if isinstance(opt, Mapping) and "name" in opt:
        new = set_optimizer(new, opt["name"])
        opt = {k: v for k, v in opt.items() if k != "name"}
    if opt:
        new = new.replace(optimizer=opt)
    return new.replace(**changes) if changes else new


def round_rate_below(limit: float) -> float:
    """The largest 1, 2 or 5 × 10^k at most half of ``limit`` (a rate with room)."""
    half = 0.5 * float(limit)
    k = math.floor(math.log10(half))
    for lead in (5.0, 2.0, 1.0):
        v = float(f"{lead}e{k}")
        if v <= half:
            return v
    return float(f"1e{k - 1}")  # pragma: no cover (1e k <= half by the floor)


def checked_rate(exp: Experiment, problem: Any = None) -> tuple[Experiment, str]:
    """``exp`` with its learning rate lowered when it is past the stable limit of its
    optimizer on its problem, and a note saying so ("" when it is fine).

    The limit is the one of :func:`gdgui.core.stability.rate_limits`: with the
    problem's constant Hessian, else the smallest of those at the start and at
    the known minima (where the run is headed); optimizers without
    a known limit (the adaptive ones, μ ≥ 1) and learning-rate schedules are left
    alone. ``problem``: ``exp.build_problem()`` when already built.
    """
    from .stability import rate_limits

    hp = {**optim.get(exp.optimizer_name).defaults(), **exp.hyperparams}
    lr = hp.get("lr")
    if not isinstance(lr, (int, float)) or isinstance(lr, bool):
        return exp, ""
    try:
        problem = problem if problem is not None else exp.build_problem()
        points = [exp.initial_params(problem)]
        if problem.hessian() is None:  # and where the run is headed: the known minima
            points += [np.asarray(m[0], dtype=float) for m in problem.minima()[:8]]
        with np.errstate(all="ignore"):
            found = [rate_limits(problem, exp.optimizer_name, hp, theta=t) for t in points]
    except (ValueError, ArithmeticError, OSError):
        return exp, ""
    limits = [
        f.limit
        for f in found
        if f is not None and f.limit is not None and math.isfinite(f.limit) and f.limit > 0
    ]
    if not limits or float(lr) < min(limits):
        return exp, ""
    limit = min(limits)
    new_lr = round_rate_below(limit)
    note = (
        f"learning rate {float(lr):g} is past the stable limit {limit:.3g} "
        f"of {exp.problem_name}: lowered to {new_lr:g}"
    )
    return exp.replace(optimizer={"lr": new_lr}), note


def apply_with_notes(exp: Experiment, **changes: Any) -> tuple[Experiment, list[str]]:
    """:func:`apply`, and a learning rate carried over to another problem checked
    (:func:`checked_rate`); returns the experiment and the notes for the user."""
    new = apply(exp, **changes)
    opt = changes.get("optimizer")
    lr_given = isinstance(opt, Mapping) and "lr" in opt
    notes: list[str] = []
    if new.problem_name != exp.problem_name and not lr_given:
        new, note = checked_rate(new)
        if note:
            notes.append(note)
    return new, notes


def schedule_conflict(schedule: Mapping[str, Any] | None, optimizer: str) -> str:
    """Why the optimizer ``optimizer`` cannot take ``schedule`` ("" when it can)."""
    from . import schedules

    if schedule is None:
        return ""
    try:
        schedules.make(schedule, optimizer)
    except ValueError as e:
        return e.args[0]
    return ""


def set_schedule(exp: Experiment, schedule: Mapping[str, Any] | str | None) -> Experiment:
    """``exp`` with a learning-rate schedule: its JSON object, the command-line text
    (``"cosine:T_max=100"``) or None for none. Errors name ``schedule.<parameter>``."""
    if isinstance(schedule, str):
        from . import schedules

        try:
            schedule = schedules.parse(schedule)
        except ValueError as e:
            raise ExperimentError([("schedule", e.args[0])]) from None
    return exp.replace(schedule=schedule)
