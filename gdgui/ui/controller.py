"""The controller: drives the worker that steps the runs and owns the histories the plots draw.

Data flows one way. A panel hands a new :class:`Experiment` to
:meth:`Controller.set_experiment`; the controller (re)builds the engine's runs (a
race: :meth:`Experiment.build_race`, ``exp.run_count`` runs on one problem; one run
is the single run of before) or, when only hyperparameters changed, passes them on
to the run they belong to. The worker advances the runs in lockstep slices
(:class:`gdgui.core.stepper.Stepping`) and sends one batch about every 1/60 s for all
of them, tagged with the race's id:
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

The worker is the **stepper process** (:mod:`gdgui.core.stepper`, one per
application, reached through :mod:`gdgui.ui.stepper_client`; only this module
imports it), so the stepping never holds the GUI process's GIL (measured:
docs/benchmarks.md, "The stepper process"). The fallback is the **QThread worker**
(:class:`gdgui.ui.worker.Worker`; only this module imports it): for runs that do not
pickle, data of more than
:data:`~gdgui.ui.stepper_client.PROCESS_MAX_SAMPLES` points (sending it at each
reset would cost more than a few ms: ~1 ms at 10^5 points, ~150 ms at 10^6), a
process that cannot start, or ``GDGUI_WORKER=thread``
(:func:`~gdgui.ui.stepper_client.worker_kind`). A pause waits (at most
:data:`PAUSE_WAIT`) for the process to say where the runs stopped, so what the
window shows after Pause is where they are. If the process dies, the runs it held
stop as failed and the next Run starts a new one.

Commands are applied between slices, in the order they were given (queued signals
to the thread, frames on the process's stdin): a new learning rate takes effect at
the next step without a restart.

The run is built in the GUI thread and handed to the worker the first time it
has to move (Run, Step); until then (and in :meth:`run_to_end_sync`, used by
headless exports) it stays here.

Time travel (branching every run of the race off its past, undoing that) and race
edits that keep the runs (adding, duplicating or removing a run, or changing one
run's settings, keeps the other runs' progress) come from the base class
:class:`~gdgui.ui.race_travel.RaceTravel`: they rebuild the engines by replay off
the GUI thread; Run and Step given meanwhile wait for them.
"""

from __future__ import annotations

import itertools
import sys
import threading
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from ..core.experiment import Experiment, ExperimentError, preset
from ..core.history import History
from ..core.replay import ReplayLog
from ..core.runner import Run, Status
from ..core.stepper import Failure
from . import stepper_client
from .race_travel import RaceTravel, _problem_part, _race_hyperparam_changes, _run_plan
from .rebuild import RebuildJob
from .worker import FAILED, Worker, advance_runs

__all__ = [
    "SPEEDS",
    "WINDOW_MAX_ROWS",
    "Controller",
    "RunState",
    "prestart_stepper",
    "stop_all_workers",
]

#: the speed slider's stops, in steps per second; 0 means unlimited
SPEEDS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10000, 0)

#: rows the window's history keeps at most (it thins the far past beyond that)
WINDOW_MAX_ROWS = 2_000_000


#: how long a pause waits for the stepper process to say where the runs stopped (seconds)
PAUSE_WAIT = 0.1

_live_threads: set[QThread] = set()  # worker threads not yet finished, whoever owned them
_keys = itertools.count(1)  # a controller's key in the stepper process


def prestart_stepper() -> None:
    """Start the stepper process in the background (when the window opens), so the first
    Run does not wait for it."""
    if stepper_client.worker_kind() == "process":
        stepper_client.client().prestart()


def stop_all_workers(timeout_ms: int = 1000) -> None:
    """Stop every worker thread still running and the stepper process (at application exit)."""
    for thread in list(_live_threads):
        thread.quit()
        if thread.wait(timeout_ms):
            _live_threads.discard(thread)
    stepper_client.stop_client()


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


class Controller(RaceTravel, QObject):
    """Runs one experiment (its runs side by side) at a time; see the module docstring
    (time travel and race edits: :class:`~gdgui.ui.race_travel.RaceTravel`)."""

    FAILED_STATUS = FAILED

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
    _to_thread = Signal(object)  # the commands for the thread worker (queued)

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
        #: this controller's key in the stepper process; whether it is registered there,
        #: and the id of the race the process holds for it (-1: none)
        self._key = next(_keys)
        self._in_process = False
        self._process_run_id = -1
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
        #: hyperparameter changes sent to the worker, awaiting the step it applied them at:
        #: (run id, run index, the replay-log entry)
        self._hp_pending: list[tuple[int, int, tuple[int, dict[str, Any]]]] = []
        self._job_done: Callable[[bool], None] | None = None
        #: histories cut at a branch that are still views of the rows they keep, with the
        #: room each wants: the next rebuild copies their rows off the GUI thread
        self._unowned: weakref.WeakKeyDictionary[History, int] = weakref.WeakKeyDictionary()
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

    def applied_log(self, i: int | None = None) -> ReplayLog:
        """Run ``i``'s (the selected run's) hyperparameter changes as (steps taken when
        they took effect, changes): a copy of its replay log without the changes still on
        their way to the worker (their step is not known yet). Read-only."""
        i = self.selected_run if i is None else int(i)
        pending = [e for rid, j, e in self._hp_pending if rid == self._run_id and j == i]
        return [(e[0], dict(e[1])) for e in self.replay_logs[i] if not any(e is p for p in pending)]

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
        """Whether a worker is attached: the stepper process, or a thread that has not
        finished."""
        return self._in_process or (self._thread is not None and self._thread.isRunning())

    @property
    def worker_backend(self) -> str:
        """Where the current race steps: "process", "thread" or "" (not handed off yet)."""
        if self._runs is not None:
            return ""
        return "process" if self._process_run_id == self._run_id else "thread"

    # --- experiment --------------------------------------------------------------------------
    def set_experiment(self, experiment: Experiment) -> None:
        """Switch to ``experiment``.

        When only optimizer hyperparameters changed the runs go on with them
        (:meth:`set_hyperparams`; a rename costs nothing). When runs were added or
        removed, or some runs' settings changed, the other runs keep their progress
        and history: their engines are rebuilt where they are by replay, off the GUI
        thread (:meth:`wait_for_rebuild`), and the new or changed runs start at step 0
        (they catch up in lockstep). Anything else (the problem, the data, what all
        runs share) resets every run; a change of ``loss_scale`` alone (a view setting)
        changes no run. Raises :class:`ExperimentError` (the state kept
        as it was) when the experiment cannot be built, e.g. its CSV file is missing.
        """
        old = self.experiment
        if experiment.loss_scale != old.loss_scale and experiment == old.replace(
            loss_scale=experiment.loss_scale
        ):  # a view setting only (the loss plot's axis): the runs go on
            self.experiment = experiment
            self.experiment_changed.emit(experiment)
            return
        hps = _race_hyperparam_changes(old, experiment)
        if hps is not None:
            if any(hps) or experiment != old:  # new rates, or only the runs' names
                self._take_hyperparams(experiment, hps)
            return
        same_problem = _problem_part(old) == _problem_part(experiment)
        plan = _run_plan(old, experiment) if same_problem else None
        if plan is not None:
            self.edit_runs(experiment, plan)
            return
        try:
            problem = self.problem if same_problem else experiment.build_problem()
            run = self._build_runs(experiment, problem)
        except ExperimentError:
            raise
        except (ValueError, OSError) as e:  # e.g. an init of the wrong length
            one = e.args[0] if len(e.args) == 1 and isinstance(e.args[0], str) else str(e)
            raise ExperimentError([("", one)]) from None  # a Message stays one
        self.experiment, self.problem = experiment, problem
        if not same_problem:
            self.problem_changed.emit(problem)
        self._new_run(run)
        self.experiment_changed.emit(experiment)

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
            entry = (self.step_counts[i], dict(hp))
            self.replay_logs[i].append(entry)  # for a replay
            if self._job is not None:  # the engines are being rebuilt: given them after
                self._queued_hp.append((i, dict(hp)))
            elif self._runs is not None:
                self._runs[i].set_hyperparams(**hp)
            else:
                # the worker may be a few steps ahead of the rows shown: it says at which
                # step the change took effect, and the log is corrected then (_hp_applied)
                self._hp_pending.append((self._run_id, i, entry))
                self._send("hp", (i, hp))
        self.experiment_changed.emit(exp)

    def set_speed(self, steps_per_second: float) -> None:
        """Steps per second while running; 0 means as fast as possible."""
        self.speed = max(0.0, float(steps_per_second))
        self._dispatch(("speed", self._run_id, self.speed))

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
        if self._in_process:
            self._in_process = False
            stepper_client.client().unregister(self._key)  # the process drops its race
        self._process_run_id = -1
        thread = self._thread
        if thread is None:
            return True
        if thread.isRunning():
            self._dispatch(("quit", self._run_id, None))
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
        self.race += 1  # runs saved before (a removal's undo) do not come back into it
        self.replay_bases = [self.experiment.run_experiment(i) for i in range(len(runs))]
        self.replay_logs = [[] for _ in runs]
        self.branch_step = None
        self._run_id += 1
        self._dispatch(("load", self._run_id, None))  # stop the old runs at once
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
        """Give the runs to the stepper process when it can take them, else to the
        thread worker (starting the process or the thread on first use)."""
        if self._runs is None:
            return
        runs, self._runs = self._runs, None
        payload = stepper_client.payload(runs)
        if payload is not None and self._attach_process():
            self._process_run_id = self._run_id
            if stepper_client.client().send(self._key, ("load", self._run_id, payload)):
                return
        self._process_run_id = -1
        self._start_thread()
        self._to_thread.emit(("load", self._run_id, runs))

    def _attach_process(self) -> bool:
        """Register with a running stepper process (started if needed)."""
        c = stepper_client.client()
        if not c.ensure():
            return False
        if not self._in_process:
            c.register(self._key, self._on_batch, self._on_stepper_lost)
            self._in_process = True
            c.send(self._key, ("speed", self._run_id, self.speed))
        return True

    def _on_stepper_lost(self) -> None:
        """The stepper process died: the runs it held stop, FAILED, and say so."""
        self._in_process = False
        if self._process_run_id != self._run_id or self._closed:
            return
        self._process_run_id = -1
        msg = QCoreApplication.translate(
            "Controller", "The stepping process stopped unexpectedly at step {0}."
        )
        empty = {"loss": np.empty(0)}
        entries = []
        for i, (s, m, n) in enumerate(zip(self._engine_statuses, self.messages, self.step_counts)):
            entries.append(
                (i, empty, s, m, n) if s in RunState.DONE else (i, empty, FAILED, msg.format(n), n)
            )
        self._take_rows(entries)

    def _dispatch(self, cmd: tuple) -> None:
        """A command to every attached worker (each ignores those of races it does not hold)."""
        if self._worker is not None:
            self._to_thread.emit(cmd)
        if self._in_process:
            stepper_client.client().send(self._key, cmd)

    def _start_thread(self) -> None:
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
            self._to_thread.connect(self._worker.command, Qt.ConnectionType.QueuedConnection)
            self._worker.batch.connect(self._on_batch, Qt.ConnectionType.QueuedConnection)
            self._thread.start()
            self._to_thread.emit(("speed", self._run_id, self.speed))

    def _send(self, name: str, arg: Any = None) -> None:
        self._dispatch((name, self._run_id, arg))
        if name == "pause" and self._in_process and self._process_run_id == self._run_id:
            # the process answers a pause at once: show where the runs stopped, as the
            # thread (sharing this process) nearly always does by the next event
            stepper_client.client().wait_for_pause(self._key, PAUSE_WAIT)

    @Slot(object)
    def _on_batch(self, batch: tuple) -> None:
        if batch[0] != self._run_id:
            self.dropped_batches += 1
            return
        _run_id, entries, applied = batch
        for i, step in applied:
            self._hp_applied(i, step)
        if any(isinstance(e[3], Failure) for e in entries):
            entries = [
                (i, rows, status, _failure_text(m) if isinstance(m, Failure) else m, n)
                for i, rows, status, m, n in entries
            ]
        self._take_rows(entries)

    def _hp_applied(self, i: int, step: int) -> None:
        """The worker applied run ``i``'s oldest pending hyperparameter change at ``step``:
        its replay log says so (a replay, and so a branch, is exact again)."""
        pending = [p for p in self._hp_pending if p[0] == self._run_id]
        for n, (_rid, j, entry) in enumerate(pending):
            if j != i:
                continue
            del pending[n]
            log = self.replay_logs[i]
            for k, e in enumerate(log):
                if e is entry:
                    log[k] = (int(step), entry[1])
                    break
            break
        self._hp_pending = pending

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


def _failure_text(f: Failure) -> str:
    return QCoreApplication.translate(
        "Controller", "The run stopped with an error at step {0}: {1}: {2}"
    ).format(f.step, f.error, f.text)
