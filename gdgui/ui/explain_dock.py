"""The "Explain this step" dock: step k written out, live.

:class:`ExplainDock` shows :meth:`~gdgui.core.explain.StepExplanation.to_html` for one
step of the current run: the gradient (from the batch's points, or the partial
derivatives of f), then the optimizer's update term by term. The window calls
:meth:`ExplainDock.show_step` whenever the history grows; the dock recomputes at most
``1000 / THROTTLE_MS`` times a second (superqt's ``qthrottled``). While the user scrubs
the history (``window.time_travel``), the window gives it the history up to the
scrubbed step k and :meth:`ExplainDock.go_to_step` k, so it explains step k.

It never replays a run from the start on every refresh: it keeps the
:class:`~gdgui.core.explain.StepExplainer` (and so the engine run) it drove to step
k − 1 and advances it by the steps taken since, in slices of at most ``SLICE`` seconds
on the GUI thread ``RESUME_MS`` apart, so a long catch-up (opening the dock at step 10⁶)
never freezes the window (4 ms slices: with 20 ms ones the replay was what set the
window's 99th-percentile stall while a run streamed, docs/benchmarks.md). It replays
from the start only when the experiment changes or the step shown goes back. Cost (2
shared cores, loaded): replaying to step 10⁵ takes
0.45 s (tutorial 003) to 1.2 s (50 points, mini-batches of 8 with noise), in slices;
after that a refresh costs the steps taken since (3–16 µs each) plus 0.2 ms to explain
and 0.2 ms to render. While a run streams the replay trails it (one slice per refresh, 4 a
second: the plots keep the GUI thread) and the dock says so; it catches up when the
run pauses.

The replay uses the experiment as it is now. If hyperparameters changed mid-run, the
replayed θ_{k−1} differs from the history's row k − 1; the dock then says so above the
explanation.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qthrottled

from ..core.experiment import Experiment
from ..core.explain import StepError, StepExplainer, StepExplanation
from .core_text import core_text
from .theme import THEMES

__all__ = ["ExplainDock"]


class ExplainDock(QDockWidget):
    """Dock showing one step of the run written out; see the module docstring."""

    #: at most one recomputation per this many milliseconds while a run streams in
    THROTTLE_MS = 250
    #: longest stretch of replay on the GUI thread before the event loop runs again (s)
    SLICE = 0.004
    #: pause between replay slices (ms): a catch-up takes at most ~10 % of the GUI thread
    RESUME_MS = 35

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Explain this step"))
        self.setObjectName("explain_dock")
        self.setAccessibleName(self.tr("Explain this step"))
        self.setToolTip(
            self.tr(
                "One step written out: the gradient, then the optimizer's update, with every number"
            )
        )
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.step_label = QLabel(self.tr("Step"), body)
        self.step_spin = QSpinBox(body)
        self.step_spin.setRange(1, 1)
        self.step_spin.setAccessibleName(self.tr("Step to explain"))
        self.step_spin.setToolTip(self.tr("The step to explain: the update from θ(k−1) to θ(k)"))
        self.step_label.setBuddy(self.step_spin)
        self.follow = QCheckBox(self.tr("Follow the run"), body)
        self.follow.setChecked(True)
        self.follow.setAccessibleName(self.tr("Follow the run"))
        self.follow.setToolTip(self.tr("Always explain the newest step while the run goes on"))
        row.addWidget(self.step_label)
        row.addWidget(self.step_spin)
        row.addWidget(self.follow)
        row.addStretch(1)
        layout.addLayout(row)
        self.view = QTextBrowser(body)
        self.view.setOpenLinks(False)
        self.view.setAccessibleName(self.tr("Step explanation"))
        self.view.setToolTip(
            self.tr(
                "The gradient and the optimizer's update for this step; "
                "numbers with 6 significant digits"
            )
        )
        layout.addWidget(self.view, 1)
        self.setWidget(body)

        self._theme = "dark"
        self._base_pt = self.view.font().pointSizeF()
        self._scale = 1.0
        self._experiment: Experiment | None = None
        self._history: Any = None
        self._newest = 0
        self._explainer: StepExplainer | None = None
        self._spec: dict[str, Any] | None = None
        self._explanation: StepExplanation | None = None
        self._message = ""
        #: how many times the explanation was recomputed (for tests and benchmarks)
        self.renders = 0
        #: while the run streams (:meth:`set_running`) the replay takes one slice per
        #: throttled refresh (4 a second) instead of one every ``RESUME_MS``
        self.running = False
        self._throttled = qthrottled(
            self._refresh, timeout=self.THROTTLE_MS, leading=True, parent=self
        )
        self._resume = QTimer(self)
        self._resume.setSingleShot(True)
        self._resume.setInterval(self.RESUME_MS)
        self._resume.timeout.connect(self._refresh)
        self.step_spin.valueChanged.connect(self._step_picked)
        self.follow.toggled.connect(lambda on: on and self._throttled())
        self.set_theme("dark")
        self._show_message(self.tr("No step yet: press Step or Run to take the first one."))

    # --- public ----------------------------------------------------------------------------
    @property
    def explanation(self) -> StepExplanation | None:
        """The explanation shown (None while there is none)."""
        return self._explanation

    def show_step(self, experiment: Experiment, history: Any = None, k: int | None = None) -> None:
        """Explain step ``k`` of ``experiment``'s run (throttled). ``history`` (a
        :class:`~gdgui.core.runner.History`, optional) gives the newest step, followed when
        ``k`` is None and "Follow the run" is on, and is used to check the replay."""
        self._experiment, self._history = experiment, history
        # the newest step (a bounded history's row count is not its step count)
        self._newest = int(history.step[-1]) if history is not None and len(history) else 0
        if k is not None:
            self.follow.setChecked(False)
        self.step_spin.blockSignals(True)
        self.step_spin.setMaximum(max(1, self._newest, k or 1))
        if k is not None or self.follow.isChecked():
            self.step_spin.setValue(k if k is not None else max(self._newest, 1))
        self.step_spin.blockSignals(False)
        self._throttled()

    def set_running(self, running: bool) -> None:
        """Whether the run is streaming: the replay then trails it at one slice per
        refresh, leaving the GUI thread to the plots; when it stops, it catches up."""
        running = bool(running)
        if running == self.running:
            return
        self.running = running
        if not running:
            self._throttled()

    def go_to_step(self, k: int) -> None:
        """Explain step ``k`` (of the history last given) without changing "Follow the
        run": the history scrubber picked it."""
        self.step_spin.blockSignals(True)
        self.step_spin.setMaximum(max(1, self._newest, int(k)))
        self.step_spin.setValue(int(k))
        self.step_spin.blockSignals(False)
        self._throttled()

    def flush(self) -> None:
        """Compute now, catching up however long it takes (tests, exports)."""
        self._throttled.cancel()
        while self._refresh(max_seconds=None) is False:
            pass

    def set_theme(self, theme: str) -> None:
        """ "dark" or "light" (the window's theme)."""
        self._theme = theme if theme in THEMES else "dark"
        t = THEMES[self._theme]
        self.view.setStyleSheet(
            f"QTextBrowser {{ background: {t['base']}; color: {t['foreground']}; }}"
        )
        self._render()

    def set_font_scale(self, scale: float) -> None:
        """Scale the explanation's font (presentation mode); 1 is the normal size."""
        self._scale = max(0.25, float(scale))
        font = self.view.font()
        font.setPointSizeF(self._base_pt * self._scale)
        self.view.setFont(font)
        self.view.document().setDefaultFont(font)
        self._render()

    def font_scale(self) -> float:
        return self._scale

    # --- internals ---------------------------------------------------------------------------
    def _step_picked(self, _value: int) -> None:
        if self.step_spin.value() != self._newest:
            self.follow.setChecked(False)
        self._throttled()

    def _refresh(self, max_seconds: float | None = SLICE) -> bool:
        """Recompute; False when the replay needs another slice (already scheduled when
        ``max_seconds`` is set)."""
        exp = self._experiment
        if exp is None:
            return True
        k = self.step_spin.value()
        if self._newest < 1 and self._history is not None:
            self._explanation = None
            self._show_message(self.tr("No step yet: press Step or Run to take the first one."))
            return True
        spec = exp.to_dict()
        if self._explainer is None or spec != self._spec:
            self._explainer, self._spec = StepExplainer(exp), spec
        if not self._explainer.prepare(k, max_seconds=max_seconds):
            self._show_message(
                self.tr("Replaying the run: step {0} of {1}…").format(
                    f"{self._explainer.run.step_count:,}", f"{k - 1:,}"
                )
            )
            if max_seconds is not None and not self.running:
                self._resume.start()  # while a run streams, one slice per throttled refresh
            return False
        self.renders += 1
        try:
            self._explanation = self._explainer.explain(k)
        except StepError as e:
            self._explanation = None
            self._show_message(self.tr("Cannot explain step {0}: {1}").format(k, core_text(e)))
            return True
        self._message = ""
        self._render()
        return True

    def _replay_differs(self, e: StepExplanation) -> bool:
        h = self._history
        if h is None or not len(h):
            return False
        steps = h.step  # rows are found by step: a thinned history keeps only some
        i = int(np.searchsorted(steps, e.step - 1))
        if i >= len(steps) or int(steps[i]) != e.step - 1:
            return False  # that row was thinned away (or not taken yet): nothing to compare
        return h.params[i].tolist() != [e.params_before[n] for n in e.param_names]

    def _show_message(self, text: str) -> None:
        self._message = text
        self._render()

    def _render(self) -> None:
        t = THEMES[self._theme]
        colors = {"foreground": t["foreground"], "muted": t["muted"], "accent": t["link"]}
        if self._message or self._explanation is None:
            self.view.setHtml(f'<p style="color:{t["muted"]}">{_escape(self._message)}</p>')
            return
        note = ""
        if self._replay_differs(self._explanation):
            note = (
                f'<p style="color:{t["link"]}">'
                + _escape(
                    self.tr(
                        "The settings changed during this run: this is a replay with the current "
                        "settings, and its θ(k−1) differs from the run's."
                    )
                )
                + "</p>"
            )
        self.view.setHtml(note + self._explanation.to_html(colors, tr=self.tr))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
