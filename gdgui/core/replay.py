"""Rebuild a run exactly at a step it passed, by replaying it (time travel, race edits).

A run is determined by the experiment it started from (its *base*: one run's
experiment, ``exp.run_experiment(i)``) and the hyperparameter changes made on the
way, its *log*: ``[(steps taken then, {name: value}), ...]`` in order. Seeded
mini-batches and gradient noise make the replay exact: :func:`replay` gives a
:class:`~gdgui.core.runner.Run` whose parameters, optimizer state, random generators
and status are those the run had after ``step`` steps, bit for bit.

:class:`Replay` does the same in slices (``advance(max_seconds=...)``), so a thread can
stop between slices; :func:`settings_at` gives the experiment as it stood at a step.

:func:`match_runs` says which runs of an experiment go on in an edited one (runs added,
duplicated or removed; a run whose settings changed starts over): what lets the GUI
keep a race's progress when the Runs dock adds or removes a run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from .experiment import Experiment
from .problems import Problem
from .runner import Run

__all__ = ["Replay", "ReplayLog", "match_runs", "replay", "settings_at"]

#: hyperparameter changes of one run: (steps taken when they were made, the changes)
ReplayLog = list[tuple[int, dict[str, Any]]]


class Replay:
    """``base``'s run on ``problem`` being advanced to ``step`` with the changes of
    ``log`` made at their steps (those after ``step`` are ignored)."""

    def __init__(self, base: Experiment, problem: Problem, log: ReplayLog, step: int):
        self.step = int(step)
        self.run: Run = base.build_run(problem)
        self._log = [(int(at), dict(hp)) for at, hp in log if int(at) <= self.step]
        self._next = 0
        self.done = False

    def advance(self, max_seconds: float | None = None) -> bool:
        """Replay for about ``max_seconds`` (None: to the end); True when the run is at
        ``step`` (or stopped on the way, as the original did)."""
        deadline = None if max_seconds is None else time.perf_counter() + max_seconds
        run = self.run
        while not self.done:
            entry = self._log[self._next] if self._next < len(self._log) else None
            target = self.step if entry is None else entry[0]
            left = target - run.step_count
            if left > 0 and not run.done:
                seconds = None if deadline is None else max(0.0, deadline - time.perf_counter())
                run.advance(max_steps=left, max_seconds=seconds)
                if run.step_count < target and not run.done:
                    return False  # out of time
            if entry is None:
                run.advance(max_steps=0)  # a run at its limit reports it finished
                self.done = True
            else:
                run.set_hyperparams(**entry[1])
                self._next += 1
            if deadline is not None and time.perf_counter() >= deadline and not self.done:
                return False
        return True


def replay(base: Experiment, problem: Problem, log: ReplayLog, step: int) -> Run:
    """A fresh run of ``base`` on ``problem`` advanced ``step`` steps with the changes of
    ``log`` made at their steps: the run that went there, bit for bit."""
    r = Replay(base, problem, log, step)
    r.advance()
    return r.run


def settings_at(base: Experiment, log: ReplayLog, step: int) -> Experiment:
    """``base`` with the changes of ``log`` made up to ``step`` (its hyperparameters as
    they were then)."""
    exp = base
    for at, hp in log:
        if at > step:
            break
        exp = exp.replace(optimizer=dict(hp))
    return exp


def match_runs(
    old: Sequence[Experiment],
    new: Sequence[Experiment],
    same: Callable[[Experiment, Experiment], bool],
) -> list[int | None]:
    """For each run of ``new`` (one experiment per run), the run of ``old`` it continues,
    or None for a run that starts over. ``same(a, b)``: whether ``b`` is run ``a`` (its
    settings unchanged, its name aside).

    With as many runs, run i continues run i when they are the same. Otherwise runs
    were added or removed: the runs are matched in order, the first differences being
    the runs added (or removed), so a duplicate of run i (put right after it) is new
    and run i keeps its progress. When not every run of the smaller side finds its
    match, every run starts over."""
    if len(old) == len(new):
        return [i if same(a, b) else None for i, (a, b) in enumerate(zip(old, new))]
    out: list[int | None] = []
    if len(new) > len(old):
        i = 0
        for b in new:
            if i < len(old) and same(old[i], b):
                out.append(i)
                i += 1
            else:
                out.append(None)
        return out if i == len(old) else [None] * len(new)
    j = 0
    for i, a in enumerate(old):
        if j < len(new) and same(a, new[j]):
            out.append(i)
            j += 1
    return out if j == len(new) else [None] * len(new)
