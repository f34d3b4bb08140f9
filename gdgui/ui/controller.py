"""The controller: owns the one worker thread and the histories the plots draw.

Data flows one way. A panel hands a new :class:`Experiment` to
:meth:`Controller.set_experiment`; the controller (re)builds the engine's runs (a
race: :meth:`Experiment.build_race`, ``exp.run_count`` runs on one problem; one run
is the single run of before) or, when only hyperparameters changed, passes them on
to the run they belong to. The worker (:class:`gdgui.ui.worker.Worker`, living in a
:class:`QThread`; only this module imports it) advances the runs in lockstep slices
and sends one batch about every 1/60 s for all of them, tagged with the race's id:
``(run_id, [(index, rows, status, message, step_count), ...])``. The controller
drops batches of an old race (they may still be queued after a reset), appends the
rest to one :class:`History` per run (:attr:`Controller.histories`) and signals
:attr:`Controller.updated`; the window's render timer redraws from those histories.

Each run has its own status, message and step count (:meth:`Controller.run_status`,
``messages``, ``step_counts``): a run that diverges or converges stops alone while
the others go on. Run, Pause, Step, Step epoch and Reset act on all runs.
:attr:`Controller.history` (and ``message``, ``step_count``, ``max_steps``,
``steps_per_epoch``) are those of the selected run (:meth:`Controller.select_run`,
run 0 by default), so code written for one run reads the run the panels edit;
:attr:`Controller.status` is the state of the whole race (running, paused, ...; when
every run has stopped, the selected run's end).

Memory is bounded: the controller's history keeps at most ``max_rows`` rows
(:data:`WINDOW_MAX_ROWS`, 2·10^6, by default: about 130 MB for two parameters),
the first and latest quarter exactly and the far past thinned (see
:class:`~gdgui.core.history.History`). So row i is not step i: read
``history.step``; ``history.thinned`` changes whenever rows were dropped.

The process-wide settings the worker relies on (a 1 ms GIL switch interval) are
made once per process by :func:`gdgui.ui.app.run_app`, not here.

Commands travel to the worker as queued signals, so they are applied between
slices, in the order they were given, on the worker's thread: a new learning
rate takes effect at the next step without a restart.

The run is built in the GUI thread and handed to the worker the first time it
has to move (Run, Step); until then (and in :meth:`run_to_end_sync`, used by
headless exports) no thread exists.
"""

from __future__ import annotations

import math
import sys
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from ..core.experiment import Experiment, ExperimentError, preset
from ..core.history import History
from ..core.replay import ReplayLog, match_runs, replay, settings_at
from ..core.runner import Run, Status
from .rebuild import RebuildJob
from .worker import FAILED, Worker, advance_runs

__all__ = ["SPEEDS", "WINDOW_MAX_ROWS", "Controller", "RunState", "stop_all_workers"]

#: the speed slider's stops, in steps per second; 0 means unlimited
SPEEDS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10000, 0)

#: rows the window's history keeps at most (it thins the far past beyond that)
WINDOW_MAX_ROWS = 2_000_000


_live_threads: set[QThread] = set()  # worker threads not yet finished, whoever owned them


def stop_all_workers(timeout_ms: int = 1000) -> None:
    """Stop every worker thread still running (at application exit)."""
    for thread in list(_live_threads):
        thread.quit()
        if thread.wait(timeout_ms):
            _live_threads.discard(thread)


class RunState:
    """What the window shows: the engine's :class:`Status` plus running and paused."""

    READY = Status.READY
    RUNNING = Status.RUNNING
    PAUSED = Status.PAUSED
    FINISHED = Status.FINISHED
    CONVERGED = Status.CONVERGED
    DIVERGED = Status.DIVERGED
    FAILED = FAILED  # the problem raised an error (a bug, or a custom function's domain)
    DONE = (*Status.DONE, FAILED)


class Controller(QObject):
    """Runs one experiment (its runs side by side) at a time; see the module docstring."""

    status_changed = Signal(str)
    #: the selected run changed (its index)
    selection_changed = Signal(int)
    history_reset = Signal()
    #: a new experiment was accepted (panels re-read their values from it)
    experiment_changed = Signal(object)
    #: the problem (model, data, or surface) changed: plots rebuild their static items
    problem_changed = Signal(object)
    #: new rows or a new status arrived: the window schedules a redraw
    updated = Signal()
    #: the run branched off its past (:meth:`branch_at`) or a branch was undone: the
    #: step it branched at, or None
    branched = Signal(object)
    #: what the controller is rebuilding off the GUI thread (a line for the status
    #: bar: "Branching at step k…"), "" when done
    rebuilding = Signal(str)
    _command = Signal(object)

    def __init__(
        self,
        experiment: Experiment | None = None,
        parent: QObject | None = None,
        *,
        max_rows: int | None = None,
    ):
        super().__init__(parent)
        #: the bound of :attr:`history` (rows; :data:`WINDOW_MAX_ROWS` unless given)
        self.max_rows = int(max_rows if max_rows is not None else WINDOW_MAX_ROWS)
        self.experiment: Experiment = (
            experiment if experiment is not None else preset("tutorial-003")
        )
        self.problem = self.experiment.build_problem()
        #: one window history per run (bounded by ``max_rows`` each)
        self.histories: list[History] = [History(self.problem.param_names)]
        self.status: str = RunState.READY
        #: per run: the engine's message, steps taken (the history may keep one fewer),
        #: step limit and steps per epoch
        self.messages: list[str] = [""]
        self.step_counts: list[int] = [0]
        self.run_max_steps: list[int] = [0]
        self.run_steps_per_epoch: list[int] = [1]
        self.selected_run = 0
        self.speed = 0.0  # steps per second; 0 = unlimited
        self.dropped_batches = 0  # stale batches ignored (tests watch this)
        self._run_id = 0
        self._runs: list[Run] | None = None  # the runs while they are still in this thread
        self._engine_statuses: list[str] = [Status.READY]
        self._playing = False
        self._touched = False
        self._thread: QThread | None = None
        self._worker: Worker | None = None
        self._closed = False
        #: set when the last batch has been drawn; the worker waits for it (back-pressure)
        self._frame_done = threading.Event()
        self._frame_done.set()
        #: True when a view calls frame_done() after drawing; else batches count as drawn
        self.paced_by_view = False
        #: the step the race branched off its past at (None: it did not)
        self.branch_step: int | None = None
        #: per run, what rebuilds it by replay (:mod:`gdgui.core.replay`): the run's
        #: experiment when it started and the hyperparameter changes made on the way,
        #: as (steps taken then, changes)
        self.replay_bases: list[Experiment] = []
        self.replay_logs: list[ReplayLog] = []
        self._job: RebuildJob | None = None  # engines being rebuilt off the GUI thread
        self._after: Callable[[], None] | None = None  # Run/Step asked for meanwhile
        self._queued_hp: list[tuple[int, dict[str, Any]]] = []  # edits meanwhile
        self._job_done: Callable[[bool], None] | None = None
        self._new_run(self._build_runs(self.experiment, self.problem))

    # --- queries -----------------------------------------------------------------------------
    @property
    def run_id(self) -> int:
        return self._run_id

    @property
    def run_count(self) -> int:
        return len(self.histories)

    @property
    def history(self) -> History:
        """The selected run's history."""
        return self.histories[self.selected_run]

    @property
    def message(self) -> str:
        return self.messages[self.selected_run]

    @property
    def step_count(self) -> int:
        return self.step_counts[self.selected_run]

    @property
    def max_steps(self) -> int:
        return self.run_max_steps[self.selected_run]

    @property
    def steps_per_epoch(self) -> int:
        return self.run_steps_per_epoch[self.selected_run]

    @property
    def _run(self) -> Run | None:
        """Run 0 while the runs are still in this thread (tests read its problem)."""
        return self._runs[0] if self._runs else None

    @property
    def done(self) -> bool:
        """True when every run has stopped."""
        return all(s in RunState.DONE for s in self._engine_statuses)

    def run_done(self, i: int) -> bool:
        return self._engine_statuses[i] in RunState.DONE

    def run_status(self, i: int) -> str:
        """Run ``i``'s state: its end when it stopped, else running, paused or ready."""
        engine = self._engine_statuses[i]
        if engine in RunState.DONE:
            return engine
        if self._playing:
            return RunState.RUNNING
        if self._touched or self.step_counts[i] > 0:
            return RunState.PAUSED
        return RunState.READY

    def select_run(self, i: int) -> None:
        """Make run ``i`` the selected one (``history``, ``message``... are its)."""
        i = max(0, min(int(i), self.run_count - 1))
        if i != self.selected_run:
            self.selected_run = i
            self._update_status()
            self.selection_changed.emit(i)
            self.updated.emit()

    @property
    def playing(self) -> bool:
        return self._playing

    def thread_running(self) -> bool:
        """Whether the worker thread exists and has not finished."""
        return self._thread is not None and self._thread.isRunning()

    # --- experiment --------------------------------------------------------------------------
    def set_experiment(self, experiment: Experiment) -> None:
        """Switch to ``experiment``.

        When only optimizer hyperparameters changed the runs go on with them
        (:meth:`set_hyperparams`; a rename costs nothing). When runs were added or
        removed, or some runs' settings changed, the other runs keep their progress
        and history: their engines are rebuilt where they are by replay, off the GUI
        thread (:meth:`wait_for_rebuild`), and the new or changed runs start at step 0
        (they catch up in lockstep). Anything else (the problem, the data, what all
        runs share) resets every run. Raises :class:`ExperimentError` (the state kept
        as it was) when the experiment cannot be built, e.g. its CSV file is missing.
        """
        old = self.experiment
        hps = _race_hyperparam_changes(old, experiment)
        if hps is not None:
            if any(hps) or experiment != old:  # new rates, or only the runs' names
                self._take_hyperparams(experiment, hps)
            return
        same_problem = _problem_part(old) == _problem_part(experiment)
        plan = _run_plan(old, experiment) if same_problem else None
        try:
            problem = self.problem if same_problem else experiment.build_problem()
            if plan is not None and any(i is not None for i in plan):
                fresh = {
                    j: experiment.run_experiment(j).build_run(problem)
                    for j, i in enumerate(plan)
                    if i is None
                }
            else:
                plan, run = None, self._build_runs(experiment, problem)
        except ExperimentError:
            raise
        except (ValueError, OSError) as e:  # e.g. an init of the wrong length
            raise ExperimentError([("", str(e))]) from None
        if plan is not None:
            self._keep_runs(experiment, plan, fresh)
            return
        self.experiment, self.problem = experiment, problem
        if not same_problem:
            self.problem_changed.emit(problem)
        self._new_run(run)
        self.experiment_changed.emit(experiment)

    def _keep_runs(
        self, experiment: Experiment, plan: list[int | None], fresh: dict[int, Run]
    ) -> None:
        """Switch to ``experiment`` whose run j continues run ``plan[j]`` of now (or is
        ``fresh[j]``, at step 0): the kept runs' histories stay, their engines are
        rebuilt at their steps in the background."""
        playing = self._playing
        local = self._take_engines()
        specs: list[Any] = []
        for j, i in enumerate(plan):
            if i is None:
                specs.append(fresh[j])
            else:
                specs.append(self._engine_spec(i, self.step_counts[i], local))
        keep = {j: i for j, i in enumerate(plan) if i is not None}

        def pick(values: list, new: Callable[[Run], Any]) -> list:
            return [values[keep[j]] if j in keep else new(fresh[j]) for j in range(len(plan))]

        self.histories = pick(self.histories, self._fresh_history)
        self.step_counts = pick(self.step_counts, lambda r: r.step_count)
        self._engine_statuses = pick(self._engine_statuses, lambda r: r.status)
        self.messages = pick(self.messages, lambda r: r.message)
        self.run_max_steps = pick(self.run_max_steps, lambda r: r.max_steps)
        self.run_steps_per_epoch = pick(self.run_steps_per_epoch, lambda r: r.steps_per_epoch)
        self.replay_logs = pick(self.replay_logs, lambda r: [])
        self.replay_bases = [
            self.replay_bases[keep[j]] if j in keep else experiment.run_experiment(j)
            for j in range(len(plan))
        ]
        self.experiment = experiment
        if self.selected_run >= len(plan):
            self.selected_run = len(plan) - 1
            self.selection_changed.emit(self.selected_run)
        self.history_reset.emit()
        self.experiment_changed.emit(experiment)
        text = self.tr("Rebuilding the runs at their steps…")
        self._rebuild(specs, text, after=self.start if playing else None)

    def _fresh_history(self, r: Run) -> History:
        h = History(
            r.history.param_names,
            capacity=min(r.max_steps + 1, self.max_rows),
            max_rows=self.max_rows,
            with_lr=r.schedule is not None,
        )
        h.extend_rows(r.history.rows(0))
        return h

    def set_hyperparams(self, **hp: Any) -> None:
        """Change the selected run's optimizer hyperparameters; it takes them at its
        next step.

        Raises :class:`ExperimentError` for invalid values (nothing changes).
        """
        exp, i = self.experiment, self.selected_run
        if exp.runs:
            new = exp.with_run(i, exp.run_experiment(i).replace(optimizer=hp))
        else:
            new = exp.replace(optimizer=hp)
        hps: list[dict[str, Any]] = [{} for _ in range(self.run_count)]
        hps[i] = hp
        self._take_hyperparams(new, hps)

    def _take_hyperparams(self, exp: Experiment, hps: list[dict[str, Any]]) -> None:
        self.experiment = exp
        for i, hp in enumerate(hps):
            if not hp:
                continue
            self.replay_logs[i].append((self.step_counts[i], dict(hp)))  # for a replay
            if self._job is not None:  # the engines are being rebuilt: given them after
                self._queued_hp.append((i, dict(hp)))
            elif self._runs is not None:
                self._runs[i].set_hyperparams(**hp)
            else:
                self._send("hp", (i, hp))
        self.experiment_changed.emit(exp)

    def set_speed(self, steps_per_second: float) -> None:
        """Steps per second while running; 0 means as fast as possible."""
        self.speed = max(0.0, float(steps_per_second))
        if self._worker is not None:
            self._command.emit(("speed", self._run_id, self.speed))

    # --- run control -------------------------------------------------------------------------
    def start(self) -> None:
        """Run (from the start again when the run is over)."""
        if self._closed or self._defer(self.start):
            return
        if self.done:
            self.reset()
            if self.done:  # diverged or converged at the initial parameters
                return
        self._hand_off()
        self._send("play")
        self._playing = self._touched = True
        self._update_status()

    def pause(self) -> None:
        self._after = None  # a Run or Step waiting for a rebuild is called off
        if self._playing:
            self._send("pause")
            self._playing = False
            self._update_status()

    def toggle(self) -> None:
        """Run/Pause."""
        if self._playing:
            self.pause()
        else:
            self.start()

    def step(self, n: int = 1) -> None:
        """Take ``n`` steps (pausing a running run first)."""
        if self._closed or self._defer(lambda: self.step(n)) or self.done:
            return
        self.pause()
        self._hand_off()
        self._send("step", int(n))
        self._touched = True
        self._update_status()

    def step_epoch(self) -> None:
        """Take the steps left in the current epoch (a whole epoch at its start)."""
        if self._closed or self._defer(self.step_epoch) or self.done:
            return
        self.pause()
        self._hand_off()
        self._send("step_epoch")
        self._touched = True
        self._update_status()

    def reset(self) -> None:
        """Back to step 0 of the current experiment."""
        if self._closed:
            return
        self._cancel_rebuild()
        self._new_run(self._build_runs(self.experiment, self.problem))

    def run_to_end_sync(self) -> None:
        """Reset and run every run to its end in this thread, no worker (exports, tests)."""
        self.reset()
        runs = self._runs
        assert runs is not None
        advance_runs(runs, [None] * len(runs))
        self._take_rows(
            [
                (
                    i,
                    run.history.rows_since(int(self.histories[i].step[-1])),
                    run.status,
                    run.message,
                    run.step_count,
                )
                for i, run in enumerate(runs)
            ]
        )

    def shutdown(self, timeout_ms: int = 1000) -> bool:
        """Stop the worker and its thread; True when it ended within ``timeout_ms``.

        Batches still queued for this controller are dropped from here on.
        """
        self._closed = True
        self._playing = False
        self._run_id += 1  # anything still queued is stale now
        self._frame_done.set()  # a worker waiting for a frame goes on (and quits)
        thread = self._thread
        if thread is None:
            return True
        if thread.isRunning():
            self._command.emit(("quit", self._run_id, None))
            thread.quit()
            if not thread.wait(timeout_ms):
                print("gdgui: the worker did not stop in time; waiting for it", file=sys.stderr)
                thread.wait(5000)
        ok = thread.isFinished()
        if ok:
            _live_threads.discard(thread)
        self._thread = None
        self._worker = None
        return ok

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
        self._rebuild(specs, self.tr("Bringing the runs back…"))

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
        text = self.tr("Branching at step {0}…").format(f"{self.branch_step:,}")
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
        """A history of the rows of ``h`` up to ``row`` (one copy)."""
        out = History(
            h.param_names,
            capacity=min(max(self.run_max_steps, default=0) + 1, self.max_rows),
            max_rows=self.max_rows,
            with_lr=h.with_lr,
        )
        v = h.upto(int(h.step[row]))
        out.extend(v.step, v.epoch, v.params, v.loss, v.grad, v.lr)
        return out

    def _rebuild(
        self,
        specs: list[Any],
        text: str,
        after: Callable[[], None] | None = None,
        done: Callable[[bool], None] | None = None,
    ) -> None:
        """Build the engines of ``specs`` (one per run) off the GUI thread; then take
        them, call ``done(exact)`` and ``after`` (or a Run/Step asked for meanwhile)."""
        job = RebuildJob(self.problem, specs, cancelled=lambda: self._closed)
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

    @Slot(object)
    def _take_rebuilt(self, job: RebuildJob) -> None:
        """The rebuilt engines arrived: the runs go on from them."""
        if job is not self._job:
            return  # called off, or taken already
        self._job = None
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
                self._engine_statuses[i] = FAILED
                self.messages[i] = self.tr("The run stopped with an error at step {0}: {1}").format(
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

    # --- internals ---------------------------------------------------------------------------
    @staticmethod
    def _build_runs(experiment: Experiment, problem: Any) -> list[Run]:
        """The engine's runs of ``experiment`` on ``problem``: one per run."""
        if not experiment.runs:
            return [experiment.build_run(problem)]
        return list(experiment.build_race(problem).runs)

    def _new_run(self, runs: list[Run]) -> None:
        """Start over with ``runs`` (the runs of a race, one for a single run), each with a
        window history that is a copy of its own rows and its replay state."""
        self._cancel_rebuild()
        self.replay_bases = [self.experiment.run_experiment(i) for i in range(len(runs))]
        self.replay_logs = [[] for _ in runs]
        self.branch_step = None
        self._run_id += 1
        if self._worker is not None:
            self._command.emit(("load", self._run_id, None))  # stop the old runs at once
        self._runs = runs
        self._playing = False
        self._touched = False  # stepped or started since the reset
        self.run_max_steps = [r.max_steps for r in runs]
        self.run_steps_per_epoch = [r.steps_per_epoch for r in runs]
        self.step_counts = [r.step_count for r in runs]
        # Room for the whole run (up to the bound) up front: numpy's zeroed allocation is
        # lazy (pages are touched only when written), and growing later would copy the
        # history on the GUI thread (~40 ms at 500k rows). The bound is per run.
        self.histories = [self._fresh_history(r) for r in runs]
        self._engine_statuses = [r.status for r in runs]
        self.messages = [r.message for r in runs]
        if self.selected_run >= len(runs):
            self.selected_run = len(runs) - 1
            self.selection_changed.emit(self.selected_run)
        self.history_reset.emit()
        self._update_status(force=True)
        self.updated.emit()

    def _hand_off(self) -> None:
        """Give the runs to the worker (starting its thread on first use)."""
        if self._runs is None:
            return
        if self._thread is None:
            self._thread = QThread()
            self._thread.setObjectName("gdgui-worker")
            # the thread object outlives a controller that was dropped without shutdown()
            # until it has finished (destroying a running QThread aborts the process)
            for t in [t for t in _live_threads if t.isFinished()]:
                _live_threads.discard(t)
            _live_threads.add(self._thread)
            self._worker = Worker(self._frame_done)
            self._worker.moveToThread(self._thread)
            self._thread.finished.connect(self._worker.deleteLater)
            self._command.connect(self._worker.command, Qt.ConnectionType.QueuedConnection)
            self._worker.batch.connect(self._on_batch, Qt.ConnectionType.QueuedConnection)
            self._thread.start()
            self._command.emit(("speed", self._run_id, self.speed))
        self._command.emit(("load", self._run_id, self._runs))
        self._runs = None

    def _send(self, name: str, arg: Any = None) -> None:
        self._command.emit((name, self._run_id, arg))

    @Slot(object)
    def _on_batch(self, batch: tuple) -> None:
        if batch[0] != self._run_id:
            self.dropped_batches += 1
            return
        self._take_rows(batch[1])

    def _take_rows(self, entries: list[tuple[int, dict, str, str, int]]) -> None:
        """Per run: ``(index, rows, status, message, step_count)``."""
        for i, rows, status, message, step_count in entries:
            if len(rows["loss"]):
                self.histories[i].extend_rows(rows)
            self.step_counts[i] = step_count
            self._engine_statuses[i] = status
            self.messages[i] = message
        if self.done:
            self._playing = False
        self._update_status()
        self.updated.emit()
        if not self.paced_by_view:
            self._frame_done.set()

    def frame_done(self) -> None:
        """A view has drawn the history: the worker may compute the next batch."""
        self._frame_done.set()

    def _update_status(self, force: bool = False) -> None:
        if self.done:
            status = self._engine_statuses[self.selected_run]
        elif self._playing:
            status = RunState.RUNNING
        elif self._touched or any(n > 0 for n in self.step_counts):
            status = RunState.PAUSED
        else:
            status = RunState.READY
        if status != self.status or force:
            self.status = status
            self.status_changed.emit(status)


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
