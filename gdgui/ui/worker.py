"""The controller's worker: the QObject that advances a run in its own QThread.

Only :mod:`gdgui.ui.controller` imports this module (an import-linter contract
says so): everything else talks to the controller.

The :class:`Worker` lives in a :class:`QThread`. It advances the engine's
:class:`~gdgui.core.runner.Run` in slices of at most :data:`SLICE` seconds and
sends one batch per slice, tagged with the run's id:
``(run_id, rows, status, message, step_count)``. Between slices it waits (at most
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

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot

from ..core.runner import Run

__all__ = ["FAILED", "FRAME_WAIT", "SLICE", "Worker"]

#: a worker slice never runs longer than this (seconds)
SLICE = 0.005  # seconds of work per slice: short, so the window gets the GIL back quickly
#: the worker waits at most this long for the window to draw the last batch (seconds)
FRAME_WAIT = 0.02
#: the status sent when the problem raised an error
FAILED = "failed"


def _last_step(run: Run) -> int:
    h = run.history
    return int(h.step[-1]) if len(h) else -1


class Worker(QObject):
    """Lives in the worker thread; holds the engine :class:`Run` it advances."""

    batch = Signal(object)  # (run_id, rows, status, message, step_count)

    def __init__(self, frame_done: threading.Event):
        super().__init__()
        self._frame_done = frame_done
        self._run: Run | None = None
        self._run_id = -1
        self._sent_step = -1  # the last step of the run's history already sent
        self._mode = "idle"  # "idle" | "play" | "steps"
        self._steps_left = 0
        self._speed = 0.0  # steps per second; 0 = unlimited
        self._t0 = 0.0  # pacing clock: at t0 the run had taken c0 steps
        self._c0 = 0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    # --- commands (queued from the GUI thread, run here between slices) ----------------------
    @Slot(object)
    def command(self, cmd: tuple) -> None:
        """``(name, run_id, arg)``: load, speed, quit, play, pause, step, step_epoch, hp."""
        name, run_id, arg = cmd
        if name == "load":
            self._stop()
            self._run, self._run_id = arg, run_id
            self._sent_step = _last_step(arg) if arg is not None else -1
            return
        if name == "speed":
            self._speed = float(arg)
            self._restart_clock()
            if self._mode == "play":
                self._timer.start(self._interval_ms())
            return
        if name == "quit":
            self._stop()
            self._run = None
            return
        run = self._run
        if run is None or run_id != self._run_id:
            return  # a command for a run this worker no longer holds
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
            n = run.steps_to_epoch_end() if name == "step_epoch" else int(arg)
            self._mode, self._steps_left = "steps", n
            self._timer.start(0)
        elif name == "hp":
            try:
                run.set_hyperparams(**arg)
            except ValueError as e:  # validated by the controller; never expected
                print(f"gdgui: ignored hyperparameters {arg}: {e}", file=sys.stderr)

    # --- the slices --------------------------------------------------------------------------
    def _interval_ms(self) -> int:
        if self._speed <= 0:
            return 0
        return max(int(1000 / self._speed), int(1000 * SLICE))

    def _restart_clock(self, first_step_now: bool = False) -> None:
        self._t0 = time.perf_counter()
        self._c0 = self._run.step_count if self._run is not None else 0
        if first_step_now:
            self._c0 += 1  # one step is due at once

    def _tick(self) -> None:
        try:
            self._advance()
        except Exception as e:  # a problem that fails to evaluate: say so, never spin
            import traceback

            traceback.print_exc()
            self._stop()
            run, self._run = self._run, None
            if run is not None:
                msg = QCoreApplication.translate(
                    "Controller", "The run stopped with an error at step {0}: {1}: {2}"
                ).format(run.step_count, type(e).__name__, e)
                self.batch.emit((self._run_id, run.history.rows_since(self._sent_step), FAILED,
                                 msg, run.step_count))

    def _advance(self) -> None:
        run = self._run
        if run is None or self._mode == "idle":
            self._stop()
            return
        # Back-pressure: let the window draw the last batch before computing the next
        # one. Both threads need the GIL; without this a worker at full speed slows
        # the window's drawing (pure Python in pyqtgraph) several times over.
        self._frame_done.wait(FRAME_WAIT)
        if self._mode == "steps":
            self._steps_left -= run.advance(max_steps=self._steps_left, max_seconds=SLICE)
            if self._steps_left <= 0:
                self._stop()
        elif self._speed <= 0:
            run.advance(max_seconds=SLICE)
        else:
            due = int((time.perf_counter() - self._t0) * self._speed) - (
                run.step_count - self._c0
            )
            if due > 0:
                run.advance(max_steps=due, max_seconds=SLICE)
            if due > self._speed / 4 + 1:  # cannot keep up: do not try to catch up later
                self._restart_clock()
        if run.done:
            self._stop()
        elif self._mode == "play" and self._timer.interval() != self._interval_ms():
            self._timer.setInterval(self._interval_ms())
        self._send()

    def _send(self) -> None:
        run = self._run
        if run is None:
            return
        last = _last_step(run)
        if last == self._sent_step and not run.done and self._mode != "idle":
            return
        rows = run.history.rows_since(self._sent_step)
        if len(rows["step"]):
            self._sent_step = int(rows["step"][-1])
        self._frame_done.clear()
        self.batch.emit((self._run_id, rows, run.status, run.message, run.step_count))

    def _stop(self) -> None:
        self._mode = "idle"
        self._steps_left = 0
        self._timer.stop()
