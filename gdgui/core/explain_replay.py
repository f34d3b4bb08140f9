"""Explain the steps of a run whose hyperparameters changed on the way.

A run is its *replay base* (the experiment it started from) and its *log*, the
hyperparameter changes made on the way as ``[(steps taken then, {name: value}), ...]``
(:data:`gdgui.core.replay.ReplayLog`, what the controller records and
:func:`gdgui.core.replay.replay` replays bit for bit). :class:`RunExplainer` drives a
replay of it to step k − 1 with every change of the log made at its step, and explains
step k there (:class:`~gdgui.core.explain.StepExplanation`): its η, update and θ_k are
those the run took, also after a mid-run change of the learning rate, the momentum
or Adam's betas (the optimizer state goes on from where it was).

It keeps its replay between calls (step k, then k + 1, costs one step) and *marks*
along the way: copies of the replay (:meth:`Run.trimmed <gdgui.core.runner.Run.trimmed>`)
every ``spacing`` steps, at most ``max_marks`` of them (the spacing doubles when there
would be more), so going back to step k replays from the latest mark before k, not
from step 0: at most ``spacing`` steps (32,768 at step 10^6 with 32 marks).
:meth:`RunExplainer.set_log` takes a changed log (a change appended, its step
corrected, the log cut at a branch) and keeps the replay and the marks the change
leaves true. :meth:`RunExplainer.prepare` works in slices (``max_seconds``), so a
GUI can replay 10^6 steps without freezing.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from .experiment import Experiment
from .explain import StepExplanation, _explain_prepared
from .problems import Problem
from .runner import Run

__all__ = ["RunExplainer"]

#: the replay's own history keeps this many rows at most (it is never read)
_REPLAY_ROWS = 1024


def _normal(log: Sequence[tuple[int, Any]]) -> list[tuple[int, dict[str, Any]]]:
    return [(int(at), dict(hp)) for at, hp in log]


class RunExplainer:
    """Explains steps of ``base``'s run on ``problem`` (built from ``base`` when None)
    with the changes of ``log`` made at their steps, keeping marks ``spacing`` steps
    apart (:attr:`SPACING`), at most ``max_marks`` (:attr:`MAX_MARKS`); see the module
    docstring."""

    #: the first spacing of the marks (steps)
    SPACING = 1024
    #: marks kept at most
    MAX_MARKS = 32

    def __init__(
        self,
        base: Experiment,
        problem: Problem | None = None,
        log: Sequence[tuple[int, Any]] = (),
        *,
        spacing: int | None = None,
        max_marks: int | None = None,
    ) -> None:
        self.base = base
        self.problem = problem if problem is not None else base.build_problem()
        self._log = _normal(log)
        self.spacing = max(1, int(self.SPACING if spacing is None else spacing))
        self.max_marks = max(1, int(self.MAX_MARKS if max_marks is None else max_marks))
        #: (step, the replay there as a trimmed copy, log entries applied), by step
        self._marks: list[tuple[int, Run, int]] = []
        self.run = self._fresh()
        self._applied = 0
        #: the step the replay last started again from (0: the start; for tests)
        self.resumed_from = 0

    # --- the log ----------------------------------------------------------------------
    @property
    def log(self) -> list[tuple[int, dict[str, Any]]]:
        """The log in force (a copy)."""
        return [(at, dict(hp)) for at, hp in self._log]

    def set_log(self, log: Sequence[tuple[int, Any]]) -> bool:
        """Use ``log`` from now on; the replay and the marks it leaves true are kept.
        Returns whether it differs from the log before."""
        new = _normal(log)
        if new == self._log:
            return False
        old, common = self._log, 0
        while common < min(len(old), len(new)) and old[common] == new[common]:
            common += 1
        self._log = new

        def holds(step: int, applied: int) -> bool:
            return applied <= common and (applied == len(new) or new[applied][0] >= step)

        self._marks = [m for m in self._marks if holds(m[0], m[2])]
        if not holds(self.run.step_count, self._applied):
            self._resume(self.run.step_count)
        return True

    def changes_at(self, step: int) -> dict[str, Any]:
        """The changes made after ``step`` steps (in force from step ``step`` + 1 on)."""
        out: dict[str, Any] = {}
        for at, hp in self._log:
            if at == step:
                out.update(hp)
        return out

    # --- replaying ----------------------------------------------------------------------
    def prepare(self, k: int, max_seconds: float | None = None) -> bool:
        """Drive the replay towards step k − 1 (from the latest mark before it when it is
        past it); True once it is there with the changes due then made (or the run
        stopped before). With ``max_seconds`` it stops after about that long."""
        target = max(0, int(k) - 1)
        if self.run.step_count > target:
            self._resume(target)
        deadline = None if max_seconds is None else time.perf_counter() + max_seconds
        run, log = self.run, self._log
        while True:
            while self._applied < len(log) and log[self._applied][0] <= run.step_count:
                run.set_hyperparams(**log[self._applied][1])
                self._applied += 1
            self._mark()
            if run.step_count >= target or run.done:
                if run.step_count >= run.max_steps:
                    run.advance(max_steps=0)  # a run at its limit reports it finished
                return True
            stop = target
            if self._applied < len(log):
                stop = min(stop, log[self._applied][0])
            stop = min(stop, (run.step_count // self.spacing + 1) * self.spacing)
            left = None if deadline is None else max(0.0, deadline - time.perf_counter())
            run.advance(max_steps=stop - run.step_count, max_seconds=left)
            out_of_time = deadline is not None and time.perf_counter() >= deadline
            if out_of_time and run.step_count < target and not run.done:
                return False

    def explain(self, k: int) -> StepExplanation:
        """Step k's explanation, with the hyperparameters in force at step k (replays as
        far as needed). Raises :class:`~gdgui.core.explain.StepError` when there is no
        step k."""
        return _explain_prepared(self, k)

    @property
    def marks(self) -> list[int]:
        """The steps of the marks kept."""
        return [m[0] for m in self._marks]

    # --- internals ------------------------------------------------------------------------
    def _fresh(self) -> Run:
        settings = self.base.run_settings(self.problem)
        return Run(self.problem, **settings, max_rows=_REPLAY_ROWS)

    def _resume(self, step: int) -> None:
        """Start the replay again from the latest mark at or before ``step``."""
        for at, run, applied in reversed(self._marks):
            if at <= step:
                self.run, self._applied, self.resumed_from = run.trimmed(), applied, at
                return
        self.run, self._applied, self.resumed_from = self._fresh(), 0, 0

    def _mark(self) -> None:
        """Keep a copy of the replay when it is at a multiple of the spacing."""
        run = self.run
        s = run.step_count
        if s == 0 or s % self.spacing or run.done:
            return
        marks = self._marks
        if marks and marks[-1][0] >= s:
            if any(m[0] == s for m in marks):
                return
            marks.append((s, run.trimmed(), self._applied))
            marks.sort(key=lambda m: m[0])
        else:
            marks.append((s, run.trimmed(), self._applied))
        while len(marks) > self.max_marks:
            self.spacing *= 2
            marks[:] = [m for m in marks if m[0] % self.spacing == 0]
