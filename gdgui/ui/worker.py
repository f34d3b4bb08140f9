"""The controller's fallback worker: a QObject that advances the runs of a race in a QThread.

Only :mod:`gdgui.ui.controller` imports this module (an import-linter contract
says so): everything else talks to the controller.

The window's runs normally advance in the stepper process
(:mod:`gdgui.core.stepper`, :mod:`gdgui.ui.stepper_client`), where they never hold
the GUI process's GIL. This worker is the fallback: for runs that do not pickle,
data too large to send to the process, a process that cannot start, or
``GDGUI_WORKER=thread``. It drives the same :class:`~gdgui.core.stepper.Stepping`
(the same commands, pacing, lockstep :func:`~gdgui.core.stepper.advance_runs` and
batches ``(run_id, [(index, rows, status, message, step_count), ...])``) from a
QTimer in its own :class:`QThread`, one slice of at most :data:`SLICE` seconds per
tick and one batch per slice. Between slices it waits (at most :data:`FRAME_WAIT`)
for the window to draw the last batch (back-pressure: both threads need the GIL),
so batches arrive about every 1/60 s and the window never falls behind.

Commands arrive as queued signals (see :meth:`Worker.command`), so they are
applied between slices, in the order they were given.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from ..core.stepper import FAILED, SLICE, Stepping, advance_runs

__all__ = ["FAILED", "FRAME_WAIT", "SLICE", "Worker", "advance_runs"]

#: the worker waits at most this long for the window to draw the last batch (seconds)
FRAME_WAIT = 0.02


class Worker(QObject):
    """Lives in the worker thread; holds the :class:`Stepping` of the race it advances."""

    batch = Signal(object)  # (run_id, [(index, rows, status, message, step_count), ...])

    def __init__(self, frame_done: threading.Event):
        super().__init__()
        self._frame_done = frame_done
        self._stepping = Stepping()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    @Slot(object)
    def command(self, cmd: tuple) -> None:
        """``(name, run_id, arg)``: see :meth:`Stepping.command`."""
        s = self._stepping
        name = cmd[0]
        was_playing = s.active and s.mode == "play"
        s.command(cmd)
        if not s.active:
            self._timer.stop()
        elif name == "speed":
            if was_playing:
                self._timer.start(self._interval_ms())
        elif name in ("play", "step", "step_epoch"):
            # the first tick comes at once (after commands already queued, which may
            # cancel it), the next ones at the speed's interval
            self._timer.start(0)
        self._send()  # a pause sends what the runs took since the last batch

    def _interval_ms(self) -> int:
        return int(1000 * self._stepping.interval())

    def _tick(self) -> None:
        s = self._stepping
        if s.active:
            # Back-pressure: let the window draw the last batch before computing the
            # next one. Both threads need the GIL; without this a worker at full speed
            # slows the window's drawing (pure Python in pyqtgraph) several times over.
            self._frame_done.wait(FRAME_WAIT)
        s.tick(SLICE)
        if not s.active:
            self._timer.stop()
        elif s.mode == "play" and self._timer.interval() != self._interval_ms():
            self._timer.setInterval(self._interval_ms())
        self._send()

    def _send(self) -> None:
        batch = self._stepping.collect()
        if batch is not None:
            self._frame_done.clear()
            self.batch.emit(batch)
