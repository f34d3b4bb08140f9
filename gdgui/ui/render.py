"""The render tick: the window redraws its plots, docks and readouts from the
controller's histories on a timer, never once per batch.

A frame the timer starts is drawn in *stages*, each in an event-loop turn of its own
(a timer between them): each visible plot, drawn and painted; the docks; then,
about 15 times a second while running, the readouts and panels, the Runs table and the
step log. Qt paints what a turn changed before any timer fires again, so a frame drawn
in one turn held the GUI thread for the sum of its parts (with 16 runs 30-60 ms); in
stages, timers and input get a turn between them and each holds it a few ms
(docs/benchmarks.md, "Frames in stages").

:meth:`FrameClock.render_now` draws a whole frame at once (tests, exports, a state
change that must show now).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer

from .controller import RunState

__all__ = ["RENDER_INTERVAL_MS", "RUNS_FRAME_BUDGET_S", "TEXT_INTERVAL_S", "FrameClock"]

RENDER_INTERVAL_MS = 16  # the render tick: at most ~60 redraws a second
TEXT_INTERVAL_S = 1 / 15  # readouts and step log while running
#: while running, a plot's stage draws runs for about this long (the selected run
#: first, the others in turn) and leaves the rest to the plot's next frame: with many
#: runs side by side no stage holds the GUI thread much longer (docs/benchmarks.md)
RUNS_FRAME_BUDGET_S = 0.008
#: the pause between two stages of a frame (ms); even at 0 the stage timer's timeout
#: comes in a later turn of the event loop, after what is pending (tests/test_render_stages.py)
STAGE_GAP_MS = 0
#: the parts of the text stages, in order
TEXT_PARTS = ("readouts", "runs", "step log")


class FrameClock(QObject):
    """Times and draws the frames of ``window`` (a :class:`~gdgui.ui.window.MainWindow`:
    its controller, plots, docks, readouts, panels, Runs dock, step log, time travel)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.w = window
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        self._stage_timer = QTimer(self)
        self._stage_timer.setSingleShot(True)
        self._stage_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._stage_timer.setInterval(STAGE_GAP_MS)
        self._stage_timer.timeout.connect(self._next_stage)
        self._stages: list[Callable[[], None]] = []
        self._again = False  # something changed while a frame was under way
        self._last_start = 0.0  # when the last frame began
        self._last_text = 0.0
        self._text_status = ""
        #: per plot: the next run to draw after the selected one (many runs)
        self._run_turn: dict[str, int] = {}
        #: frames drawn so far (benchmarks/gui.py reports them a second)
        self.count = 0

    # --- timing ---------------------------------------------------------------------------
    def schedule(self) -> None:
        """Draw soon: at once when the last frame is old enough, else when it will be."""
        if not self._timer.isActive():
            # frames start every RENDER_INTERVAL_MS (or as soon as the last one ends)
            since = (time.perf_counter() - self._last_start) * 1000
            self._timer.start(max(0, int(RENDER_INTERVAL_MS - since)))

    def stop(self) -> None:
        """No more frames (the window closes)."""
        self._timer.stop()
        self._stage_timer.stop()
        self._stages = []

    @property
    def busy(self) -> bool:
        """A frame's stages are under way."""
        return bool(self._stages)

    def render_now(self) -> None:
        """A whole frame now, in this turn: plots, docks, readouts, step log."""
        self._stage_timer.stop()
        self._stages = []
        self._last_start = time.perf_counter()
        self._draw_plots(list(self.w.plots))
        self._draw_docks()
        if self._text_due():
            for part in TEXT_PARTS:
                self._draw_text(part)
        self._end_frame()

    def _tick(self) -> None:
        if self._stages:  # a frame is under way: another follows it
            self._again = True
            return
        self._last_start = time.perf_counter()
        plots = self.w.plots
        visible = [k for k, p in plots.items() if p.isVisible()]
        hidden = [k for k in plots if k not in visible]
        groups = [[k] for k in visible] or [[]]
        groups[0] = hidden + groups[0]  # hidden plots cost no paint: with the first
        stages: list[Callable[[], None]] = [partial(self._draw_stage, g) for g in groups]
        stages.append(self._draw_docks)
        if self._text_due():
            stages += [partial(self._draw_text, part) for part in TEXT_PARTS]
        stages.append(self._end_frame)
        self._stages = stages
        self._next_stage()

    def _next_stage(self) -> None:
        if self._stages:
            self._stages.pop(0)()
        if self._stages:
            self._stage_timer.start()

    # --- the stages -----------------------------------------------------------------------
    def _draw_stage(self, keys: list[str]) -> None:
        """Draw the plots ``keys`` and paint them in this turn: flushing a scene's
        queued updates paints its changed view now, not with the next stage's work."""
        self._draw_plots(keys)
        for key in keys:
            plot = self.w.plots[key]
            if plot.isVisible():
                scene = plot.scene()
                # what the view's paint would do first (its auto-range follows the new
                # data): done before the flush, it is painted with it, not in a second paint
                scene.prepareForPaint()
                QCoreApplication.sendPostedEvents(scene, QEvent.Type.MetaCall)

    def _draw_plots(self, keys: list[str]) -> None:
        """Every shown run on the plots ``keys``, as they stand now or at a scrubbed step."""
        w = self.w
        c = w.controller
        src = w.time_travel.source()  # the runs as they stood at a scrubbed step, or now
        plots = [(k, w.plots[k]) for k in keys]
        if src is c:
            for key, plot in plots:
                self._draw_runs(key, plot)
            return
        hidden = w.runs_dock.hidden  # scrubbed back: every shown run as it stood then
        for i, h in enumerate(src.histories):
            if i not in hidden:
                status = src.run_status(i)
                for _key, plot in plots:
                    plot.show_history(h, status, run=i)

    def _draw_runs(self, key: str, plot: Any) -> None:
        """Every shown run on ``plot``; while running, within :data:`RUNS_FRAME_BUDGET_S`
        (the selected run and at least one other, then the others in turn while the
        time lasts; the rest at the plot's next frame)."""
        c = self.w.controller
        hidden = self.w.runs_dock.hidden
        shown = [i for i in range(c.run_count) if i not in hidden]
        if not shown:
            return
        sel = c.selected_run
        others = [i for i in shown if i != sel]
        k = self._run_turn.get(key, 0) % len(others) if others else 0
        order = ([sel] if sel in shown else []) + others[k:] + others[:k]
        budget = c.status == RunState.RUNNING and len(order) > 1
        t0 = time.perf_counter()
        for n, i in enumerate(order):
            plot.show_history(c.histories[i], c.run_status(i), run=i)
            # at least one run besides the selected one a frame, so none is starved
            if (
                budget
                and n >= 1
                and n + 1 < len(order)
                and time.perf_counter() - t0 > RUNS_FRAME_BUDGET_S
            ):
                first = 1 if sel in shown else 0  # order[j] is others[k + j - first]
                self._run_turn[key] = (k + n + 1 - first) % max(len(others), 1)
                self._again = True  # the rest at the next frame
                return
        self._run_turn[key] = 0 if not others else k

    def _draw_docks(self) -> None:
        self.w.extras.on_render()
        self.w.time_travel.on_render()

    def _text_due(self) -> bool:
        """Text and the table cost more than they show at 60 Hz: ~15 times a second
        while running, and at once on any change of state."""
        status = self.w.controller.status
        return (
            status != RunState.RUNNING
            or status != self._text_status
            or time.perf_counter() - self._last_text >= TEXT_INTERVAL_S
        )

    def _draw_text(self, part: str) -> None:
        """One of :data:`TEXT_PARTS` from the runs as they stand (or at a scrubbed step)."""
        w = self.w
        src = w.time_travel.source()
        if part == "readouts":
            w.readouts.update_from(src)
            w.panels.update_from(src)
        elif part == "runs":
            w.runs_dock.update_readouts(src)
        else:
            w.step_log.sync()
            self._last_text, self._text_status = time.perf_counter(), w.controller.status

    def _end_frame(self) -> None:
        self.count += 1
        self.w.controller.frame_done()
        if self._again:
            self._again = False
            self.schedule()
