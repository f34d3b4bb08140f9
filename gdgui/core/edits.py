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

Every edit is O(1) in the number of points: the data is shared.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import optimizers as optim
from .experiment import DOUBLING, Experiment, ExperimentError, ProblemConfig

__all__ = ["apply", "hyperparam_users", "schedule_conflict", "set_hyperparams",
           "set_optimizer", "set_problem", "set_schedule"]


def set_problem(exp: Experiment, problem: ProblemConfig | Mapping[str, Any],
                data: Any = None) -> Experiment:
    """``exp`` with another problem (and optionally data), by the rules above."""
    if not isinstance(problem, ProblemConfig):
        problem = ProblemConfig.from_json(problem)  # validates: errors name "problem.*"
    changes: dict[str, Any] = {"problem": problem}
    if problem.name != exp.problem.name:
        changes["init"] = None
    if problem.is_line:
        changes["data"] = data if data is not None else exp.data or DOUBLING
    elif data is not None:
        raise ExperimentError([("data", f"the problem {problem.name} takes no data")])
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


def schedule_conflict(schedule: Mapping[str, Any] | None, optimizer: str) -> str:
    """Why the optimizer ``optimizer`` cannot take ``schedule`` ("" when it can)."""
    from . import schedules

    if schedule is None:
        return ""
    try:
        schedules.make(schedule, optimizer)
    except ValueError as e:
        return str(e)
    return ""


def set_schedule(exp: Experiment, schedule: Mapping[str, Any] | str | None) -> Experiment:
    """``exp`` with a learning-rate schedule: its JSON object, the command-line text
    (``"cosine:T_max=100"``) or None for none. Errors name ``schedule.<parameter>``."""
    if isinstance(schedule, str):
        from . import schedules

        try:
            schedule = schedules.parse(schedule)
        except ValueError as e:
            raise ExperimentError([("schedule", str(e))]) from None
    return exp.replace(schedule=schedule)
