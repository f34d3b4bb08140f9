"""Time travel: step back, scrub the history, replay it, and branch off the past.

:class:`Scrubber` is the strip under the plots: a slider over the kept rows, Home and
End, a replay button with its speed, and "step k of n". :class:`TimeTravel` (one per
window, ``window.time_travel``) owns it, the Back actions (← one step, Shift+← one
epoch) and the scrubbed step:

* at step k every plot, readout, the Runs dock and the step log show every run of the
  race as it stood at step k: the window draws each run's
  :meth:`History.upto(k) <gdgui.core.history.History.upto>`, a prefix view of the
  controller's history (no copy); a run that stopped before k shows its end. The
  later rows are kept, not drawn, until the user scrubs forward again; End (or
  scrubbing to the last step of the longest run) goes live. The slider runs over the
  kept steps of the run that went furthest.
* Run or Step from a scrubbed step continues from there: the race branches at k
  (:meth:`Controller.branch_at_async
  <gdgui.ui.controller.Controller.branch_at_async>`, through the editor so that Undo
  brings the dropped histories back), and a hyperparameter edit of any run while
  scrubbed branches at k with the new settings (:meth:`gdgui.ui.editing.Editor.submit`).
  The engines are rebuilt at k off the GUI thread; the status bar says so meanwhile,
  and Run or Step go on when they are ready.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QToolButton,
    QWidget,
)

from ..core.history import History
from .actions import make_action

__all__ = ["REPLAY_SPEEDS", "AtStep", "Scrubber", "TimeTravel"]

#: the replay speeds offered, in steps per second
REPLAY_SPEEDS = (10, 30, 100, 300, 1000, 10000)
#: the replay's tick
REPLAY_INTERVAL_MS = 30


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files bare _tr() calls here


class Scrubber(QWidget):
    """The history slider with Home, End, replay and its speed, and "step k of n".

    It shows a history (:meth:`show_history`) and says where the user wants to be with
    :attr:`step_chosen` (a step of that history); it keeps no state of the run."""

    #: the user chose step k (the slider, Home, End or the replay)
    step_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scrubber")
        self._steps = np.zeros(1, dtype=np.int64)
        self._label_text = ""
        style = self.style()
        SP = QStyle.StandardPixmap
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)

        def button(icon: Any, text: str, tip: str, slot: Any) -> QToolButton:
            b = QToolButton(self)
            b.setIcon(style.standardIcon(icon))
            b.setText(text)
            b.setToolTip(tip)
            b.setAccessibleName(text)
            b.clicked.connect(slot)
            lay.addWidget(b)
            return b

        self.home_button = button(
            SP.SP_MediaSkipBackward,
            _tr("Home"),
            _tr("Go back to step 0 (the later steps are kept)"),
            self.go_home,
        )
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("historySlider")
        self.slider.setToolTip(
            _tr("Scrub through the run's history: the plots show the run as it stood at that step")
        )
        self.slider.setAccessibleName(_tr("History"))
        self.slider.setRange(0, 0)
        self.slider.valueChanged.connect(self._on_slider)
        lay.addWidget(self.slider, 1)
        self.end_button = button(
            SP.SP_MediaSkipForward, _tr("End"), _tr("Go to the latest step (live)"), self.go_end
        )
        self.play_button = button(
            SP.SP_MediaPlay,
            _tr("Replay"),
            _tr("Replay the history from here (from step 0 at the end)"),
            self.toggle_replay,
        )
        self.play_button.setCheckable(True)
        self.speed_box = QComboBox(self)
        for v in REPLAY_SPEEDS:
            self.speed_box.addItem(_tr("{0} steps/s").format(f"{v:,}"), v)
        self.speed_box.setCurrentIndex(REPLAY_SPEEDS.index(100))
        self.speed_box.setToolTip(_tr("How fast the replay goes, in steps per second"))
        self.speed_box.setAccessibleName(_tr("Replay speed"))
        lay.addWidget(self.speed_box)
        self.label = QLabel(self)
        self.label.setToolTip(_tr("The step shown, of the steps the run has taken"))
        self.label.setAccessibleName(_tr("Step shown"))
        lay.addWidget(self.label)
        self._timer = QTimer(self)
        self._timer.setInterval(REPLAY_INTERVAL_MS)
        self._timer.timeout.connect(self._replay_tick)
        self._replay_from = (0.0, 0)  # (clock, step) of the replay's start

    # --- what it shows ---------------------------------------------------------------------
    def show_history(self, history: History, at: int | None) -> None:
        """Show ``history`` with step ``at`` (None: its last step) selected."""
        steps = history.step
        self._steps = steps if len(steps) else np.zeros(1, dtype=np.int64)
        last = len(self._steps) - 1
        i = last if at is None else self.row_of(at)
        self.slider.blockSignals(True)
        if self.slider.maximum() != last:
            self.slider.setRange(0, last)
        if self.slider.value() != i:
            self.slider.setValue(i)
        self.slider.blockSignals(False)
        text = _tr("step {0} of {1}").format(
            f"{int(self._steps[i]):,}", f"{int(self._steps[last]):,}"
        )
        if text != self._label_text:
            self._label_text = text
            self.label.setText(text)

    def row_of(self, step: int) -> int:
        """The row of the last kept step at most ``step``."""
        i = int(np.searchsorted(self._steps, int(step), side="right")) - 1
        return max(0, min(i, len(self._steps) - 1))

    @property
    def shown_step(self) -> int:
        return int(self._steps[self.slider.value()])

    @property
    def last_step(self) -> int:
        return int(self._steps[-1])

    # --- the user's moves -------------------------------------------------------------------
    def _on_slider(self, i: int) -> None:
        self.step_chosen.emit(int(self._steps[i]))

    def go_home(self) -> None:
        self.stop_replay()
        self.step_chosen.emit(int(self._steps[0]))

    def go_end(self) -> None:
        self.stop_replay()
        self.step_chosen.emit(self.last_step)

    def toggle_replay(self) -> None:
        if self._timer.isActive():
            self.stop_replay()
            return
        start = self.shown_step
        if start >= self.last_step:  # at the end: replay from the start
            start = int(self._steps[0])
            self.step_chosen.emit(start)
        self._replay_from = (time.monotonic(), start)
        self.play_button.setChecked(True)
        self._timer.start()

    def stop_replay(self) -> None:
        self._timer.stop()
        self.play_button.setChecked(False)

    @property
    def replaying(self) -> bool:
        return self._timer.isActive()

    def replay_speed(self) -> int:
        return int(self.speed_box.currentData())

    def _replay_tick(self) -> None:
        t0, s0 = self._replay_from
        step = s0 + int((time.monotonic() - t0) * self.replay_speed())
        if step >= self.last_step:
            self.stop_replay()
            step = self.last_step
        self.step_chosen.emit(step)


class AtStep:
    """The controller as the views see it at a scrubbed step: its ``history`` (the
    selected run's) and ``histories`` are the prefix views, ``step_count`` and
    ``step_counts`` their last steps, ``status`` paused (ready at step 0); a run that
    stopped before that step shows its end. The rest is the controller's."""

    def __init__(self, controller: Any, histories: list[History], step: int):
        self._controller = controller
        self.histories = histories
        self._step = step
        self.history = histories[controller.selected_run]
        self.step_counts = [self._step_of(i) for i in range(len(histories))]
        self.step_count = self.step_counts[controller.selected_run]
        self.status = self.run_status(controller.selected_run)
        self.messages = [
            controller.messages[i] if self._at_end(i) else "" for i in range(len(histories))
        ]
        self.message = self.messages[controller.selected_run]

    def _at_end(self, i: int) -> bool:
        """Whether run ``i`` has not gone past the step (it shows as it is now)."""
        return int(self._controller.step_counts[i]) <= self._step

    def _step_of(self, i: int) -> int:
        if self._at_end(i):
            return int(self._controller.step_counts[i])
        h = self.histories[i]
        return int(h.step[-1]) if len(h) else 0

    def run_status(self, i: int) -> str:
        if self._at_end(i):
            return self._controller.run_status(i)
        return "paused" if self.step_counts[i] else "ready"

    def __getattr__(self, name: str) -> Any:
        return getattr(self._controller, name)


class TimeTravel(QObject):
    """The window's time travel (see the module docstring): the scrubber, the Back
    actions and the scrubbed :attr:`step` (None when live)."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.step: int | None = None
        self._views: list[History] | None = None
        self._view_key: tuple | None = None
        self._status_text = ""
        self.scrubber = Scrubber()
        self.scrubber.step_chosen.connect(self.scrub_to)
        icon = window.style().standardIcon
        SP = QStyle.StandardPixmap
        self.action_back = make_action(
            window,
            _tr("Step &back"),
            self.back,
            shortcut="Left",
            icon=icon(SP.SP_MediaSeekBackward),
            tip=_tr("Show the run one step earlier (the later steps are kept)"),
            name="actionStepBack",
        )
        self.action_back_epoch = make_action(
            window,
            _tr("Back one e&poch"),
            self.back_epoch,
            shortcut="Shift+Left",
            tip=_tr("Show the run at the start of this epoch (the previous one at its start)"),
            name="actionBackEpoch",
        )
        c = self.controller
        c.branched.connect(self._on_branched)
        c.rebuilding.connect(self._on_rebuilding)

    def actions(self) -> list[QAction]:
        return [self.action_back, self.action_back_epoch]

    # --- what the views draw ---------------------------------------------------------------
    def histories(self) -> list[History]:
        """Every run's history as the views draw it: the prefix views while scrubbed."""
        hs = self.controller.histories
        if self.step is None:
            return list(hs)
        key = (self.step, tuple((id(h), h.thinned, h._loss.shape[0], len(h)) for h in hs))
        if self._views is None or key != self._view_key:
            self._views, self._view_key = [h.upto(self.step) for h in hs], key
        return self._views

    def history(self) -> History:
        """The selected run's history as the views draw it."""
        return self.histories()[self.controller.selected_run]

    def source(self) -> Any:
        """The controller, or the controller as it stood at the scrubbed step."""
        if self.step is None:
            return self.controller
        return AtStep(self.controller, self.histories(), self.step)

    def timeline(self) -> History:
        """The history the scrubber runs over: that of the run that went furthest (the
        selected one among equals)."""
        c = self.controller
        best = c.history
        for h in c.histories:
            if len(h) and (not len(best) or int(h.step[-1]) > int(best.step[-1])):
                best = h
        return best

    def on_render(self) -> None:
        """Keep the scrubber in step with the history (the render tick calls this)."""
        self.scrubber.show_history(self.timeline(), self.step)

    def on_reset(self) -> None:
        """A new history: live again; the plots mark where the race branched, if it did."""
        self.scrubber.stop_replay()
        self.step = None
        self._views = None
        branch = self.controller.branch_step
        self.window.loss_plot.mark_branch(branch)
        self.window.trajectory_plot.mark_branch(branch)
        self.scrubber.show_history(self.timeline(), None)

    def _on_branched(self, step: int | None) -> None:
        self.window.loss_plot.mark_branch(step)
        self.window.trajectory_plot.mark_branch(step)

    def _on_rebuilding(self, text: str) -> None:
        """The status bar says what is being rebuilt (a long replay takes seconds)."""
        bar = self.window.statusBar()
        if text:
            self._status_text = text
            bar.showMessage(text)
        elif self._status_text and bar.currentMessage() == self._status_text:
            bar.clearMessage()
            self._status_text = ""

    # --- moving in time --------------------------------------------------------------------
    def scrub_to(self, step: int | None) -> None:
        """Show the race as it stood at ``step`` (None, or its last step: live)."""
        c = self.controller
        h = self.timeline()
        last = int(h.step[-1]) if len(h) else 0
        if step is not None and int(step) >= last:
            step = None
        if step is not None:
            c.pause()  # scrubbing back stops the race where it is
            step = max(int(h.step[0]), int(step))
        if step == self.step:
            return
        self.step = step
        self.window.step_log.set_history(self.history(), c.problem)
        self.scrubber.show_history(h, step)
        self.window.render_now()

    def current_step(self) -> int:
        if self.step is not None:
            return self.step
        h = self.timeline()
        return int(h.step[-1]) if len(h) else 0

    def back(self) -> None:
        """One kept step back (←)."""
        self.scrubber.stop_replay()
        h = self.timeline()
        i = int(np.searchsorted(h.step, self.current_step(), side="left"))
        if i > 0:
            self.scrub_to(int(h.step[i - 1]))

    def back_epoch(self) -> None:
        """To the start of this epoch, or of the previous one when at a start (Shift+←)."""
        self.scrubber.stop_replay()
        k = self.current_step()
        if k <= 0:
            return
        spe = max(1, int(self.controller.steps_per_epoch))
        self.scrub_to((k - 1) // spe * spe)

    # --- going on from the past -------------------------------------------------------------
    def branch(self, experiment: Any = None, text: str = "") -> bool:
        """Continue from the scrubbed step (undoably): see the module docstring. Returns
        whether it branched (the engines are rebuilt in the background)."""
        step = self.step
        if step is None:
            return False
        self.scrubber.stop_replay()
        self.window.editor.branch(step, experiment, text)
        return True

    def toggle(self) -> None:
        """Run/Pause; from a scrubbed step the run branches there first."""
        c = self.controller
        if self.step is not None and not c.playing:
            self.branch()
        c.toggle()

    def step_forward(self) -> None:
        """Step; from a scrubbed step the run branches there first."""
        if self.step is not None:
            self.branch()
        self.controller.step(1)

    def step_epoch(self) -> None:
        if self.step is not None:
            self.branch()
        self.controller.step_epoch()
