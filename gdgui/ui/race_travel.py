"""The controller's time travel and race edits: what :class:`RaceTravel` adds to
:class:`gdgui.ui.controller.Controller` (it is a base class of it; split out to keep
the controller short, nothing else uses it).

Every run of the race travels in time: each has its replay base and log
(``replay_bases``, ``replay_logs``: :mod:`gdgui.core.replay`), so it can be rebuilt
at any step its history kept. A branch (:meth:`RaceTravel.branch_at_async`), an undo
of one (:meth:`RaceTravel.restore`) and a race edit that keeps runs (runs added or
removed, one run's settings changed: ``Controller.set_experiment``) change what the
window shows at once and rebuild the engines off the GUI thread
(:class:`~gdgui.ui.rebuild.RebuildJob`). Meanwhile Run and Step wait (they go on when
it is done), a hyperparameter edit is given to the rebuilt engines, and a new branch,
undo, race edit or reset replaces the pending rebuild (its work is redone from the
state already shown). :meth:`RaceTravel.wait_for_rebuild` waits for it (scripts,
tests); :meth:`RaceTravel.branch_at` is the synchronous branch. A history cut at a
branch is at first a view of the rows it keeps (no copy of 10^6 rows on the GUI
thread); the rebuild copies them on its thread and the view takes the copy.

A race edit says run by run what it keeps (:meth:`RaceTravel.edit_runs`: a plan of the
runs of now each new run continues) and hands back the runs it dropped, saved
(:class:`SavedRun`); giving one back in a later plan brings that run back as it was,
its history and its engine (replayed to its step, so it goes on bit for bit as it
would have): how Undo gives back a removed run (:mod:`gdgui.ui.editing`).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication

from ..core.experiment import Experiment, ExperimentError
from ..core.history import History
from ..core.replay import ReplayLog, match_runs, replay, settings_at
from ..core.runner import Run, Status
from .rebuild import RebuildJob

__all__ = ["RaceTravel", "SavedRun"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files bare _tr() calls here


@dataclass(frozen=True, eq=False)
class SavedRun:
    """One run of the race as it stood (:meth:`RaceTravel.saved_run`), to bring it back
    (:meth:`RaceTravel.edit_runs`; the undo of a run's removal): its history object
    (cut back to ``last_step`` if it grew since), the steps its engine had taken and how
    to replay it there (``base``, ``log``), its status, message and limits. ``race``:
    the race it belongs to (a reset starts another)."""

    history: History
    last_step: int
    step: int
    status: str
    message: str
    max_steps: int
    steps_per_epoch: int
    base: Experiment
    log: tuple[tuple[int, dict[str, Any]], ...]
    race: int


class RaceTravel:
    """Time travel for every run, and race edits that keep the runs (a mixin of the
    controller: it uses the controller's state and signals)."""

    #: the status of a run whose problem raised an error (the controller sets it)
    FAILED_STATUS = "failed"
    #: the race's number: a reset (the controller's ``_new_run``) starts the next one
    race = 0

    def run_plan(self, experiment: Experiment) -> list[int | None] | None:
        """How :meth:`set_experiment` would keep the runs for ``experiment``: for each of
        its runs, the run of now it continues or None (it starts at step 0); None when
        it keeps none (a reset), or changes no run (hyperparameters, names, the loss
        scale)."""
        old = self.experiment
        if experiment.loss_scale != old.loss_scale and experiment == old.replace(
            loss_scale=experiment.loss_scale
        ):
            return None
        if _race_hyperparam_changes(old, experiment) is not None:
            return None
        if _problem_part(old) != _problem_part(experiment):
            return None
        return _run_plan(old, experiment)

    def saved_run(self, i: int) -> SavedRun:
        """Run ``i`` as it stands, to bring back later (:meth:`edit_runs`)."""
        h = self.histories[i]
        return SavedRun(
            history=h,
            last_step=int(h.step[-1]) if len(h) else 0,
            step=int(self.step_counts[i]),
            status=self._engine_statuses[i],
            message=self.messages[i],
            max_steps=int(self.run_max_steps[i]),
            steps_per_epoch=int(self.run_steps_per_epoch[i]),
            base=self.replay_bases[i],
            log=tuple((int(at), dict(hp)) for at, hp in self.replay_logs[i]),
            race=self.race,
        )

    def edit_runs(
        self,
        experiment: Experiment,
        plan: Sequence[int | SavedRun | None],
        select: int | None = None,
    ) -> dict[int, SavedRun]:
        """Switch to ``experiment`` (the same problem) whose run j continues run
        ``plan[j]`` of now (an index), is a run brought back as it was saved (a
        :class:`SavedRun`: its history, its engine replayed to its step) or starts at
        step 0 (None). A saved run of an older race (a reset since) or with other
        settings than run j's starts at step 0 too. The engines are rebuilt in the
        background; a race that was running goes on after. ``select``: the run selected
        then (default: the selected run where it went, else the one before it).

        Returns the runs of now that ``plan`` drops, saved (by their index now).
        Raises :class:`ExperimentError` (nothing changes) when a new run cannot be
        built, ValueError for a plan that does not fit."""
        plan = list(plan)
        kept = [i for i in plan if isinstance(i, int)]
        if (
            len(plan) != experiment.run_count
            or len(set(kept)) != len(kept)
            or not all(0 <= i < self.run_count for i in kept)
            or _problem_part(experiment) != _problem_part(self.experiment)
        ):
            raise ValueError("edit_runs: the plan does not fit the experiment")
        for j, src in enumerate(plan):
            if isinstance(src, SavedRun) and not self._revivable(src, experiment, j):
                plan[j] = None
        try:
            fresh = {
                j: experiment.run_experiment(j).build_run(self.problem)
                for j, src in enumerate(plan)
                if src is None
            }
        except ExperimentError:
            raise
        except (ValueError, OSError) as e:  # e.g. an init of the wrong length
            raise ExperimentError([("", str(e))]) from None
        return self._keep_runs(experiment, plan, fresh, select)

    def _revivable(self, saved: SavedRun, experiment: Experiment, j: int) -> bool:
        """Whether ``saved`` can be run ``j`` of ``experiment``: of this race, with its
        settings (name aside) as they stood at its step."""
        if saved.race != self.race:
            return False
        single = experiment.run_experiment(j)
        now = settings_at(saved.base, list(saved.log), saved.step)
        return _hyperparam_changes(now, single.replace(name=now.name)) == {}

    def _keep_runs(
        self,
        experiment: Experiment,
        plan: list[Any],
        fresh: dict[int, Run],
        select: int | None = None,
    ) -> dict[int, SavedRun]:
        """Switch to ``experiment`` whose run j continues run ``plan[j]`` of now, is the
        :class:`SavedRun` ``plan[j]`` or ``fresh[j]`` (at step 0): the kept and saved
        runs' histories stay, their engines are rebuilt at their steps in the
        background. Returns the runs dropped, saved."""
        # running, or to run when the engines of an edit just made are rebuilt
        playing = self._playing or (self._job is not None and self._after == self.start)
        local = self._take_engines()  # paused: the runs are where they stopped
        keep = {j: i for j, i in enumerate(plan) if isinstance(i, int)}
        dropped = {i: self.saved_run(i) for i in range(self.run_count) if i not in keep.values()}
        specs: list[Any] = []
        for j, src in enumerate(plan):
            if isinstance(src, int):
                specs.append(self._engine_spec(src, self.step_counts[src], local))
            elif isinstance(src, SavedRun):
                specs.append((src.base, list(src.log), src.step))
            else:
                specs.append(fresh[j])

        def pick(values: list, new: Callable[[Run], Any], saved: Callable[[SavedRun], Any]) -> list:
            out = []
            for j, src in enumerate(plan):
                if isinstance(src, int):
                    out.append(values[src])
                elif isinstance(src, SavedRun):
                    out.append(saved(src))
                else:
                    out.append(new(fresh[j]))
            return out

        self.histories = pick(self.histories, self._fresh_history, self._saved_history)
        self.step_counts = pick(self.step_counts, lambda r: r.step_count, lambda s: s.step)
        self._engine_statuses = pick(self._engine_statuses, lambda r: r.status, lambda s: s.status)
        self.messages = pick(self.messages, lambda r: r.message, lambda s: s.message)
        self.run_max_steps = pick(self.run_max_steps, lambda r: r.max_steps, lambda s: s.max_steps)
        self.run_steps_per_epoch = pick(
            self.run_steps_per_epoch, lambda r: r.steps_per_epoch, lambda s: s.steps_per_epoch
        )
        self.replay_logs = pick(self.replay_logs, lambda r: [], lambda s: list(s.log))
        self.replay_bases = [
            self.replay_bases[src]
            if isinstance(src, int)
            else src.base
            if isinstance(src, SavedRun)
            else experiment.run_experiment(j)
            for j, src in enumerate(plan)
        ]
        self.experiment = experiment
        if select is None:
            select = _follow(self.selected_run, plan)
        select = max(0, min(int(select), len(plan) - 1))
        if select != self.selected_run:
            self.selected_run = select
            self.selection_changed.emit(select)
        self.history_reset.emit()
        self.experiment_changed.emit(experiment)
        text = _tr("Rebuilding the runs at their steps…")
        self._rebuild(specs, text, after=self.start if playing else None)
        return dropped

    def _saved_history(self, saved: SavedRun) -> History:
        """The history of a run brought back, cut where it was saved if it grew since."""
        h = saved.history
        if len(h) and int(h.step[-1]) != saved.last_step:
            h = self._cut(h, int(np.searchsorted(h.step, saved.last_step, side="right")) - 1)
        return h

    def _fresh_history(self, r: Run) -> History:
        h = History(
            r.history.param_names,
            capacity=min(r.max_steps + 1, self.max_rows),
            max_rows=self.max_rows,
            with_lr=r.schedule is not None,
        )
        h.extend_rows(r.history.rows(0))
        return h

    # --- time travel -------------------------------------------------------------------------
    # Every run of the race travels in time: each has its replay base and log
    # (:attr:`replay_bases`, :attr:`replay_logs`), so it can be rebuilt at any step its
    # history kept. A branch, an undo of one (:meth:`restore`) and a race edit that
    # keeps runs (:meth:`set_experiment`) change what the window shows at once and
    # rebuild the engines off the GUI thread (:class:`~gdgui.ui.rebuild.RebuildJob`):
    # meanwhile Run and Step wait (they go on when it is done), a hyperparameter edit
    # is given to the rebuilt engines, and a new branch, undo, race edit or reset
    # replaces the pending rebuild. :meth:`wait_for_rebuild` waits for it (scripts,
    # tests); :meth:`branch_at` is the synchronous branch.
    @property
    def replay_base(self) -> Experiment:
        """The selected run's replay base."""
        return self.replay_bases[self.selected_run]

    @property
    def replay_log(self) -> ReplayLog:
        """The selected run's hyperparameter changes, as (steps taken then, changes)."""
        return self.replay_logs[self.selected_run]

    @property
    def rebuilding_engines(self) -> bool:
        """Whether engines are being rebuilt off the GUI thread."""
        return self._job is not None

    def is_hyperparam_change(self, experiment: Experiment) -> bool:
        """Whether ``experiment`` differs from the current one in hyperparameters only
        (of any run)."""
        hps = _race_hyperparam_changes(self.experiment, experiment)
        return hps is not None and any(hps)

    def replay(
        self,
        step: int,
        base: Experiment | None = None,
        log: ReplayLog | None = None,
        run: int | None = None,
    ) -> Run:
        """A fresh engine of run ``run`` (the selected one) advanced ``step`` steps the
        way it went: built from ``base`` (its replay base) with the changes of ``log``
        (its replay log) made at their steps, in this thread; exact
        (:func:`gdgui.core.replay.replay`)."""
        i = self.selected_run if run is None else int(run)
        base = self.replay_bases[i] if base is None else base
        log = self.replay_logs[i] if log is None else log
        return replay(base, self.problem, log, step)

    def snapshot(self) -> dict[str, Any]:
        """What :meth:`restore` needs to bring every run back (an undo of a branch)."""
        return {
            "experiment": self.experiment,
            "problem": self.problem,
            "histories": list(self.histories),
            "last_steps": [int(h.step[-1]) if len(h) else 0 for h in self.histories],
            "steps": list(self.step_counts),
            "statuses": list(self._engine_statuses),
            "messages": list(self.messages),
            "limits": (list(self.run_max_steps), list(self.run_steps_per_epoch)),
            "replay": (list(self.replay_bases), [list(g) for g in self.replay_logs]),
            "branch": self.branch_step,
            "race": self.race,
        }

    def restore(self, snap: dict[str, Any]) -> None:
        """Bring back the runs of :meth:`snapshot` (their history objects, cut where the
        snapshot ended if they ran on since) paused; their engines are rebuilt by
        replay in the background."""
        self._take_engines()  # rebuilt from the snapshot's steps
        problem_changed = snap["problem"] is not self.problem
        self.problem = snap["problem"]
        histories = []
        for h, last in zip(snap["histories"], snap["last_steps"], strict=True):
            if len(h) and int(h.step[-1]) != last:  # it ran on after an undo: cut it
                h = self._cut(h, int(np.searchsorted(h.step, last, side="right")) - 1)
            histories.append(h)
        bases, logs = snap["replay"]
        self.replay_bases, self.replay_logs = list(bases), [list(g) for g in logs]
        self.histories = histories
        self.step_counts = list(snap["steps"])
        self._engine_statuses = list(snap["statuses"])
        self.messages = list(snap["messages"])
        self.run_max_steps, self.run_steps_per_epoch = (list(v) for v in snap["limits"])
        self.branch_step = snap["branch"]
        self.race = snap["race"]
        self.experiment = snap["experiment"]
        self._touched = True
        if self.selected_run >= self.run_count:
            self.selected_run = self.run_count - 1
            self.selection_changed.emit(self.selected_run)
        if problem_changed:
            self.problem_changed.emit(self.problem)
        self.history_reset.emit()
        self.experiment_changed.emit(self.experiment)
        self.branched.emit(self.branch_step)
        specs = [self._engine_spec(i, n, None) for i, n in enumerate(self.step_counts)]
        self._rebuild(specs, _tr("Bringing the runs back…"))

    def branch_at(self, step: int, experiment: Experiment | None = None) -> bool:
        """Continue the race from ``step`` (see :meth:`branch_at_async`) and wait for the
        engines. Returns whether every replayed engine meets its history's row bit for
        bit."""
        out: list[bool] = []
        self.branch_at_async(step, experiment, out.append)
        self.wait_for_rebuild()
        return bool(out and out[0])

    def branch_at_async(
        self,
        step: int,
        experiment: Experiment | None = None,
        done: Callable[[bool], None] | None = None,
    ) -> None:
        """Continue every run from ``step``: drop its history after the kept row at or
        before ``step``, rebuild its engine there by replay (with the settings it had
        then) and, with ``experiment`` (hyperparameter changes only), let the runs whose
        hyperparameters it changes go on with them. A run that stopped before ``step``
        stays as it ended. The race is left paused.

        The histories and settings change at once; the engines are rebuilt off the GUI
        thread, then ``done(exact)`` is called: whether every engine met its history's
        row bit for bit. Raises ValueError (nothing changes) for a step outside the
        histories or an ``experiment`` that changes more than hyperparameters.
        """
        step = int(step)
        lasts = [int(h.step[-1]) for h in self.histories if len(h)]
        if not lasts or not 0 <= step <= max(lasts):
            raise ValueError(f"branch_at: step {step} is not in the history")
        if (
            experiment is not None
            and experiment != self.experiment
            and _race_hyperparam_changes(self.experiment, experiment) is None
        ):
            raise ValueError("branch_at: only hyperparameters can change at a branch")
        exp_k = self.experiment
        cuts: list[tuple[int, int] | None] = []  # per run: (kept row, its step), or None
        for i, h in enumerate(self.histories):
            r = int(np.searchsorted(h.step, step, side="right")) - 1
            if r < 0 or r >= len(h) - 1:
                cuts.append(None)  # it has not passed the step: it stays as it is
                continue
            k = int(h.step[r])
            cuts.append((r, k))
            at_k = settings_at(self.replay_bases[i], self.replay_logs[i], k).optimizer
            if at_k != exp_k.run_experiment(i).optimizer:
                exp_k = exp_k.with_run(i, exp_k.run_experiment(i).replace(optimizer=at_k))
        hps: list[dict[str, Any]] = [{} for _ in self.histories]
        if experiment is not None:
            got = _race_hyperparam_changes(exp_k, experiment)
            if got is None:
                raise ValueError("branch_at: only hyperparameters can change at a branch")
            hps, exp_k = got, experiment
        local = self._take_engines()
        specs: list[Any] = []
        for i, cut in enumerate(cuts):
            if cut is not None:
                r, k = cut
                self.replay_logs[i] = [e for e in self.replay_logs[i] if e[0] <= k]
                self.histories[i] = self._cut(self.histories[i], r)
                self.step_counts[i] = k
                self._engine_statuses[i] = Status.READY  # before its end: not stopped
                self.messages[i] = ""
            if hps[i]:
                self.replay_logs[i].append((self.step_counts[i], dict(hps[i])))
            specs.append(self._engine_spec(i, self.step_counts[i], local if cut is None else None))
        sel = cuts[self.selected_run]
        self.branch_step = sel[1] if sel is not None else step
        self.experiment = exp_k
        self._touched = True
        self.history_reset.emit()
        self.experiment_changed.emit(exp_k)
        self.branched.emit(self.branch_step)
        text = _tr("Branching at step {0}…").format(f"{self.branch_step:,}")
        self._rebuild(specs, text, done=done)

    def wait_for_rebuild(self, timeout: float | None = None) -> bool:
        """Wait (blocking) for the engines being rebuilt and take them; True when none is
        pending any more (False: ``timeout`` seconds passed)."""
        job = self._job
        if job is None:
            return True
        if not job.wait(timeout):
            return False
        self._take_rebuilt(job)
        return True

    # --- rebuilding engines (internals) ---------------------------------------------------------
    def _take_engines(self) -> list[Run] | None:
        """Pause and take the engines off the worker (they are rebuilt): the runs still
        in this thread, when they never moved to it, else None. A pending rebuild is
        called off (its work is redone from the current state)."""
        self._cancel_rebuild()
        self.pause()
        local, self._runs = self._runs, None
        self._run_id += 1  # batches still queued are stale now
        self._send("load", None)  # the worker drops its runs
        return local

    def _engine_spec(self, i: int, step: int, local: list[Run] | None) -> Any:
        """Run ``i``'s engine at ``step``: its engine from ``local`` when there already,
        else what replays it there."""
        if local is not None and i < len(local) and local[i].step_count == step:
            return local[i]
        return (self.replay_bases[i], list(self.replay_logs[i]), int(step))

    def _cut(self, h: History, row: int) -> History:
        """The rows of ``h`` up to ``row``: at once a read-only view sharing ``h``'s
        arrays (no copy on the GUI thread, O(log n)); the next rebuild copies its rows
        off the GUI thread and hands it the copy (:meth:`History.take_rows`: the same
        object, which can then grow) before any engine runs on."""
        view = h.upto(int(h.step[row]))
        self._unowned[view] = min(max(self.run_max_steps, default=0) + 1, self.max_rows)
        return view

    def _rebuild(
        self,
        specs: list[Any],
        text: str,
        after: Callable[[], None] | None = None,
        done: Callable[[bool], None] | None = None,
    ) -> None:
        """Build the engines of ``specs`` (one per run) off the GUI thread; then take
        them, call ``done(exact)`` and ``after`` (or a Run/Step asked for meanwhile)."""
        job = RebuildJob(
            self.problem, specs, cancelled=lambda: self._closed, copies=list(self._unowned.items())
        )
        self._job, self._after, self._job_done, self._queued_hp = job, after, done, []
        job.finished.connect(self._take_rebuilt)
        self._update_status()
        self.updated.emit()
        job.start()
        if job is self._job and job.done:  # nothing to replay: done here
            self._take_rebuilt(job)
        elif job is self._job:
            self.rebuilding.emit(text)

    def _cancel_rebuild(self) -> None:
        job, self._job = self._job, None
        if job is not None:
            job.cancel()
            self._after = self._job_done = None
            self.rebuilding.emit("")

    def _defer(self, action: Callable[[], None]) -> bool:
        """While engines are rebuilt, keep ``action`` (Run, Step) for when they are."""
        if self._job is None:
            return False
        self._after = action
        return True

    def _take_rebuilt(self, job: RebuildJob) -> None:
        """The rebuilt engines arrived: the runs go on from them."""
        if job is not self._job:
            return  # called off, or taken already
        self._job = None
        for view, rows in job.owned:  # the cut histories own their rows from now on
            if view in self._unowned:
                view.take_rows(rows)
                del self._unowned[view]
        runs = job.runs
        if runs is None:  # closed meanwhile, or (never expected) a run fails to build again
            done, self._after, self._job_done = self._job_done, None, None
            self.rebuilding.emit("")
            if job.error is not None and not self._closed:
                print(f"gdgui: could not rebuild the runs: {job.error}", file=sys.stderr)
                self.reset()
                if done is not None:
                    done(False)
            return
        for i, hp in self._queued_hp:
            runs[i].set_hyperparams(**hp)
        exact = True
        for i, (r, h) in enumerate(zip(runs, self.histories)):
            if job.errors[i] is not None:
                self._engine_statuses[i] = self.FAILED_STATUS
                self.messages[i] = _tr("The run stopped with an error at step {0}: {1}").format(
                    r.step_count, job.errors[i]
                )
                continue
            if len(h) and r.step_count == int(h.step[-1]):
                exact = exact and bool(np.array_equal(r.params, h.params[-1]))
            self.step_counts[i] = r.step_count
            self._engine_statuses[i] = r.status
            self.messages[i] = r.message
            self.run_max_steps[i], self.run_steps_per_epoch[i] = r.max_steps, r.steps_per_epoch
        self._runs, self._queued_hp = runs, []
        after, done = self._after, self._job_done
        self._after = self._job_done = None
        self.rebuilding.emit("")
        self._update_status()
        self.updated.emit()
        if done is not None:
            done(exact)
        if after is not None and not self._closed:
            after()


def _follow(selected: int, plan: list[Any]) -> int:
    """Where the selected run goes under ``plan``: its new index; when it is dropped, its
    own index if a new run takes its place (its settings changed), else that of the
    nearest kept run before it (it was removed), else 0."""
    best = 0
    for j, src in enumerate(plan):
        if isinstance(src, int):
            if src == selected:
                return j
            if src < selected:
                best = j
    if selected < len(plan) and not isinstance(plan[selected], int):
        return selected
    return best


def _problem_part(exp: Experiment) -> tuple:
    """What determines the problem (the model and its data); compared by field, the
    data by identity or source, never by a pass over the points."""
    return (exp.problem, exp.data, exp.standardize, exp.base_dir)


def _run_plan(old: Experiment, new: Experiment) -> list[int | None] | None:
    """For each run of ``new``, the run of ``old`` it continues (its settings the same,
    its name aside) or None; None when none is kept (O(runs))."""
    a = [old.run_experiment(i) for i in range(old.run_count)]
    b = [new.run_experiment(j) for j in range(new.run_count)]
    plan = match_runs(a, b, lambda x, y: _hyperparam_changes(x, y.replace(name=x.name)) == {})
    return plan if any(i is not None for i in plan) else None


def _race_hyperparam_changes(old: Experiment, new: Experiment) -> list[dict[str, Any]] | None:
    """Per run, the changed hyperparameters when nothing else differs (names of runs
    aside), else None (O(runs))."""
    if not old.runs and not new.runs:
        hp = _hyperparam_changes(old, new)
        return None if hp is None else [hp]
    if old.run_count != new.run_count:
        return None
    out = []
    for i in range(old.run_count):
        a, b = old.run_experiment(i), new.run_experiment(i)
        if a.name != b.name:
            b = b.replace(name=a.name)
        hp = _hyperparam_changes(a, b)
        if hp is None:
            return None
        out.append(hp)
    return out


def _hyperparam_changes(old: Experiment, new: Experiment) -> dict[str, Any] | None:
    """The changed hyperparameters when nothing else differs, else None (O(1))."""
    oa, ob = old.optimizer, new.optimizer
    if oa.name != ob.name or set(oa.hyperparams) - set(ob.hyperparams):
        return None
    if old.replace(optimizer=ob) != new:
        return None
    return {
        k: v
        for k, v in ob.hyperparams.items()
        if k not in oa.hyperparams or _differs(oa.hyperparams[k], v)
    }


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return False
    return a != b or type(a) is not type(b)
