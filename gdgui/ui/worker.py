"""The controller's worker: the QObject that advances the runs of a race in its own QThread.

Only :mod:`gdgui.ui.controller` imports this module (an import-linter contract
says so): everything else talks to the controller.

The :class:`Worker` lives in a :class:`QThread`. It advances the engine's
:class:`~gdgui.core.runner.Run` objects of a race (the runs of
:meth:`~gdgui.core.experiment.Experiment.build_race`; one run is today's single run) in
slices of at most :data:`SLICE` seconds and sends one batch per slice for all of them,
tagged with the race's id: ``(run_id, [(index, rows, status, message, step_count), ...])``.
The runs move in lockstep (:func:`advance_runs`, the rule of
:meth:`gdgui.core.race.Race.advance`, with a step limit per run so that Step epoch
can take each run to its own epoch's end); each is stepped by its own ``Run``, so
each trajectory is that run's alone, bit for bit. A run that stops (diverged,
converged, finished) stops alone. Between slices it waits (at most
:data:`FRAME_WAIT`) for the window to draw the last batch (back-pressure: both
threads need the GIL), so batches arrive about every 1/60 s and the window never
falls behind (docs/benchmarks.md, the GUI section).

Rows are sent by step, not by row number: a run's history is bounded and thins its
far past, so row numbers shift; :meth:`~gdgui.core.history.History.rows_since`
the last step sent gives exactly the new rows, in order, never one sent before.

Commands arrive as queued signals (see :meth:`Worker.command`), so they are
applied between slices, in the order they were given.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot

from ..core.runner import Run

__all__ = ["FAILED", "FRAME_WAIT", "SLICE", "Worker", "advance_runs"]

#: a worker slice never runs longer than this (seconds)
SLICE = 0.005  # seconds of work per slice: short, so the window gets the GIL back quickly
#: the worker waits at most this long for the window to draw the last batch (seconds)
FRAME_WAIT = 0.02
#: the status sent when the problem raised an error
FAILED = "failed"


def _last_step(run: Run) -> int:
    h = run.history
    return int(h.step[-1]) if len(h) else -1


def advance_runs(
    runs: Sequence[Run], limits: Sequence[int | None], max_seconds: float | None = None
) -> list[int]:
    """Advance each run ``r`` by up to ``limits[r]`` steps (None: to its end), in lockstep
    (the runs furthest behind first, each by at most ``Run.CLOCK_EVERY`` steps a round),
    for about ``max_seconds`` in all. Returns the steps each took."""
    taken = [0] * len(runs)
    deadline = None if max_seconds is None else time.perf_counter() + max_seconds
    chunk = Run.CLOCK_EVERY if deadline is not None else Run.FLUSH_EVERY
    for run in runs:  # a run at its limit reports it finished, as Run does
        if not run.done and run.step_count >= run.max_steps:
            run.advance(max_steps=0)

    def left(r: int) -> int:
        run, limit = runs[r], limits[r]
        if run.done:
            return 0
        room = run.max_steps - run.step_count
        return room if limit is None else min(room, limit - taken[r])

    while True:
        active = [r for r in range(len(runs)) if left(r) > 0]
        if not active:
            return taken
        target = min(runs[r].step_count for r in active) + chunk
        for r in sorted(active, key=lambda i: runs[i].step_count):
            want = min(left(r), target - runs[r].step_count)
            if want > 0:
                taken[r] += runs[r].advance(max_steps=want)
            if deadline is not None and time.perf_counter() >= deadline:
                return taken


class Worker(QObject):
    """Lives in the worker thread; holds the engine :class:`Run` objects it advances."""

    batch = Signal(object)  # (run_id, [(index, rows, status, message, step_count), ...])

    def __init__(self, frame_done: threading.Event):
        super().__init__()
        self._frame_done = frame_done
        self._runs: list[Run] | None = None
        self._run_id = -1
        self._sent_steps: list[int] = []  # per run: the last step of its history already sent
        self._mode = "idle"  # "idle" | "play" | "steps"
        self._steps_left: list[int] = []  # per run, in "steps" mode
        self._speed = 0.0  # steps per second; 0 = unlimited
        self._t0 = 0.0  # pacing clock: at t0 the leading run had taken c0 steps
        self._c0 = 0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    # --- commands (queued from the GUI thread, run here between slices) ----------------------
    @Slot(object)
    def command(self, cmd: tuple) -> None:
        """``(name, run_id, arg)``: load (a list of runs), speed, quit, play, pause, step,
        step_epoch, hp (``(run index, {name: value})``)."""
        name, run_id, arg = cmd
        if name == "load":
            self._stop()
            self._runs, self._run_id = (list(arg) if arg is not None else None), run_id
            self._sent_steps = [_last_step(r) for r in self._runs or []]
            return
        if name == "speed":
            self._speed = float(arg)
            self._restart_clock()
            if self._mode == "play":
                self._timer.start(self._interval_ms())
            return
        if name == "quit":
            self._stop()
            self._runs = None
            return
        runs = self._runs
        if runs is None or run_id != self._run_id:
            return  # a command for a race this worker no longer holds
        if name == "play":
            self._mode = "play"
            self._restart_clock(first_step_now=True)
            # the first tick comes at once (after commands already queued, which may
            # cancel it), the next ones at the speed's interval
            self._timer.start(0)
        elif name == "pause":
            self._stop()
            self._send()
        elif name in ("step", "step_epoch"):
            self._steps_left = [
                r.steps_to_epoch_end() if name == "step_epoch" else int(arg) for r in runs
            ]
            self._mode = "steps"
            self._timer.start(0)
        elif name == "hp":
            index, hp = arg
            try:
                runs[index].set_hyperparams(**hp)
            except (ValueError, IndexError) as e:  # validated by the controller; never expected
                print(f"gdgui: ignored hyperparameters {hp} of run {index}: {e}", file=sys.stderr)

    # --- the slices --------------------------------------------------------------------------
    def _interval_ms(self) -> int:
        if self._speed <= 0:
            return 0
        return max(int(1000 / self._speed), int(1000 * SLICE))

    def _lead(self) -> int:
        """The step count of the run furthest ahead among those still going (pacing)."""
        runs = self._runs or []
        going = [r.step_count for r in runs if not r.done] or [r.step_count for r in runs]
        return max(going, default=0)

    def _restart_clock(self, first_step_now: bool = False) -> None:
        self._t0 = time.perf_counter()
        self._c0 = self._lead()
        if first_step_now:
            self._c0 += 1  # one step is due at once

    def _tick(self) -> None:
        try:
            self._advance()
        except Exception as e:  # a problem that fails to evaluate: say so, never spin
            import traceback

            traceback.print_exc()
            self._stop()
            runs, self._runs = self._runs, None
            if runs is not None:
                entries = []
                for i, run in enumerate(runs):
                    status, msg = run.status, run.message
                    if not run.done:  # the runs still going stop with the error
                        status = FAILED
                        msg = QCoreApplication.translate(
                            "Controller", "The run stopped with an error at step {0}: {1}: {2}"
                        ).format(run.step_count, type(e).__name__, e)
                    entries.append(
                        (
                            i,
                            run.history.rows_since(self._sent_steps[i]),
                            status,
                            msg,
                            run.step_count,
                        )
                    )
                self.batch.emit((self._run_id, entries))

    def _advance(self) -> None:
        runs = self._runs
        if runs is None or self._mode == "idle":
            self._stop()
            return
        # Back-pressure: let the window draw the last batch before computing the next
        # one. Both threads need the GIL; without this a worker at full speed slows
        # the window's drawing (pure Python in pyqtgraph) several times over.
        self._frame_done.wait(FRAME_WAIT)
        if self._mode == "steps":
            taken = advance_runs(runs, self._steps_left, max_seconds=SLICE)
            self._steps_left = [n - t for n, t in zip(self._steps_left, taken)]
            if all(n <= 0 or r.done for n, r in zip(self._steps_left, runs)):
                self._stop()
        elif self._speed <= 0:
            advance_runs(runs, [None] * len(runs), max_seconds=SLICE)
        else:
            due = int((time.perf_counter() - self._t0) * self._speed) - (self._lead() - self._c0)
            if due > 0:
                advance_runs(runs, [due] * len(runs), max_seconds=SLICE)
            if due > self._speed / 4 + 1:  # cannot keep up: do not try to catch up later
                self._restart_clock()
        if all(r.done for r in runs):
            self._stop()
        elif self._mode == "play" and self._timer.interval() != self._interval_ms():
            self._timer.setInterval(self._interval_ms())
        self._send()

    def _send(self) -> None:
        runs = self._runs
        if runs is None:
            return
        lasts = [_last_step(r) for r in runs]
        if lasts == self._sent_steps and not all(r.done for r in runs) and self._mode != "idle":
            return
        entries = []
        for i, run in enumerate(runs):
            rows = run.history.rows_since(self._sent_steps[i])
            if len(rows["step"]):
                self._sent_steps[i] = int(rows["step"][-1])
            entries.append((i, rows, run.status, run.message, run.step_count))
        self._frame_done.clear()
        self.batch.emit((self._run_id, entries))

    def _stop(self) -> None:
        self._mode = "idle"
        self._steps_left = []
        self._timer.stop()
